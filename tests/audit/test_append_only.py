"""The database refuses to change or remove an event, through the ORM or raw SQL.

PostgreSQL also refuses TRUNCATE, and lets the chain head move only to the
event just appended. With two database roles (core/dbroles.py) the portal's
own role is refused by its privileges first: it may only read and append
events, and move the head; the triggers still refuse the tables' owner. The
test runner's flush still empties both tables.
"""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.utils import translation

from audit import services
from audit.management.commands import flush
from audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from core import dbroles, rules

from .support import HEAD, TABLE, chain, sql

pytestmark = pytest.mark.django_db

REFUSED = "audit_append_only"
GUARD = "audit_head_guard"


def _two_roles():
    return connection.vendor == "postgresql" and bool(settings.DATABASE_APP_ROLE)


@contextmanager
def refused(rule=REFUSED, *, granted=False):
    """Expect the portal's connection to be refused; the test's transaction goes on.

    Refused by the rule's trigger; or, with two roles, by the portal's role's privileges when the statement
    needs one it is not `granted` (it may only read and append events, and read, add and update the head).
    """
    if _two_roles() and not granted:
        expected, match = ProgrammingError, "permission denied"
    else:
        expected, match = IntegrityError, rule
    with pytest.raises(expected, match=match) as info, transaction.atomic():
        yield info


@pytest.fixture
def events():
    return chain(3)


def test_orm_update_of_a_queryset_is_refused(events):
    with refused():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="test.changed")
    assert AuditEvent.objects.get(pk=events[0].pk).action == "test.event"


def test_orm_save_of_a_changed_event_is_refused(events):
    event = AuditEvent.objects.get(pk=events[1].pk)
    event.details = {"number": 42}
    with refused():
        event.save()


def test_orm_delete_is_refused(events):
    with refused():
        AuditEvent.objects.filter(pk=events[1].pk).delete()
    with refused():
        AuditEvent.objects.get(pk=events[2].pk).delete()
    assert AuditEvent.objects.count() == 3


@pytest.mark.parametrize(
    "statement",
    [f"UPDATE {TABLE} SET action = 'test.changed'", f"UPDATE {TABLE} SET hash = prev_hash", f"DELETE FROM {TABLE}"],
)
def test_raw_sql_update_and_delete_are_refused(events, statement):
    with refused():
        sql(statement)
    assert AuditEvent.objects.count() == 3
    assert services.verify().ok


@pytest.mark.postgres
def test_truncate_is_refused(events):
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL truncates no table with foreign-key checks pending
    with refused():
        sql(f"TRUNCATE {TABLE} CASCADE")
    with refused():
        sql(f"TRUNCATE {TABLE}, {HEAD}")
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_refusal_reads_as_a_sentence():
    chain(3)
    with dbroles.owner_connection() as owner, owner.cursor() as cursor, pytest.raises(IntegrityError) as info:
        cursor.execute(f"DELETE FROM {TABLE}")
    explained = rules.as_validation_error(info.value)
    assert explained is not None
    assert explained.code == REFUSED
    with translation.override("en"):
        assert "events are only ever added" in explained.messages[0]


def test_the_head_cannot_be_deleted(events):
    with refused(GUARD):
        AuditChainHead.objects.all().delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "change",
    [
        "count = count + 1",
        "count = count - 1",
        "last_hash = repeat('0', 64)",
        "last_id = last_id - 1, count = count + 1",
    ],
)
def test_the_head_moves_only_to_the_event_just_appended(events, change):
    with refused(GUARD, granted=True):
        sql(f"UPDATE {HEAD} SET {change}")


@pytest.mark.postgres
def test_the_head_cannot_be_truncated(events):
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    with refused(GUARD):
        sql(f"TRUNCATE {HEAD}")


def test_flush_is_refused_outside_the_test_runner(events, monkeypatch):
    monkeypatch.setattr(flush, "under_test_runner", lambda: False)
    with pytest.raises(CommandError, match="append-only"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_test_runners_flush_empties_the_log_and_puts_the_guards_back():
    """What the test runner does after every test that commits: here by hand, then once more after the test."""
    chain(3)

    call_command("flush", interactive=False, verbosity=0)

    assert AuditEvent.objects.count() == 0
    head = AuditChainHead.objects.get(pk=1)  # recreated by post_migrate
    assert (head.last_id, head.last_hash, head.count) == (None, GENESIS_HASH, 0)
    first = services.record(action="test.event")
    assert first.prev_hash == GENESIS_HASH
    # The triggers are back: they refuse even the tables' owner, who alone could lift them.
    with dbroles.owner_connection() as owner, owner.cursor() as cursor:
        with pytest.raises(IntegrityError, match=REFUSED):
            cursor.execute(f"DELETE FROM {TABLE}")
        if connection.vendor == "postgresql":
            with pytest.raises(IntegrityError, match=REFUSED):
                cursor.execute(f"TRUNCATE {TABLE} CASCADE")
            with pytest.raises(IntegrityError, match=GUARD):
                cursor.execute(f"DELETE FROM {HEAD}")
    assert services.verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        (f"UPDATE {TABLE} SET action = 'test.changed'", REFUSED),
        (f"DELETE FROM {TABLE}", REFUSED),
        (f"TRUNCATE {TABLE} CASCADE", REFUSED),
        (f"UPDATE {HEAD} SET count = count + 1", GUARD),
        (f"DELETE FROM {HEAD}", GUARD),
        (f"TRUNCATE {HEAD}", GUARD),
    ],
)
def test_the_triggers_refuse_the_tables_owner_too(statement, rule):
    """The owner may lift a trigger (ALTER TABLE), but not get past one that is in place."""
    events = chain(3)
    with dbroles.owner_connection() as owner, owner.cursor() as cursor, pytest.raises(IntegrityError, match=rule):
        cursor.execute(statement)
    assert list(AuditEvent.objects.order_by("id")) == events
    assert services.verify().ok
