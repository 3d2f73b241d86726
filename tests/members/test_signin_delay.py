"""Wrong sign-ins counted per address: past the free ones, one attempt per delay, never a ban."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from rest_framework import throttling
from rest_framework.test import APIClient

from members import signin_delay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "10.20.30.40"


def _attempt(client, username, password, address=OFFICE, language="en"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _free_the_slot(address=OFFICE):
    # The delay has passed.
    cache.delete(f"signin-address-slot:{address}")


def test_the_delay_doubles_past_the_free_failures_and_stops_at_a_minute(settings):
    assert (settings.SIGNIN_ADDRESS_FREE, settings.SIGNIN_ADDRESS_MAX_DELAY) == (10, 60)
    assert [signin_delay.delay(n) for n in (0, 9, 10, 11, 12, 15, 16, 40)] == [0, 0, 1, 2, 4, 32, 60, 60]


def test_guessing_many_accounts_from_one_address_is_slowed_before_any_password_is_checked(client, password):
    person = UserFactory(username="office-worker")
    for n in range(10):
        response = _attempt(client, f"guess-{n}", "wrong-password")
        assert "Wait" not in response.content.decode()
    # The eleventh takes the address's slot; the twelfth, at once, is refused without a password check.
    _attempt(client, "guess-10", "wrong-password")
    attempts = AccessAttempt.objects.count()
    refused = _attempt(client, person.username, password)
    assert refused.status_code == 200
    assert "Too many wrong sign-ins have come from your network. Wait 2 seconds" in refused.content.decode()
    assert not refused.wsgi_request.user.is_authenticated
    # Not counted against the account it named: django-axes saw no attempt.
    assert AccessAttempt.objects.count() == attempts
    # Once the delay has passed, the person who knows their password gets in.
    _free_the_slot()
    assert _attempt(client, person.username, password).status_code == 302


def test_another_address_is_not_slowed(client, password):
    person = UserFactory(username="elsewhere")
    for n in range(12):
        _attempt(client, f"guess-{n}", "wrong-password")
    assert _attempt(client, person.username, password, address="10.99.0.1").status_code == 302


def test_the_refusal_speaks_khmer(client):
    for n in range(12):
        _attempt(client, f"guess-{n}", "wrong-password")
    page = _attempt(client, "someone", "wrong-password", language="km").content.decode()
    assert "Too many wrong sign-ins" not in page
    assert "រង់ចាំ" in page


def test_the_token_endpoint_answers_429_with_retry_after(password, monkeypatch):
    # Its own limit per address (API_TOKEN_RATE, ten a minute) set aside, to meet the delay alone.
    monkeypatch.setattr(throttling.SimpleRateThrottle, "THROTTLE_RATES", {"token": "1000/minute"})
    person = UserFactory(username="script-owner")
    api = APIClient(REMOTE_ADDR=OFFICE)
    for n in range(11):
        api.post("/api/v1/auth/token/", {"username": f"guess-{n}", "password": "wrong"}, format="json")
    refused = api.post("/api/v1/auth/token/", {"username": person.username, "password": password}, format="json")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert int(refused["Retry-After"]) == 2
    _free_the_slot()
    made = api.post("/api/v1/auth/token/", {"username": person.username, "password": password}, format="json")
    assert made.status_code == 201


def test_the_admin_sign_in_is_slowed_too(client):
    for n in range(12):
        client.post(reverse("admin:login"), {"username": f"guess-{n}", "password": "wrong"}, REMOTE_ADDR=OFFICE)
    page = client.post(
        reverse("admin:login"), {"username": "x", "password": "y"}, REMOTE_ADDR=OFFICE, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Too many wrong sign-ins have come from your network" in page.content.decode()
