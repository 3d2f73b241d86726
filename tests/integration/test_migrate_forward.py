"""An existing database migrates forward with every row kept.

A PostgreSQL database is built, seeded and put to work by the portal as it was before the work plan was
cut into slices (commit BASE of this repository's history, run from a `git archive` of it): the demo
commission, the plan's first draft sent for review (assignments and notifications). Then today's
migrations run on it. Every table that was there keeps every row, the seed runs again without changing
anything, and the people keep the powers they had.

The old portal knew one database role: it runs as the tables' owner. Today's portal runs as it is deployed:
with two roles, migrate connects as the owner and grants the portal's role its rows, and the seed runs as
the portal's role.
"""

import os
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from core import dbroles

pytestmark = pytest.mark.postgres

# main before the house was reorganised (slices, one registry of steps, roles from memberships).
BASE = "83b8edd9956b5ffc288c1034f32510fbdfc723dc"
ROOT = Path(settings.BASE_DIR)
SUBMIT = """
from members.models import User
from workplan import workflow
from workplan.models import Draft
draft = Draft.objects.get(number=1)
workflow.submit_for_review(draft=draft, actor=User.objects.get(username="chief"))
"""


def _server():
    """Connect as the tables' owner (DATABASE_OWNER_URL), or as the portal's only role."""
    db = dbroles.owner_settings()
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }


def _admin(sql):
    connection = psycopg2.connect(dbname="postgres", **_server())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def _counts(name):
    connection = psycopg2.connect(dbname=name, **_server())
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # names read from the catalogue
            counts[table] = cursor.fetchone()[0]
    connection.close()
    return counts


def _query(name, sql):
    connection = psycopg2.connect(dbname=name, **_server())
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    connection.close()
    return rows


def _manage(directory, name, *args, old=False):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_BROKER", "DJANGO_SETTINGS", "PYTEST", "PYTHONPATH", "DATABASE_"))
    }
    if old:
        env["DATABASE_URL"] = dbroles.database_url(dbroles.OWNER if dbroles.has_owner() else "default", name)
    else:
        env |= dbroles.environment(name)
    env |= {
        "DEBUG": "true",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=directory, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, (
        f"manage.py {' '.join(args)} in {directory}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    )
    return done.stdout


@pytest.fixture
def old_portal(tmp_path):
    """The portal's files as they were at BASE."""
    archive = subprocess.run(["git", "archive", BASE], cwd=ROOT, capture_output=True, timeout=120)
    assert archive.returncode == 0, f"commit {BASE} is not in this clone's history: {archive.stderr.decode()}"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path, filter="data")
    # It runs in today's environment. The old portal served Swagger UI's files from drf-spectacular-sidecar,
    # which today's does not install (its API reference is its own page): an app of static files only, with no
    # table, so the old settings drop it and nothing about the database changes.
    old_settings = tmp_path / "config" / "settings.py"
    old_settings.write_text(old_settings.read_text().replace('    "drf_spectacular_sidecar",\n', ""))
    return tmp_path


@pytest.fixture
def database():
    name = f"portal_migrate_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_of_the_previous_portal_migrates_forward_with_every_row(old_portal, database):
    _manage(old_portal, database, "migrate", "--noinput", old=True)
    _manage(old_portal, database, "seed_demo", old=True)
    _manage(old_portal, database, "shell", "-c", SUBMIT, old=True)
    before = _counts(database)
    assert before["workplan_reviewassignment"] > 0
    assert before["notifications_notification"] > 0
    in_group = """SELECT count(*) FROM members_user_groups JOIN auth_group ON auth_group.id = group_id
                  WHERE auth_group.name = '{}'"""
    (auditors,), (liaisons,) = _query(database, in_group.format("auditor")) + _query(
        database, in_group.format("ministry_liaison")
    )

    _manage(ROOT, database, "migrate", "--noinput")
    after = _counts(database)
    # Roles now come from seats: every liaison holds a liaison seat for their ministry, and only the auditor
    # role, which no seat gives, is still held through a group.
    assert after["members_liaisonmembership"] == liaisons > 0
    assert after["members_user_groups"] == auditors > 0
    # Tables only grow (migrations, permissions and content types of new models, new tables); none is lost.
    grown = {"django_migrations", "auth_permission", "django_content_type", "auth_group_permissions"}
    moved = {"members_user_groups"}
    for table, count in before.items():
        assert table in after, f"{table} was dropped"
        if table in moved:
            continue
        if table in grown:
            assert after[table] >= count, table
        else:
            assert after[table] == count, f"{table}: {count} rows before, {after[table]} after"

    # The seed, run again on the migrated database, finds everything in place.
    _manage(ROOT, database, "seed_demo")
    again = _counts(database)
    assert {table: again[table] for table in after if table not in grown} == {
        table: after[table] for table in after if table not in grown
    }
    # Nothing of the workflow's record was touched: the draft is still in review, with its assignments.
    assert _query(database, "SELECT state FROM workplan_draft WHERE number = 1") == [("in_review",)]
