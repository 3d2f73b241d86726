"""Sign-ins, failed sign-ins (never the password) and sign-outs through the real sign-in form."""

import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

WRONG = "a wrong password, surely not stored"


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="192.0.2.10")


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def as_text(event):
    """Every stored value of an event, as one string."""
    values = AuditEvent.objects.filter(pk=event.pk).values().get()
    return json.dumps(values, default=str, ensure_ascii=False)


def test_a_sign_in_is_recorded(client, staff, password):
    response = sign_in(client, staff.username, password)

    assert response.status_code == 302
    (event,) = events("auth.login")
    assert (event.actor, event.actor_label, event.outcome) == (staff, "t-staff", AuditEvent.Outcome.OK)
    assert (event.object_type, event.object_id) == ("members.user", str(staff.pk))
    assert event.address == "192.0.2.10"
    assert password not in as_text(event)


def test_a_failed_sign_in_is_recorded_with_the_username_and_never_the_password(client, staff):
    response = sign_in(client, staff.username, WRONG)

    assert response.status_code == 200
    assert not events("auth.login")
    (event,) = events("auth.login_failed")
    assert event.actor is None
    assert event.outcome == AuditEvent.Outcome.FAILED
    assert event.details == {"username": "t-staff", "locked_out": False}
    assert event.address == "192.0.2.10"
    assert WRONG not in as_text(event)
    assert "password" not in event.details


def test_a_failed_sign_in_for_an_unknown_username_is_recorded(client):
    sign_in(client, "nobody-by-that-name", WRONG)
    (event,) = events("auth.login_failed")
    assert event.details["username"] == "nobody-by-that-name"


def test_a_locked_out_account_is_recorded_as_denied(client, staff, password):
    for _ in range(5):
        sign_in(client, staff.username, WRONG)

    response = sign_in(client, staff.username, password)  # the right password, but locked

    assert response.status_code == 429
    failed = events("auth.login_failed")
    assert [event.outcome for event in failed] == ["failed"] * 4 + ["denied"] * 2
    assert failed[-1].details == {"username": "t-staff", "locked_out": True}
    assert not events("auth.login")
    assert all(WRONG not in as_text(event) and password not in as_text(event) for event in failed)


def test_a_sign_out_is_recorded(client, staff, password):
    sign_in(client, staff.username, password)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    (event,) = events("auth.logout")
    assert (event.actor, event.actor_label) == (staff, "t-staff")


def test_a_sign_out_without_a_session_is_recorded_without_an_actor(client):
    client.post(reverse("logout"))
    (event,) = events("auth.logout")
    assert event.actor is None
