"""Sign-in and sign-out, django-axes' lockout, the trusted client address, and demo accounts."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.db.models import F
from django.urls import reverse

from core.net import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not the right password at all"
LOCKED_TEMPLATE = "registration/locked_out.html"


@pytest.fixture
def person():
    return UserFactory(username="lockout-person")


@pytest.fixture
def other_person():
    return UserFactory(username="lockout-other")


def _sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _assert_signed_in(response):
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert response.wsgi_request.user.is_authenticated


def _assert_refused(response):
    """The sign-in form again, with an error: a wrong password, not a lockout."""
    assert response.status_code == 200
    assert "registration/login.html" in [template.name for template in response.templates]
    assert response.context["form"].non_field_errors()
    assert not response.wsgi_request.user.is_authenticated


def _assert_locked_out(response):
    assert response.status_code == 429
    assert LOCKED_TEMPLATE in [template.name for template in response.templates]
    assert 'role="alert"' in response.text
    assert not response.wsgi_request.user.is_authenticated


def _move_clock_back(minutes):
    """Make every recorded attempt look `minutes` older."""
    shift = timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - shift)
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - shift)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - shift)


def _fail(client, person, times, **extra):
    for _ in range(times):
        _assert_refused(_sign_in(client, person.username, WRONG, **extra))


# --- Sign-in and sign-out pages -----------------------------------------------


def test_sign_in_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text
    assert "csrfmiddlewaretoken" in response.text


def test_right_password_goes_to_the_dashboard(client, person, password):
    _assert_signed_in(_sign_in(client, person.username, password))
    assert client.get(reverse("dashboard")).status_code == 200


def test_signed_in_user_is_sent_on_from_the_sign_in_page(client, person):
    client.force_login(person)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_wrong_password_is_refused(client, person):
    _assert_refused(_sign_in(client, person.username, WRONG))
    assert client.get(reverse("dashboard")).status_code == 302


def test_sign_out_is_post_only(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("dashboard")).status_code == 200  # still signed in

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("dashboard")).status_code == 302


# --- Lockout ---------------------------------------------------------------------


def test_lockout_settings(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_four_failures_do_not_lock(client, person, password):
    _fail(client, person, 4)
    _assert_signed_in(_sign_in(client, person.username, password))


def test_five_failures_lock_even_the_right_password(client, person, password):
    _fail(client, person, 4)
    _assert_locked_out(_sign_in(client, person.username, WRONG))  # the fifth failure locks

    response = _sign_in(client, person.username, password)

    _assert_locked_out(response)
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize("proxy_count", [0, 1])
def test_rotating_and_forged_addresses_do_not_help(client, settings, person, password, proxy_count):
    settings.TRUSTED_PROXY_COUNT = proxy_count
    for attempt in range(5):
        response = _sign_in(
            client,
            person.username,
            WRONG,
            REMOTE_ADDR=f"198.51.100.{attempt + 1}",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt + 1}, 203.0.113.{attempt + 1}",
        )
        if attempt < 4:
            _assert_refused(response)
        else:
            _assert_locked_out(response)

    response = _sign_in(
        client,
        person.username,
        password,
        REMOTE_ADDR="192.0.2.200",
        HTTP_X_FORWARDED_FOR="192.0.2.201, 192.0.2.202",
    )

    _assert_locked_out(response)
    # Five different addresses were recorded, as core.net.client_ip saw them; the lock is on the account.
    expected = {f"198.51.100.{n}" for n in range(1, 6)} if proxy_count == 0 else {f"203.0.113.{n}" for n in range(1, 6)}
    assert expected <= set(AccessAttempt.objects.filter(username=person.username).values_list("ip_address", flat=True))


def test_another_account_is_not_locked(client, person, other_person, password):
    _fail(client, person, 4)
    _assert_locked_out(_sign_in(client, person.username, WRONG))

    _assert_signed_in(_sign_in(client, other_person.username, password))


def test_lock_holds_for_15_minutes(client, person, password):
    _fail(client, person, 4)
    _assert_locked_out(_sign_in(client, person.username, WRONG))

    _move_clock_back(14)

    _assert_locked_out(_sign_in(client, person.username, password))


def test_lock_ends_after_15_minutes(client, person, password):
    _fail(client, person, 4)
    _assert_locked_out(_sign_in(client, person.username, WRONG))

    _move_clock_back(16)

    _assert_signed_in(_sign_in(client, person.username, password))


def test_failures_older_than_15_minutes_do_not_count(client, person, password):
    _fail(client, person, 4)
    _move_clock_back(16)
    _fail(client, person, 4)  # the fifth, sixth... would lock only if the old failures still counted

    _assert_signed_in(_sign_in(client, person.username, password))


def test_a_success_resets_the_count(client, person, password):
    _fail(client, person, 4)
    _assert_signed_in(_sign_in(client, person.username, password))
    assert not AccessAttempt.objects.filter(username=person.username).exists()
    client.logout()

    _fail(client, person, 4)  # eight failures in all, but never five in a row

    _assert_signed_in(_sign_in(client, person.username, password))


# --- The client's address ---------------------------------------------------------


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.7"


def test_client_ip_takes_the_right_most_entry_behind_one_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_behind_two_proxies(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", " , "])
def test_client_ip_falls_back_to_the_peer_when_the_header_is_short(rf, settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", **extra)
    assert client_ip(request) == "10.0.0.2"


def test_client_ip_is_what_axes_uses(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.net.client_ip"


# --- Demo accounts -------------------------------------------------------------------


@pytest.fixture
def demo():
    return UserFactory(username="demo-person", is_demo=True)


def test_debug_is_off_in_tests(settings):
    assert settings.DEBUG is False


def test_demo_account_cannot_sign_in_without_debug(client, demo, password):
    _assert_refused(_sign_in(client, demo.username, password))


def test_demo_account_signs_in_with_debug(client, settings, demo, password):
    settings.DEBUG = True
    _assert_signed_in(_sign_in(client, demo.username, password))


def test_demo_session_stops_working_without_debug(client, settings, demo):
    settings.DEBUG = True
    client.force_login(demo)
    assert client.get(reverse("dashboard")).status_code == 200

    settings.DEBUG = False
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not response.wsgi_request.user.is_authenticated


def test_ordinary_session_keeps_working_without_debug(client, person):
    client.force_login(person)
    assert client.get(reverse("dashboard")).status_code == 200
