"""The portal's connection cannot lift the rules the database keeps: it owns no table and is no superuser.

With two database roles (core/dbroles.py; README, "Two database roles") the
web and the workers connect as a role that reads and writes rows; the tables
belong to another, which alone may disable, drop or get round a trigger,
truncate or alter a table. These tests look from the portal's own connection,
`django.db.connection`. CI runs that way (.ci/run): there, a portal connected
as the owner or a superuser fails them instead of skipping them.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import ProgrammingError, connection, transaction

from core import dbroles
from tests.conftest import CI

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# psycopg2's SQLSTATE for "permission denied" and "must be owner of ...".
INSUFFICIENT_PRIVILEGE = "42501"
EVENTS = "audit_auditevent"
HEAD = "audit_auditchainhead"
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


@pytest.fixture(autouse=True)
def _two_roles():
    if not settings.DATABASE_APP_ROLE:
        message = (
            "the portal connects as the tables' owner: set DATABASE_URL to a role that owns nothing and "
            "DATABASE_OWNER_URL to the owner (README, 'Two database roles')"
        )
        if CI:
            pytest.fail(message)
        pytest.skip(message)


def _rows(statement, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def _owner():
    return settings.DATABASES[dbroles.OWNER]["USER"]


def test_the_portal_is_no_superuser_and_neither_owns_nor_can_become_the_owner():
    ((user, superuser, createrole, bypassrls),) = _rows(
        "SELECT rolname, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    assert user == settings.DATABASE_APP_ROLE != _owner()
    assert (superuser, createrole, bypassrls) == (False, False, False)
    # Not a member of the owner's role either: a member could SET ROLE to it and take its rights.
    assert _rows("SELECT pg_has_role(current_user, %s, 'MEMBER')", [_owner()]) == [(False,)]
    assert _rows("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()") == [(_owner(),)]


def test_every_table_belongs_to_the_owner():
    owners = dict(_rows("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = current_schema()"))
    assert {EVENTS, HEAD, "members_user", "django_migrations"} <= owners.keys()
    assert set(owners.values()) == {_owner()}


@pytest.mark.parametrize(
    "statement",
    [
        f"ALTER TABLE {EVENTS} DISABLE TRIGGER USER",
        f"ALTER TABLE {EVENTS} DISABLE TRIGGER audit_append_only_row",
        f"ALTER TABLE {HEAD} DISABLE TRIGGER USER",
        f"DROP TRIGGER audit_append_only_row ON {EVENTS}",
        f"DROP TRIGGER audit_head_guard_row ON {HEAD}",
        "DROP FUNCTION audit_append_only() CASCADE",
        f"TRUNCATE {EVENTS}",
        f"TRUNCATE {HEAD}",
        f"DROP TABLE {EVENTS}",
        f"ALTER TABLE {EVENTS} RENAME TO audit_gone",
        f"ALTER TABLE {EVENTS} OWNER TO CURRENT_USER",
        f"CREATE TABLE {EVENTS}_copy (id bigint)",
        # Replica mode skips every ordinary trigger: a superuser's setting.
        "SET session_replication_role = replica",
    ],
)
def test_the_portal_cannot_lift_drop_or_get_round_the_audit_triggers(statement):
    with pytest.raises(ProgrammingError) as refused, transaction.atomic():
        _rows(statement)
    assert refused.value.__cause__.pgcode == INSUFFICIENT_PRIVILEGE, refused.value
    enabled = _rows(
        "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger "
        "WHERE tgrelid IN (%s::regclass, %s::regclass) AND NOT tgisinternal ORDER BY 1, 2",
        [EVENTS, HEAD],
    )
    assert enabled == [
        (HEAD, "audit_head_guard_row", "O"),
        (HEAD, "audit_head_guard_truncate", "O"),
        (EVENTS, "audit_append_only_row", "O"),
        (EVENTS, "audit_append_only_truncate", "O"),
    ]


def test_the_portal_cannot_take_the_owners_role():
    with pytest.raises(ProgrammingError) as refused, transaction.atomic():
        _rows(f"SET ROLE {connection.ops.quote_name(_owner())}")
    assert refused.value.__cause__.pgcode == INSUFFICIENT_PRIVILEGE


def test_the_portals_role_holds_exactly_its_privileges():
    """Rows of every table; of the audit log, reading and appending, and moving the head; never TRUNCATE."""
    tables = [name for (name,) in _rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
    held = {
        table: {
            privilege
            for privilege in PRIVILEGES
            if _rows("SELECT has_table_privilege(current_user, %s, %s)", [table, privilege])[0][0]
        }
        for table in tables
    }
    rows = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    expected = dict.fromkeys(tables, rows) | {
        EVENTS: {"SELECT", "INSERT"},
        HEAD: {"SELECT", "INSERT", "UPDATE"},
    }
    assert held == expected
    sequences = _rows(
        "SELECT sequencename, has_sequence_privilege(current_user, sequencename, 'USAGE'), "
        "has_sequence_privilege(current_user, sequencename, 'UPDATE') FROM pg_sequences "
        "WHERE schemaname = current_schema()"
    )
    assert sequences
    assert {(usage, update) for _name, usage, update in sequences} == {(True, False)}


@pytest.mark.django_db(transaction=True)
def test_migrate_connects_as_the_owner_and_grants_again():
    """A privilege lost (or a table made) since the last migrate is granted by the next one."""
    with dbroles.owner_connection() as owner, owner.cursor() as cursor:
        cursor.execute(f"REVOKE ALL ON members_user FROM {connection.ops.quote_name(settings.DATABASE_APP_ROLE)}")
    assert _rows("SELECT has_table_privilege(current_user, 'members_user', 'SELECT')") == [(False,)]

    call_command("migrate", verbosity=0)

    assert _rows("SELECT has_table_privilege(current_user, 'members_user', 'SELECT')") == [(True,)]
    assert _rows("SELECT current_user") == [(settings.DATABASE_APP_ROLE,)]
    with pytest.raises(CommandError, match="without --database"):
        call_command("migrate", database=dbroles.OWNER, verbosity=0)
