"""Two database roles: the owner of the tables, and the role the portal runs as.

On PostgreSQL the web and the workers connect as a role that reads and writes
rows and owns nothing (DATABASE_URL). Only a table's owner may disable or drop
its triggers, alter it or drop it, so the rules kept by triggers (the audit
log's, core/db.py's) hold whatever the portal's connection sends. Another role
owns the tables (DATABASE_OWNER_URL, the "owner" database alias): `migrate`
connects as it (core's migrate command), and after every migrate it grants the
portal's role what its rows need, and nothing more (grant_app_role):

- every table: SELECT, INSERT, UPDATE, DELETE; every sequence: USAGE, SELECT;
- the audit log's events: SELECT, INSERT; its chain head: SELECT, INSERT,
  UPDATE (the head's trigger lets an UPDATE only move it along the chain);
- never TRUNCATE, REFERENCES or TRIGGER, never ownership.

The grants are given again on every migrate, so a new table is covered from
the migration that makes it. Without DATABASE_OWNER_URL one role does
everything, as on SQLite.
"""

from contextlib import contextmanager, nullcontext
from urllib.parse import quote

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend

OWNER = "owner"
CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
ROWS = "SELECT, INSERT, UPDATE, DELETE"
# Tables the portal's role may do less to than ROWS.
LIMITED = {
    "audit_auditevent": "SELECT, INSERT",
    "audit_auditchainhead": "SELECT, INSERT, UPDATE",
}


def has_owner():
    """Return whether another role owns the tables (DATABASE_OWNER_URL is set)."""
    return OWNER in connections.settings


def owner_settings():
    """Return the settings of a connection as the tables' owner: the "owner" alias's, or the portal's own."""
    return connections.settings[OWNER if has_owner() else DEFAULT_DB_ALIAS]


def credentials(alias=DEFAULT_DB_ALIAS):
    """Return who and where `alias` connects as: its USER, PASSWORD, HOST, PORT and OPTIONS."""
    settings_dict = connections.settings[alias]
    return {key: settings_dict.get(key) for key in CREDENTIALS}


@contextmanager
def connected_with(alias, values):
    """Connect `alias` with other credentials (see `credentials`) until the block ends.

    Its connection is closed on the way in and out, and the settings of every
    thread's connection to `alias` change: use it before serving anything.
    """
    connection = connections[alias]
    saved = credentials(alias)
    if saved == values:
        yield
        return
    connection.close()
    connection.settings_dict.update(values)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def connected_as_owner(alias=DEFAULT_DB_ALIAS):
    """Connect `alias` as the tables' owner until the block ends; without an owner, change nothing."""
    return connected_with(alias, credentials(OWNER)) if has_owner() and alias != OWNER else nullcontext()


@contextmanager
def owner_connection():
    """Yield a new connection to the portal's database as the tables' owner, closed when the block ends.

    It stands apart from `django.db.connections` (under an alias of its own),
    so the portal's connection and its transaction are left alone, and a test
    may use it without naming the owner's alias. Without an owner, it
    connects as DATABASE_URL's role.
    """
    settings_dict = owner_settings()
    alias = f"{OWNER if has_owner() else DEFAULT_DB_ALIAS}-apart"
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    # Known to `connections` while it lives: code run on a new connection finds it there by its alias
    # (django.contrib.postgres reads the hstore types that way).
    connections[alias] = connection
    try:
        yield connection
    finally:
        connection.close()
        del connections[alias]


def grant_statements(role, schema, tables):
    """Return the SQL that gives `role` exactly its privileges (see above) on `schema`'s tables and sequences.

    `tables` are the names the schema holds. Run it as the owner, in one
    transaction: other connections then see the old grants or the new, never none.
    """
    role, schema = _quote(role), _quote(schema)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT {ROWS} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]
    for table, privileges in LIMITED.items():
        if table in tables:
            statements += [
                f"REVOKE ALL ON {schema}.{_quote(table)} FROM {role}",
                f"GRANT {privileges} ON {schema}.{_quote(table)} TO {role}",
            ]
    return statements


def grant_app_role(connection, role=None):
    """Give the portal's role exactly its privileges on every table and sequence; `connection` is the owner's."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor, include_views=True)
        for statement in grant_statements(role or settings.DATABASE_APP_ROLE, schema, tables):
            cursor.execute(statement)


def grant_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Grant the portal's role its privileges again after migrate, when migrate ran as the owner."""
    connection = connections[using]
    role = settings.DATABASE_APP_ROLE
    # The test runner's flush sends post_migrate on the portal's own connection: nothing to grant there.
    if connection.vendor == "postgresql" and role and connection.settings_dict["USER"] != role:
        grant_app_role(connection, role)


def database_url(alias=DEFAULT_DB_ALIAS, name=None):
    """Return a postgres:// URL connecting as `alias` does, to its database or to `name` on the same server."""
    params = connections.settings[alias]
    user = quote(str(params.get("USER") or ""), safe="")
    password = quote(str(params.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or "localhost"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(name or params['NAME'], safe='')}"


def environment(name=None):
    """Return DATABASE_URL and, with an owner, DATABASE_OWNER_URL for a child process on this database (or `name`)."""
    urls = {"DATABASE_URL": database_url(DEFAULT_DB_ALIAS, name)}
    if has_owner():
        urls["DATABASE_OWNER_URL"] = database_url(OWNER, name)
    return urls


def _quote(name):
    return '"' + name.replace('"', '""') + '"'
