"""Sessions end after 30 minutes without a request: a request renews the age, at most once a minute."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THIRTY_MINUTES = 30 * 60


@pytest.fixture
def person():
    return UserFactory(username="session-person")


@pytest.fixture
def signed_in(client, person, password):
    response = client.post(reverse("login"), {"username": person.username, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    return client


def _session_row(client):
    return Session.objects.get(session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value)


def _seconds_left(row):
    return (row.expire_date - timezone.now()).total_seconds()


def test_sessions_are_stored_in_the_database(settings):
    # The expiry tests below move rows of this store: the database store, knowing when a session expires.
    assert settings.SESSION_ENGINE == "members.sessions"
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_session_lasts_30_minutes(signed_in):
    assert signed_in.session.get_expiry_age() == pytest.approx(THIRTY_MINUTES, abs=5)
    assert _seconds_left(_session_row(signed_in)) == pytest.approx(THIRTY_MINUTES, abs=5)


def test_session_cookie_max_age_is_30_minutes(client, person, password):
    response = client.post(reverse("login"), {"username": person.username, "password": password})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == THIRTY_MINUTES
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_every_request_renews_the_session(signed_in):
    # Pretend the official has been idle for 29 minutes: one minute left.
    Session.objects.filter(pk=_session_row(signed_in).pk).update(expire_date=timezone.now() + timedelta(minutes=1))

    response = signed_in.get(reverse("dashboard"))

    assert response.status_code == 200
    assert int(response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"]) == THIRTY_MINUTES
    assert _seconds_left(_session_row(signed_in)) == pytest.approx(THIRTY_MINUTES, abs=5)


def _session_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    statements = [query["sql"] for query in queries]
    writes = [sql for sql in statements if sql.startswith("UPDATE") and "django_session" in sql]
    return response, writes


def test_a_session_renewed_within_the_minute_is_not_written_again(signed_in):
    # Signing in has just written the session: the next request has nothing to renew.
    response, writes = _session_writes(signed_in, reverse("dashboard"))

    assert writes == []
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert _seconds_left(_session_row(signed_in)) == pytest.approx(THIRTY_MINUTES, abs=5)


def test_a_session_last_renewed_over_a_minute_ago_is_renewed(signed_in):
    # 90 seconds since the last request: the next one renews the row and the cookie.
    Session.objects.filter(pk=_session_row(signed_in).pk).update(
        expire_date=timezone.now() + timedelta(seconds=THIRTY_MINUTES - 90)
    )

    response, writes = _session_writes(signed_in, reverse("dashboard"))

    assert len(writes) == 1
    assert int(response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"]) == THIRTY_MINUTES
    assert _seconds_left(_session_row(signed_in)) == pytest.approx(THIRTY_MINUTES, abs=5)


def test_a_session_seen_within_the_minute_keeps_its_expiry(signed_in):
    # 30 seconds since the last renewal: not yet due, the stored expiry stays where it was.
    expiry = timezone.now() + timedelta(seconds=THIRTY_MINUTES - 30)
    Session.objects.filter(pk=_session_row(signed_in).pk).update(expire_date=expiry)

    _response, writes = _session_writes(signed_in, reverse("dashboard"))

    assert writes == []
    assert _session_row(signed_in).expire_date == expiry


def test_idle_session_is_signed_out(signed_in):
    assert signed_in.get(reverse("dashboard")).status_code == 200
    # 31 minutes without a request: the stored session has expired.
    Session.objects.filter(pk=_session_row(signed_in).pk).update(expire_date=timezone.now() - timedelta(minutes=1))

    response = signed_in.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('dashboard')}"
    assert not response.wsgi_request.user.is_authenticated


def test_session_with_expiry_in_the_past_is_signed_out(signed_in):
    session = signed_in.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()

    response = signed_in.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Background requests and the absolute lifetime. Time passes by moving what the session stored back: its
# expiry in the database, and when its person signed in.


def _move_sign_in_back(client, seconds):
    from members.sessions import SIGNED_IN_AT

    session = client.session
    session[SIGNED_IN_AT] -= seconds
    session.save()


def test_signing_in_notes_when_in_the_session(signed_in):
    import time

    from members.sessions import SIGNED_IN_AT

    assert signed_in.session[SIGNED_IN_AT] == pytest.approx(time.time(), abs=5)


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(signed_in, settings):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
    # Eleven hours and 59 minutes of work: still signed in.
    _move_sign_in_back(signed_in, 12 * 60 * 60 - 60)
    assert signed_in.get(reverse("dashboard")).status_code == 200
    # Past twelve hours: signed out at the next request, the session gone from the store.
    key = signed_in.cookies[django_settings.SESSION_COOKIE_NAME].value
    _move_sign_in_back(signed_in, 120)
    response = signed_in.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('dashboard')}"
    assert not Session.objects.filter(session_key=key).exists()


def _editor_world():
    from tests.workplan.builders import Drafting

    return Drafting()


def test_the_editors_heartbeat_does_not_keep_an_idle_session_alive(client, password):
    drafting = _editor_world()
    response = client.post(reverse("login"), {"username": drafting.staff.username, "password": password})
    assert response.status_code == 302
    # 29 minutes without the person: one minute left. The heartbeat goes on, and renews nothing.
    row = _session_row(client)
    expiry = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(pk=row.pk).update(expire_date=expiry)
    heartbeat = client.post(reverse("workplan:section-presence", args=[drafting.section.pk]))
    assert heartbeat.status_code == 204
    assert django_settings.SESSION_COOKIE_NAME not in heartbeat.cookies
    assert _session_row(client).expire_date == expiry
    # A minute later the session has ended: the heartbeat and the editor ask to sign in again.
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.post(reverse("workplan:section-presence", args=[drafting.section.pk])).status_code in (302, 403)
    edit = client.get(reverse("workplan:section-edit", args=[drafting.section.pk]))
    assert edit.status_code == 302 and edit["Location"].startswith(reverse("login"))


def test_typing_in_the_editor_keeps_the_session_alive(client, password):
    drafting = _editor_world()
    client.post(reverse("login"), {"username": drafting.staff.username, "password": password})
    row = _session_row(client)
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    # The person types: the editor keeps the text on the server, and that is the person at work.
    from tests.workplan.builders import form_data

    kept = client.post(reverse("workplan:section-autosave", args=[drafting.section.pk]), form_data(drafting))
    assert kept.status_code == 200
    assert _seconds_left(_session_row(client)) == pytest.approx(THIRTY_MINUTES, abs=5)
