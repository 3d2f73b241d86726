"""Backups that restore: the database and the stored files, with a manifest of checksums, and their restore.

`python manage.py backup DIR` writes into an empty DIR:

- `database.dump`: pg_dump's custom format, one consistent snapshot of the
  whole database (a repeatable-read transaction: what was committed when it
  started, however long it runs);
- `files.tar`: the stored files (MEDIA_ROOT: the Council's scans, exports),
  read after the snapshot, so every file a row of the dump names is in it;
- `manifest.json`: each file's size and SHA-256, the audit chain's head
  (count, last id and hash) and the published plans' entity tags as the
  snapshot saw them.

`python manage.py restore DIR --database NAME` checks every size and checksum
first and refuses a backup that is truncated or altered, with a sentence
saying which file; restores into NAME, an empty database on the same server,
and the files into an empty MEDIA_ROOT; then recomputes the audit chain and
compares its head and the published plans' entity tags with the manifest.

Both connect as the tables' owner when DATABASE_OWNER_URL names one
(core/dbroles.py): the dump then reads every table whatever the grants, and
the restored tables belong to the owner, whose restore then grants the
portal's role its privileges (the dump carries none).

PostgreSQL only: a portal on SQLite (the bare-machine default) is backed up
by copying db.sqlite3 and media/ while it is stopped.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core import dbroles

DATABASE_FILE = "database.dump"
FILES_FILE = "files.tar"
MANIFEST_FILE = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be made or restored, with a sentence saying why."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq_env(settings_dict, name=None):
    """Return the environment pg_dump and pg_restore connect with, for the database `name` (default: its own)."""
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(settings_dict.get("HOST") or ""),
            "PGPORT": str(settings_dict.get("PORT") or ""),
            "PGUSER": str(settings_dict.get("USER") or ""),
            "PGDATABASE": name or settings_dict["NAME"],
        }
    )
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return {key: value for key, value in env.items() if value != ""}


def _tool(name):
    """Return the path of a PostgreSQL client program, or raise BackupError saying how to get it."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs (Debian's postgresql-client)."
        )
    return path


def _require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups are made of a PostgreSQL database. On SQLite, stop the portal and copy db.sqlite3 and the "
            "media folder."
        )


