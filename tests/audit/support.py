"""Helpers for the audit tests: a chain of events, raw SQL, and tampering as the tables' owner."""

from contextlib import contextmanager

from django.db import connection, transaction

from audit import services
from audit.management.commands.flush import guards_lifted
from audit.models import AuditEvent
from core import dbroles

TABLE = "audit_auditevent"
HEAD = "audit_auditchainhead"


def chain(count, *, gaps=False, **kwargs):
    """Append `count` events and return them; with `gaps`, leave a free id before each (PostgreSQL)."""
    events = []
    for number in range(count):
        if gaps:
            sql("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [TABLE])
        events.append(services.record(action="test.event", details={"number": number}, **kwargs))
    return events


def lock_queries(appends=1):
    """Return the queries the database spends on taking its write lock for `appends` audit appends.

    PostgreSQL locks the chain's head row with the SELECT ... FOR UPDATE that
    reads it: nothing more. SQLite has no row locks: each append first takes
    the database's write lock with one UPDATE (audit.services._locked_head).
    A query count that includes appends differs by this between the two.
    """
    return 0 if connection.features.has_select_for_update else appends


def sql(statement, params=None):
    """Run raw SQL and return the rows it gives back, if any."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


@contextmanager
def tampering(*tables):
    """Yield a cursor of the tables' owner, every trigger of `tables` (default: the events) lifted; commit at the end.

    What someone with the owner's rights could do; the portal's own role may
    not (tests/core/test_database_roles.py). It is a connection of its own,
    so what it tampers with must be committed: the test runs with
    `transaction=True`. PostgreSQL only.
    """
    with dbroles.owner_connection() as owner:
        owner.set_autocommit(False)
        with owner.cursor() as cursor:
            for table in tables or (TABLE,):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            for table in tables or (TABLE,):
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        owner.commit()


def insert_raw(*, event_id, prev_hash, action="test.forged", details=None, when=None, valid_hash=True):
    """Slip an event into the table with raw SQL, with a hash that holds for its content (or not)."""
    when = when or services.timezone.now()
    details = details if details is not None else {"forged": True}
    computed = services.chain_hash(prev_hash, when, None, "", None, action, "", "", "ok", details)
    sql(
        f"INSERT INTO {TABLE} (id, created_at, actor_id, actor_label, address, action, object_type, object_id, "
        "outcome, details, prev_hash, hash) VALUES (%s, %s, NULL, '', NULL, %s, '', '', 'ok', %s, %s, %s)",
        [event_id, when, action, services._dumps(details), prev_hash, computed if valid_hash else "f" * 64],
    )
    return computed


def delete_head():
    """Delete the chain head, as the test runner's flush does; committed, so the test runs with transaction=True."""
    if connection.vendor == "postgresql":
        with tampering(HEAD) as cursor:
            cursor.execute(f"DELETE FROM {HEAD}")
    else:
        with transaction.atomic(), guards_lifted(connection):
            sql(f"DELETE FROM {HEAD}")


def ids():
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
