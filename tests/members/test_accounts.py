"""A person's password: changed by its owner, or reset by a one-time link e-mailed through the outbox."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from members import accounts
from notifications import delivery
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "river-lotus-kampot-42"


@pytest.fixture
def person():
    return UserFactory(username="reset-person", email="sokha@example.org", language="en")


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _deliver_all():
    while delivery.deliver_one():
        pass


# Changing one's password.


def test_the_dashboard_links_to_changing_the_password(client, person):
    client.force_login(person)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("password_change")}"' in page and f'href="{reverse("tokens")}"' in page


def test_a_common_password_is_refused_with_the_reason(client, person, password):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "password1234", "new_password2": "password1234"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not AuditEvent.objects.filter(action="account.password_change").exists()


def test_a_wrong_current_password_is_refused(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it-at-all", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]


def test_changing_the_password_is_audited_and_e_mailed_to_the_owner(client, person, password):
    assert _sign_in(client, person.username, password).status_code == 302
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    # Still signed in here, with the new password from now on.
    assert client.get(reverse("dashboard")).status_code == 200
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="account.password_change")
    assert event.actor == person and event.object_id == str(person.pk)
    assert Notification.objects.filter(recipient=person, kind=accounts.PASSWORD_CHANGED).count() == 1
    _deliver_all()
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert "password of your account was changed" in mail.outbox[0].body


# Resetting a forgotten password.


def test_the_sign_in_page_offers_a_reset(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("password_reset")}"' in page


def test_a_reset_link_arrives_through_the_outbox_and_works_once(client, person, password):
    other_session = client.__class__()
    assert _sign_in(other_session, person.username, password).status_code == 302

    asked = client.post(reverse("password_reset"), {"email": "sokha@example.org"})
    assert asked.status_code == 302 and asked["Location"] == reverse("password_reset_done")
    # The outbox row holds no link: the link is made when the e-mail is built.
    row = Notification.objects.get(recipient=person, kind=accounts.PASSWORD_RESET)
    assert row.subject_type == "" and row.dedupe_key == ""
    assert mail.outbox == []
    _deliver_all()
    (message,) = mail.outbox
    assert message.to == [person.email]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # Audited, told to the owner, and every other session ended.
    assert AuditEvent.objects.filter(action="account.password_reset", actor=person).count() == 1
    assert Notification.objects.filter(recipient=person, kind=accounts.PASSWORD_CHANGED).count() == 1
    other_key = other_session.cookies["sessionid"].value
    assert not Session.objects.filter(session_key=other_key).exists()
    assert other_session.get(reverse("dashboard")).status_code == 302
    # The same link does not work twice.
    again = client.get(path, follow=True)
    assert again.status_code == 200 and not again.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, person):
    known = client.post(reverse("password_reset"), {"email": "sokha@example.org"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", known.content) == token.sub(b"", unknown.content)
    assert Notification.objects.filter(kind=accounts.PASSWORD_RESET).count() == 1
    # Both asks are audited alike, without the address.
    events = AuditEvent.objects.filter(action="account.password_reset_request").order_by("id")
    assert [event.details for event in events] == [{"accounts": 1}, {"accounts": 0}]
    assert "example.org" not in str([event.details for event in events])


def test_a_link_older_than_an_hour_no_longer_works(client, person, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    client.post(reverse("password_reset"), {"email": "sokha@example.org"})
    _deliver_all()
    link = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", mail.outbox[0].body).group(0)
    settings.PASSWORD_RESET_TIMEOUT = -1  # the hour has passed
    page = client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert not page.context["validlink"]
    assert "does not work any more" in page.content.decode()


def test_the_reset_pages_and_e_mail_speak_khmer(client, person):
    person.language = "km"
    person.save(update_fields=["language"])
    page = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "Forgotten your password?" not in page
    client.post(reverse("password_reset"), {"email": "sokha@example.org"})
    _deliver_all()
    assert "Someone asked" not in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_the_password_forms_and_their_errors_speak_khmer(client, person, password):
    # Django has no Khmer for its password forms and validators: the portal gives it (members/django_strings.py).
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "password1234", "new_password2": "password1234"},
        HTTP_ACCEPT_LANGUAGE="km",
    )
    page = response.content.decode()
    for english in ("Old password", "This password is too common", "entered incorrectly", "commonly used password"):
        assert english not in page
    assert "ពាក្យសម្ងាត់ចាស់" in page and "ពាក្យសម្ងាត់នេះត្រូវបានប្រើជាទូទៅពេក" in page
