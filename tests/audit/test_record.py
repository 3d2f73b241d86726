"""record(): each event chained to the one before, the head moved on, in the caller's transaction."""

import contextlib
import datetime
import decimal
import hashlib
import uuid

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from audit import services
from audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from members.models import User
from tests.factories import UserFactory

from .support import chain, delete_head, lock_queries

pytestmark = pytest.mark.django_db


def head():
    return AuditChainHead.objects.get(pk=1)


def test_the_chain_starts_at_genesis_and_links_every_event_to_the_one_before():
    assert (head().last_id, head().last_hash, head().count) == (None, GENESIS_HASH, 0)

    first, second, third = chain(3)

    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert (head().last_id, head().last_hash, head().count) == (third.pk, third.hash, 3)
    stored = AuditEvent.objects.get(pk=second.pk)
    assert (stored.prev_hash, stored.hash) == (first.hash, second.hash)
    assert services.verify().ok


def test_the_hash_is_sha256_of_the_previous_hash_and_the_canonical_json():
    """The format, written out by hand: an auditor can recompute a hash without the portal's code."""
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
    expected_json = (
        '{"action":"draft.read","actor":"7","actor_label":"t-chief","address":"10.0.0.1",'
        '"created_at":"2026-01-02T03:04:05.000006Z","details":{"a":[1,"ខ្មែរ"],"b":null},'
        '"object_id":"12","object_type":"workplan.draft","outcome":"ok"}'
    )
    expected = hashlib.sha256(("a" * 64 + expected_json).encode()).hexdigest()

    computed = services.chain_hash(
        "a" * 64,
        when,
        7,
        "t-chief",
        "10.0.0.1",
        "draft.read",
        "workplan.draft",
        "12",
        "ok",
        {"b": None, "a": [1, "ខ្មែរ"]},
    )

    assert computed == expected


def test_times_are_hashed_in_utc_whatever_the_time_zone():
    phnom_penh = datetime.timezone(datetime.timedelta(hours=7))
    moment = datetime.datetime(2026, 1, 2, 10, 0, tzinfo=phnom_penh)
    assert services.canonical_time(moment) == "2026-01-02T03:00:00.000000Z"


def test_the_actor_and_address_come_from_the_request(settings, staff):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    request.user = staff

    event = services.record(action="draft.read", request=request, object_type="workplan.draft", object_id=12)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == staff
    assert stored.actor_label == "t-staff"
    assert stored.address == "198.51.100.7"
    assert (stored.object_type, stored.object_id) == ("workplan.draft", "12")


def test_an_anonymous_request_has_no_actor():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.3")
    request.user = AnonymousUser()

    event = services.record(action="auth.login_failed", request=request, outcome="failed")

    assert event.actor is None
    assert event.actor_label == ""
    assert event.outcome == AuditEvent.Outcome.FAILED


def test_the_object_gives_its_type_and_id(chief):
    event = services.record(action="grant.add", actor=chief, obj=chief, details={"person": "someone"})
    assert (event.object_type, event.object_id) == ("members.user", str(chief.pk))
    assert event.actor_label == "t-chief"


def test_the_username_at_the_time_stays_when_the_account_is_renamed(chief):
    event = services.record(action="auth.login", actor=chief)
    User.objects.filter(pk=chief.pk).update(username="renamed")
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "t-chief"


def test_details_are_stored_as_json_that_still_hashes_the_same_when_read_back():
    details = {
        "when": datetime.date(2026, 3, 4),
        "amount": decimal.Decimal("12.50"),
        "ref": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "ratio": 0.25,
        "huge": 1e20,
        "nul": "a\x00b",
        "nested": {3: ("x", {"y"})},
        "khmer": "ផែនការ",
    }
    event = services.record(action="section.save", details=details)

    stored = AuditEvent.objects.get(pk=event.pk).details
    assert stored == {
        "when": "2026-03-04",
        "amount": "12.50",
        "ref": "12345678-1234-5678-1234-567812345678",
        "ratio": 0.25,
        "huge": "1e+20",
        "nul": "a\ufffdb",
        "nested": {"3": ["x", ["y"]]},
        "khmer": "ផែនការ",
    }
    assert details["nested"] == {3: ("x", {"y"})}, "the caller's dictionary is left as it was"
    assert services.verify().ok


@pytest.mark.parametrize(
    ("remote", "stored"),
    [("203.0.113.5", "203.0.113.5"), ("2001:DB8:0:0::1", "2001:db8::1"), ("::ffff:10.1.2.3", "::ffff:10.1.2.3")],
)
def test_addresses_are_stored_in_one_spelling_and_verify(remote, stored):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    event = services.record(action="test.address", request=request)
    assert event.address == stored
    assert services.verify().ok


def test_an_address_that_is_not_one_is_left_out():
    request = RequestFactory().get("/", REMOTE_ADDR="unknown")
    assert services.record(action="test.address", request=request).address is None


@pytest.mark.parametrize("action", ["", "login", "Draft.Read", "draft read", "draft.", "a." + "b" * 70])
def test_a_malformed_action_is_a_programming_error(action):
    with pytest.raises(ValueError, match="short dotted name"):
        services.record(action=action)
    assert head().count == 0


def test_an_unknown_outcome_is_a_programming_error():
    with pytest.raises(ValueError, match="outcome"):
        services.record(action="draft.read", outcome="maybe")


def test_the_event_is_part_of_the_callers_transaction():
    """Undo the caller's work and its event goes too: the head is back where it was."""
    chain(1)
    before = head()

    with pytest.raises(RuntimeError), transaction.atomic():
        UserFactory(username="rolled-back")
        services.record(action="member.create", details={"username": "rolled-back"})
        raise RuntimeError("the caller fails after recording")

    assert not User.objects.filter(username="rolled-back").exists()
    assert AuditEvent.objects.count() == 1
    assert (head().last_id, head().last_hash, head().count) == (before.last_id, before.last_hash, 1)


def test_when_the_event_cannot_be_written_the_callers_transaction_fails_too(monkeypatch):
    """No unaudited writes: a failed insert dooms the whole transaction, not just the event."""

    def refuse(self, *args, **kwargs):
        raise IntegrityError("the audit table refused the row")

    monkeypatch.setattr(AuditEvent, "save", refuse)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="unaudited")
        try:
            services.record(action="member.create")
        except IntegrityError:
            # Even a caller that swallows the error cannot commit: the transaction is marked for rollback.
            assert transaction.get_rollback()
            raise
    assert not User.objects.filter(username="unaudited").exists()


def test_a_swallowed_audit_failure_still_blocks_the_callers_next_write(monkeypatch):
    def fail(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(AuditEvent, "save", fail)
    with transaction.atomic():
        with contextlib.suppress(DatabaseError):
            services.record(action="member.create")
        with pytest.raises(transaction.TransactionManagementError):
            UserFactory(username="after-a-failed-audit")
        transaction.set_rollback(True)


def test_an_append_costs_three_queries_on_postgresql():
    chain(1)
    with CaptureQueriesContext(connection) as queries:
        services.record(action="draft.read")
    # Lock the head, insert, move the head; SQLite first takes its write lock with one more.
    assert len(queries) == 3 + lock_queries(), [q["sql"] for q in queries]


@pytest.mark.django_db(transaction=True)
def test_a_missing_head_is_rebuilt_from_the_newest_event():
    """The test runner's flush empties the head table; appends carry on from the newest event."""
    events = chain(2)
    delete_head()

    third = services.record(action="test.event")

    assert third.prev_hash == events[-1].hash
    assert (head().last_id, head().count) == (third.pk, 3)
    assert services.verify().ok
