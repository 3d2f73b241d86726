"""The audit log is append-only in the database, and its chain head moves only along the chain.

PostgreSQL refuses UPDATE and DELETE of an event (row triggers) and TRUNCATE
of the table (a statement trigger). The head row may be updated only to
advance by one event: to the event just inserted, whose prev_hash is the old
head's hash, with the count one higher; it can be neither deleted nor
truncated. SQLite refuses UPDATE and DELETE of an event and DELETE of the head.

Only a table's owner can lift a trigger (ALTER TABLE ... DISABLE TRIGGER);
the test runner's flush does so inside its own transaction (audit's `flush`
command). On SQLite, a later migration that rebuilds either table drops its
triggers: such a migration must create them again.
"""

from django.db import migrations

from core.db import vendor_sql

EVENTS = "audit_auditevent"
HEAD = "audit_auditchainhead"

POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_append_only: the audit log is append-only; % on {EVENTS} is refused', TG_OP
        USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_append_only',
              HINT = 'Audit events are never changed or removed: record a new event instead.';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only_row BEFORE UPDATE OR DELETE ON {EVENTS}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {EVENTS}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
""",
    f"""
CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND (
        (NEW.last_id IS NOT DISTINCT FROM OLD.last_id AND NEW.last_hash = OLD.last_hash AND NEW.count = OLD.count)
        OR (
            NEW.count = OLD.count + 1
            AND (OLD.last_id IS NULL OR NEW.last_id > OLD.last_id)
            AND EXISTS (
                SELECT 1 FROM {EVENTS}
                WHERE id = NEW.last_id AND hash = NEW.last_hash AND prev_hash = OLD.last_hash
            )
        )
    ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_head_guard: the audit chain head moves only to the event just appended; % refused', TG_OP
        USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_head_guard';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_guard_row BEFORE UPDATE OR DELETE ON {HEAD}
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
CREATE TRIGGER audit_head_guard_truncate BEFORE TRUNCATE ON {HEAD}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard();
""",
]
POSTGRESQL_REVERSE = [
    f"""
DROP TRIGGER IF EXISTS audit_append_only_row ON {EVENTS};
DROP TRIGGER IF EXISTS audit_append_only_truncate ON {EVENTS};
DROP FUNCTION IF EXISTS audit_append_only();
DROP TRIGGER IF EXISTS audit_head_guard_row ON {HEAD};
DROP TRIGGER IF EXISTS audit_head_guard_truncate ON {HEAD};
DROP FUNCTION IF EXISTS audit_head_guard();
"""
]
SQLITE = [
    f"""
CREATE TRIGGER audit_append_only_{operation.lower()} BEFORE {operation} ON {EVENTS}
BEGIN
    SELECT RAISE(ABORT, 'audit_append_only: the audit log is append-only; {operation} refused');
END;
"""
    for operation in ("UPDATE", "DELETE")
] + [
    f"""
CREATE TRIGGER audit_head_guard_delete BEFORE DELETE ON {HEAD}
BEGIN
    SELECT RAISE(ABORT, 'audit_head_guard: the audit chain head cannot be deleted');
END;
"""
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_append_only_update;",
    "DROP TRIGGER IF EXISTS audit_append_only_delete;",
    "DROP TRIGGER IF EXISTS audit_head_guard_delete;",
]


def create_head(apps, schema_editor):
    """Start the chain: no event yet, the genesis hash (the model's default)."""
    head = apps.get_model("audit", "AuditChainHead")
    head.objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop, elidable=False),
        vendor_sql(
            postgresql=POSTGRESQL,
            postgresql_reverse=POSTGRESQL_REVERSE,
            sqlite=SQLITE,
            sqlite_reverse=SQLITE_REVERSE,
        ),
    ]
