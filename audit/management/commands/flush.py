"""Django's flush, able to empty the append-only audit tables, but only under the test runner.

The test runner flushes the database after every test that commits
(`transaction=True`, live_server); the audit triggers would refuse it. Here
they are lifted and put back inside the flush's own transaction, so no other
connection ever sees the tables unguarded. Only the tables' owner may lift a
trigger or truncate: with two database roles (core/dbroles.py) the emptying
runs on a connection of the owner's, and post_migrate on the portal's own, as
Django's flush sends it. Outside tests, flush is refused: the audit log is
never emptied.
"""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal, sql_flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import _TestState

from core import dbroles

AUDIT_TABLES = ("audit_auditevent", "audit_auditchainhead")


def under_test_runner():
    """Return whether Django's test environment is set up (setup_test_environment() ran)."""
    # The same mark Django's own setup_test_environment() checks before running twice.
    return hasattr(_TestState, "saved_data")


@contextmanager
def guards_lifted(connection):
    """Lift the audit tables' triggers until the block ends, inside the current transaction."""
    if connection.get_autocommit():
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
        if not under_test_runner():
            raise CommandError(
                "The audit log is append-only and flush would empty it. To start over on a development "
                "machine, delete the SQLite file or drop the database, then run migrate."
            )
        if options["database"] == DEFAULT_DB_ALIAS and dbroles.has_owner():
            self.flush_as_owner(**options)
            return
        connection = connections[options["database"]]
        with transaction.atomic(using=connection.alias), guards_lifted(connection):
            super().handle(**options)

    def flush_as_owner(self, *, database, verbosity, interactive, **options):
        """Empty every table on a connection of the owner's, in one transaction, then send post_migrate."""
        with dbroles.owner_connection() as owner:
            statements = sql_flush(
                no_style(),
                owner,
                reset_sequences=options.get("reset_sequences", True),
                allow_cascade=options.get("allow_cascade", False),
            )
            # Its own transaction, by hand: transaction.atomic() finds connections by alias, and this one
            # stands apart. Left uncommitted on an error, it is rolled back when the connection closes.
            owner.set_autocommit(False)
            with owner.cursor() as cursor:
                # A lock the test's own connection still holds would otherwise keep the flush waiting for ever.
                cursor.execute("SET LOCAL lock_timeout = '60s'")
            with guards_lifted(owner), owner.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            owner.commit()
        # As Django's flush: an empty list means no tables, where post_migrate would crash.
        if statements and not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(verbosity, interactive, database)
