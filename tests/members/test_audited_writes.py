"""A write about an account commits with its audit event or not at all: API tokens, signing in.

Each test makes the audit append fail, as a database refusing the insert
would, and checks that the write it records was undone with it. Were the
write committed before its event, it would survive here (the failed event's
savepoint is inside the test's transaction, the write outside it).
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit import services as audit
from audit.models import AuditEvent
from members import tokens
from members.models import ApiToken, UserSession
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(username="t-person")


def refuse(**kwargs):
    raise DatabaseError("the audit log refused the event")


@pytest.fixture
def audit_fails(monkeypatch):
    """Make every audit append fail."""
    monkeypatch.setattr(audit, "record", refuse)


def sessions_of(user):
    return [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def test_a_token_is_not_created_without_its_audit_event(person, audit_fails):
    with pytest.raises(DatabaseError):
        tokens.token_create(user=person, name="script")
    assert not ApiToken.objects.exists()


def test_no_token_from_the_api_or_the_page_without_its_audit_event(person, monkeypatch):
    client = Client()
    client.force_login(person)
    monkeypatch.setattr(audit, "record", refuse)
    with pytest.raises(DatabaseError):
        APIClient().post("/api/v1/auth/token/", {"username": person.username, "password": PASSWORD}, format="json")
    with pytest.raises(DatabaseError):
        client.post(reverse("tokens"), {"name": "dashboard"})
    assert not ApiToken.objects.exists()


def test_a_token_stays_valid_if_its_revocation_cannot_be_recorded(person, monkeypatch):
    token, key = tokens.token_create(user=person, name="script")
    client = Client()
    client.force_login(person)
    monkeypatch.setattr(audit, "record", refuse)
    with pytest.raises(DatabaseError):
        tokens.token_revoke(token=ApiToken.objects.get(pk=token.pk), actor=person)
    with pytest.raises(DatabaseError):
        client.post(reverse("tokens"), {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is None
    monkeypatch.undo()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/drafts/").status_code == 200


def test_a_token_revoked_twice_is_recorded_once(person):
    token, _key = tokens.token_create(user=person, name="script")
    tokens.token_revoke(token=token, actor=person)
    tokens.token_revoke(token=ApiToken.objects.get(pk=token.pk), actor=person)
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1


def test_a_sign_in_that_cannot_be_recorded_leaves_nothing_behind(person, audit_fails):
    client = Client()
    with pytest.raises(DatabaseError):
        client.post(reverse("login"), {"username": person.username, "password": PASSWORD})
    person.refresh_from_db()
    assert person.last_login is None
    assert not UserSession.objects.filter(user=person).exists()
    assert sessions_of(person) == []