@contextmanager
def _cursor(database):
    """Yield a cursor on `database` as the tables' owner, outside Django's connections; commit at the end."""
    import psycopg2

    params = dbroles.owner_settings()
    link = psycopg2.connect(
        dbname=database,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    try:
        with link, link.cursor() as cursor:
            yield cursor
    finally:
        link.close()


def _state(database):
    """Return the audit chain's head and the published plans' entity tags, as `database` holds them."""
    with _cursor(database) as cursor:
        cursor.execute("SELECT count, last_id, last_hash FROM audit_auditchainhead WHERE id = 1")
        row = cursor.fetchone()
        cursor.execute("SELECT id, etag FROM workplan_publishedplan ORDER BY id")
        etags = {str(pk): etag for pk, etag in cursor.fetchall()}
    head = {"count": row[0], "last_id": row[1], "last_hash": row[2]} if row else {"count": 0}
    return {"audit_head": head, "published_etags": etags}


def make_backup(directory):
    """Write a backup of the database and the stored files into `directory` (created, or empty); return the manifest."""
    _require_postgresql()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"The folder {directory} is not empty: a backup goes into a new or empty folder.")
    params = dbroles.owner_settings()
    dump = directory / DATABASE_FILE
    subprocess.run(  # noqa: S603 (pg_dump, with arguments of our own)
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
        env=_libpq_env(params),
        check=True,
        capture_output=True,
    )
    files = directory / FILES_FILE
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(files, "w") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
    manifest = {
        "format": FORMAT,
        "made_at": timezone.now().isoformat(),
        "database": params["NAME"],
        "files": {
            name: {"size": (directory / name).stat().st_size, "sha256": _sha256(directory / name)}
            for name in (DATABASE_FILE, FILES_FILE)
        },
        # Read from the dump itself: what the snapshot held, whatever was written since it was taken.
        **_state_in_dump(dump),
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _state_in_dump(dump):
    """Return the audit head and the published plans' entity tags that a dump holds."""
    rows = {}
    for table in ("audit_auditchainhead", "workplan_publishedplan"):
        text = subprocess.run(  # noqa: S603 (pg_restore reading our own dump)
            [_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(dump)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows[table] = _copy_rows(text, table)
    head_rows = rows["audit_auditchainhead"]
    head = {"count": 0}
    for row in head_rows:
        if row.get("id") == "1":
            head = {"count": int(row["count"]), "last_id": int(row["last_id"]), "last_hash": row["last_hash"]}
    etags = {row["id"]: row["etag"] for row in rows["workplan_publishedplan"]}
    return {"audit_head": head, "published_etags": dict(sorted(etags.items(), key=lambda item: int(item[0])))}


def _copy_rows(sql, table):
    """Return the rows of `table` in pg_restore's plain output (its COPY block), as dicts of text."""
    rows, columns, inside = [], None, False
    for line in sql.splitlines():
        if line.startswith(f"COPY public.{table} ("):
            columns = [name.strip().strip('"') for name in line[line.index("(") + 1 : line.index(")")].split(",")]
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside:
            rows.append(dict(zip(columns, line.split("\t"), strict=False)))
    return rows


def verify_backup(directory):
    """Return the manifest of a backup whose files are all there, whole and unchanged; raise BackupError otherwise."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no {MANIFEST_FILE}: it is not a backup of the portal.") from None
    except ValueError:
        raise BackupError(f"The backup's {MANIFEST_FILE} is damaged: it cannot be read.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The backup is of format {manifest.get('format')!r}; this portal restores format {FORMAT}.")
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.is_file():
            raise BackupError(f"The backup's {name} is missing.")
        size = path.stat().st_size
        if size != expected["size"]:
            raise BackupError(
                f"The backup's {name} is {size} bytes where the manifest says {expected['size']}: it is truncated "
                "or was changed, so it is not restored."
            )
        if _sha256(path) != expected["sha256"]:
            raise BackupError(
                f"The backup's {name} does not match its checksum: it was changed or damaged, so it is not restored."
            )
    return manifest


def restore_backup(directory, database):
    """Restore a verified backup into `database` (empty, on the same server) and the files into MEDIA_ROOT (empty).

    Returns the state read back from the restored database; raises BackupError when the backup is not whole,
    a target is not empty, or the restored database does not hold what the manifest says. The audit chain is
    checked by `manage.py verify_audit` run against the restored database, as an operator would.
    """
    _require_postgresql()
    directory = Path(directory)
    manifest = verify_backup(directory)
    with _cursor(database) as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise BackupError(f"The database {database} is not empty: a backup is restored into an empty one.")
        cursor.execute("SELECT pg_get_userbyid(datdba), current_user FROM pg_database WHERE datname = %s", [database])
        belongs_to, owner = cursor.fetchone()
        if dbroles.has_owner() and belongs_to != owner:
            raise BackupError(
                f"The database {database} belongs to {belongs_to}: the tables' owner restores into a database of "
                f"its own (createdb --owner {owner} {database})."
            )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"The folder {media} (MEDIA_ROOT) is not empty: files are restored into an empty one.")
    result = subprocess.run(  # noqa: S603 (pg_restore, with arguments of our own)
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={database}", str(directory / DATABASE_FILE)],
        env=_libpq_env(dbroles.owner_settings(), database),
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode:
        raise BackupError(f"PostgreSQL refused the restore: {result.stderr.strip()[:500]}")
    if settings.DATABASE_APP_ROLE:
        with _cursor(database) as cursor:
            cursor.execute("SELECT current_schema()")
            schema = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
            tables = {name for (name,) in cursor.fetchall()}
            for statement in dbroles.grant_statements(settings.DATABASE_APP_ROLE, schema, tables):
                cursor.execute(statement)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / FILES_FILE) as archive:
        archive.extractall(media, filter="data")
    verified = subprocess.run(  # noqa: S603 (this portal's own manage.py)
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "verify_audit"],
        env={**os.environ, **dbroles.environment(database)},
        capture_output=True,
        text=True,
    )
    if verified.returncode:
        raise BackupError(f"The restored audit log does not hold together: {verified.stderr.strip()[:500]}")
    state = _state(database)
    if state != {key: manifest[key] for key in ("audit_head", "published_etags")}:
        raise BackupError("The restored database does not hold the audit head or the published plans the backup names.")
    return state
