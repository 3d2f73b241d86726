"""An API token is refused whenever the sign-in form would refuse its account: demo, deactivated, locked out."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from members import tokens
from members.models import ApiToken
from tests.factories import UserFactory
from tests.members.test_lockout import WRONG, _move_clock_back

pytestmark = pytest.mark.django_db

URL = "/api/v1/drafts/"


def _with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def _assert_refused(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401
    assert body["detail"] == "This token is not valid: it was revoked, or its account is closed."
    assert response["WWW-Authenticate"] == "Token"


def test_a_demo_accounts_token_made_under_debug_stops_working_without_debug(settings):
    settings.DEBUG = True
    demo = UserFactory(username="token-demo", is_demo=True)
    _, key = tokens.token_create(user=demo, name="made while DEBUG was on")
    assert _with_token(key).get(URL).status_code == 200

    settings.DEBUG = False

    _assert_refused(_with_token(key).get(URL))


def test_an_ordinary_accounts_token_works_without_debug():
    _, key = tokens.token_create(user=UserFactory(username="token-ordinary"), name="script")
    assert _with_token(key).get(URL).status_code == 200


def test_a_deactivated_accounts_token_is_refused():
    person = UserFactory(username="token-leaver")
    _, key = tokens.token_create(user=person, name="script")
    type(person).objects.filter(pk=person.pk).update(is_active=False)

    _assert_refused(_with_token(key).get(URL))


def test_a_locked_out_accounts_token_is_refused_until_the_lock_ends(client):
    person = UserFactory(username="token-locked")
    _, key = tokens.token_create(user=person, name="script")
    assert _with_token(key).get(URL).status_code == 200

    for _ in range(5):
        client.post(reverse("login"), {"username": person.username, "password": WRONG})

    _assert_refused(_with_token(key).get(URL))
    _move_clock_back(16)
    assert _with_token(key).get(URL).status_code == 200


def test_another_accounts_lock_does_not_refuse_a_token(client):
    _, key = tokens.token_create(user=UserFactory(username="token-fine"), name="script")
    for _ in range(5):
        client.post(reverse("login"), {"username": "token-someone-else", "password": WRONG})

    assert _with_token(key).get(URL).status_code == 200


# Tokens expire.


def test_a_token_works_for_api_token_days_then_says_it_expired(settings):
    assert settings.API_TOKEN_DAYS == 90
    person = UserFactory(username="expiring")
    token, key = tokens.token_create(user=person, name="expiring")
    assert token.expires_at - token.created_at == pytest.approx(timedelta(days=90), abs=timedelta(seconds=5))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/api/v1/drafts/").status_code == 200
    # Ninety days later.
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    refused = client.get("/api/v1/drafts/")
    assert refused.status_code == 401
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "expired" in refused.json()["detail"]


def test_the_tokens_page_shows_when_each_token_stops_working(client):

    person = UserFactory(username="token-page")
    tokens.token_create(user=person, name="fresh")
    old, _key = tokens.token_create(user=person, name="old")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(person)
    page = client.get(reverse("tokens"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Works until" in page
    assert page.count("(expired)") == 1
