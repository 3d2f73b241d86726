"""Backups that restore: a seeded portal with a published plan, backed up, restored elsewhere, compared."""

from contextlib import contextmanager

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from core import dbroles
from portal.backup import DATABASE_FILE, FILES_FILE, BackupError, make_backup, restore_backup, verify_backup
from tests.exports.support import ExportPlan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCAN = b"%PDF-1.4 the Council's decision, scanned\n"


@contextmanager
def _server(dbname="postgres"):
    """A cursor of the tables' owner on another database, outside any transaction (CREATE DATABASE needs that)."""
    params = dbroles.owner_settings()
    server = psycopg2.connect(
        dbname=dbname,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            yield cursor
    finally:
        server.close()


@pytest.fixture
def target():
    """An empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with _server() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _server() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def backed_up(tmp_path, settings):
    """A portal with a published plan and a stored file, backed up into tmp_path/backup."""
    settings.MEDIA_ROOT = tmp_path / "media"
    publication = ExportPlan(activities=4).publish()
    default_storage.save("council/decision.pdf", ContentFile(SCAN))
    manifest = make_backup(tmp_path / "backup")
    return tmp_path / "backup", manifest, publication


def _counts(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_backup_restores_elsewhere_with_every_row_the_audit_head_and_the_files(backed_up, target, settings, tmp_path):
    directory, manifest, publication = backed_up
    assert manifest["published_etags"] == {str(publication.pk): publication.etag}
    assert manifest["audit_head"]["count"] > 10
    with connection.cursor() as cursor:
        source = _counts(cursor)

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    state = restore_backup(directory, target)

    assert state == {"audit_head": manifest["audit_head"], "published_etags": manifest["published_etags"]}
    with _server(target) as cursor:
        assert _counts(cursor) == source
    assert (tmp_path / "restored-media" / "council" / "decision.pdf").read_bytes() == SCAN
    assert source["workplan_publishedplan"] == 1 and source["audit_auditevent"] == manifest["audit_head"]["count"]


def test_a_restore_belongs_to_the_owner_and_grants_the_portals_role_its_rows(backed_up, target, settings, tmp_path):
    if not settings.DATABASE_APP_ROLE:
        pytest.skip("one database role: nothing to grant")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    restore_backup(backed_up[0], target)
    with _server(target) as cursor:
        cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchall() == [(dbroles.owner_settings()["USER"],)]
        cursor.execute(
            "SELECT has_table_privilege(%(role)s, 'members_user', 'DELETE'), "
            "has_table_privilege(%(role)s, 'audit_auditevent', 'INSERT'), "
            "has_table_privilege(%(role)s, 'audit_auditevent', 'DELETE'), "
            "has_table_privilege(%(role)s, 'audit_auditevent', 'TRUNCATE')",
            {"role": settings.DATABASE_APP_ROLE},
        )
        assert cursor.fetchone() == (True, True, False, False)


def test_a_truncated_backup_is_refused_and_nothing_is_restored(backed_up, target):
    directory, _manifest, _publication = backed_up
    dump = directory / DATABASE_FILE
    dump.write_bytes(dump.read_bytes()[:-100])
    with pytest.raises(BackupError, match="truncated or was changed"):
        restore_backup(directory, target)
    with _server(target) as cursor:
        assert _counts(cursor) == {}


def test_an_altered_backup_is_refused(backed_up, target):
    directory, _manifest, _publication = backed_up
    files = directory / FILES_FILE
    data = bytearray(files.read_bytes())
    data[600] ^= 0xFF  # same size, one byte changed
    files.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not match its checksum"):
        verify_backup(directory)
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(directory, target)


def test_a_database_that_is_not_empty_is_not_restored_into(backed_up):
    directory, _manifest, _publication = backed_up
    with pytest.raises(BackupError, match="is not empty"):
        restore_backup(directory, connection.settings_dict["NAME"])


def test_the_commands_check_and_restore(backed_up, target, settings, tmp_path, capsys):
    directory, _manifest, _publication = backed_up
    call_command("restore", str(directory), "--check")
    assert "every checksum matches" in capsys.readouterr().out
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(directory), "--database", target)
    assert "holds together" in capsys.readouterr().out
