"""Database rules that constraints cannot express, kept as triggers.

A CHECK constraint sees one row; "at most N active seats" and "exactly one
chair" are about many rows, so they live in triggers. Each trigger raises
with the rule's name, which `core.rules.message_for` turns into a sentence
for the user. PostgreSQL is the real database; SQLite (the embedded default)
gets the same seat limit so a newcomer's data obeys the same rules.
"""

from django.db import migrations


def seat_limit(*, rule, table, body_column, seats_query):
    """Return a migration operation that caps active rows per body.

    `seats_query` selects the number of seats for the body whose id is
    `:body` (written as a SQL fragment using the placeholder ``{body}``).
    """
    pg_function = f"""
CREATE OR REPLACE FUNCTION {rule}() RETURNS trigger AS $$
DECLARE
    seats integer;
    taken integer;
BEGIN
    IF NEW.ended_on IS NOT NULL THEN
        RETURN NEW;
    END IF;
    -- Lock the body's row first, so that two transactions racing for the
    -- last seat count one after the other instead of both seeing it free.
    {seats_query.format(body=f"NEW.{body_column}")} INTO seats;
    SELECT count(*) INTO taken FROM {table}
        WHERE {body_column} = NEW.{body_column} AND ended_on IS NULL AND id <> NEW.id;
    IF taken >= seats THEN
        RAISE EXCEPTION '{rule}: all % seats are taken', seats
            USING ERRCODE = 'check_violation', CONSTRAINT = '{rule}';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER {rule} BEFORE INSERT OR UPDATE OF ended_on, {body_column} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {rule}();
"""
    pg_reverse = f"DROP TRIGGER IF EXISTS {rule} ON {table}; DROP FUNCTION IF EXISTS {rule}();"
    sqlite_seats = seats_query.format(body=f"NEW.{body_column}").split(" FOR NO KEY UPDATE")[0]
    sqlite_sql = [
        f"""
CREATE TRIGGER {rule}_{event.lower()} BEFORE {event} ON {table}
WHEN NEW.ended_on IS NULL AND (
    SELECT count(*) FROM {table}
    WHERE {body_column} = NEW.{body_column} AND ended_on IS NULL AND id IS NOT NEW.id
) >= ({sqlite_seats})
BEGIN
    SELECT RAISE(ABORT, '{rule}');
END;
"""
        for event in ("INSERT", "UPDATE")
    ]
    sqlite_reverse = [f"DROP TRIGGER IF EXISTS {rule}_{event};" for event in ("insert", "update")]
    return vendor_sql(
        postgresql=[pg_function],
        postgresql_reverse=[pg_reverse],
        sqlite=sqlite_sql,
        sqlite_reverse=sqlite_reverse,
    )


def exactly_one(*, rule, table, body_column, role):
    """Return a migration operation: a body with active members has one active `role`.

    Checked at commit (a deferred constraint trigger), so a chair can be
    replaced inside one transaction. PostgreSQL only; on SQLite the unique
    index still keeps it to at most one.
    """
    pg_function = f"""
CREATE OR REPLACE FUNCTION {rule}() RETURNS trigger AS $$
DECLARE
    body_id bigint;
    holders integer;
    active integer;
BEGIN
    FOREACH body_id IN ARRAY ARRAY[NEW.{body_column}, OLD.{body_column}] LOOP
        CONTINUE WHEN body_id IS NULL;
        SELECT count(*) FILTER (WHERE role = '{role}'), count(*) INTO holders, active
            FROM {table} WHERE {body_column} = body_id AND ended_on IS NULL;
        IF active > 0 AND holders <> 1 THEN
            RAISE EXCEPTION '{rule}: % active holders of {role}', holders
                USING ERRCODE = 'check_violation', CONSTRAINT = '{rule}';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER {rule} AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION {rule}();
"""
    pg_reverse = f"DROP TRIGGER IF EXISTS {rule} ON {table}; DROP FUNCTION IF EXISTS {rule}();"
    return vendor_sql(postgresql=[pg_function], postgresql_reverse=[pg_reverse])


def vendor_sql(*, postgresql=(), postgresql_reverse=(), sqlite=(), sqlite_reverse=()):
    """Return a RunPython operation that runs the SQL written for the database in use."""
    scripts = {"postgresql": (postgresql, postgresql_reverse), "sqlite": (sqlite, sqlite_reverse)}

    def run(direction):
        def operation(apps, schema_editor):
            statements = scripts.get(schema_editor.connection.vendor, ((), ()))[direction]
            for statement in statements:
                schema_editor.execute(statement, params=None)

        return operation

    return migrations.RunPython(run(0), run(1), elidable=False)


def immutable(*, rule, table):
    """Return a migration operation that refuses every UPDATE of a table's rows."""
    pg_function = f"""
CREATE OR REPLACE FUNCTION {rule}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{rule}: rows of {table} cannot be changed'
        USING ERRCODE = 'check_violation', CONSTRAINT = '{rule}';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER {rule} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {rule}();
"""
    return vendor_sql(
        postgresql=[pg_function],
        postgresql_reverse=[f"DROP TRIGGER IF EXISTS {rule} ON {table}; DROP FUNCTION IF EXISTS {rule}();"],
        sqlite=[f"CREATE TRIGGER {rule} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{rule}'); END;"],
        sqlite_reverse=[f"DROP TRIGGER IF EXISTS {rule};"],
    )
