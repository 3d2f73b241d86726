"""Django's flush, able to empty the append-only audit tables, but only under the test runner.

The test runner flushes the database after every test that commits
(`transaction=True`, live_server); the audit triggers would refuse it. Here
they are lifted and put back inside the flush's own transaction, so no other
connection ever sees the tables unguarded. Outside tests, flush is refused:
the audit log is never emptied.
"""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections, transaction
from django.test.utils import _TestState

AUDIT_TABLES = ("audit_auditevent", "audit_auditchainhead")


def under_test_runner():
    """Return whether Django's test environment is set up (setup_test_environment() ran)."""
    # The same mark Django's own setup_test_environment() checks before running twice.
    return hasattr(_TestState, "saved_data")


@contextmanager
def guards_lifted(connection):
    """Lift the audit tables' triggers until the block ends, inside the current transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("The audit triggers are lifted only inside a transaction.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in AUDIT_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield
            for table in AUDIT_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            # SQLite cannot disable a trigger: drop it and create it again from its own text.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)", AUDIT_TABLES
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        else:
            yield


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if not under_test_runner():
            raise CommandError(
                "The audit log is append-only and flush would empty it. To start over on a development "
                "machine, delete the SQLite file or drop the database, then run migrate."
            )
        with transaction.atomic(using=connection.alias), guards_lifted(connection):
            super().handle(**options)
