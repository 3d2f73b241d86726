"""PostgreSQL housekeeping for the benchmark: reachability, scratch databases, cached templates.

Only databases whose names start with "portal_bench" are ever created or
dropped. A built database is kept as a template and marked with a comment
holding its fingerprint; each run copies the template, so every run starts
from the same rows and a run never pays for the build again.
"""

import json
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

PREFIX = "portal_bench"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"


class Unreachable(Exception):
    """PostgreSQL does not answer, or refuses the connection."""


class Refused(RuntimeError):
    """PostgreSQL refuses the benchmark's role something: a database of its prefix that another role made."""


class Server:
    """A PostgreSQL server reached through a URL, administered through its `postgres` database."""

    def __init__(self, url):
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            raise ValueError(f"The benchmark needs PostgreSQL: {url!r} is not a postgres:// URL.")
        self.parts = parts

    def url(self, database):
        """Return the URL of a database on this server."""
        return urlunsplit(self.parts._replace(path=f"/{database}"))

    def _connect(self, database="postgres"):
        parts = self.parts
        try:
            connection = psycopg2.connect(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=parts.username or "postgres",
                password=parts.password,
                dbname=database,
                connect_timeout=5,
            )
        except psycopg2.OperationalError as error:
            where = f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
            raise Unreachable(f"PostgreSQL at {where} is not reachable: {str(error).strip()}") from error
        connection.autocommit = True
        return connection

    @contextmanager
    def _cursor(self, database="postgres"):
        connection = self._connect(database)
        try:
            with connection.cursor() as cursor:
                yield cursor
        except psycopg2.errors.InsufficientPrivilege as error:
            raise Refused(
                f"PostgreSQL refused the role {self.parts.username or 'postgres'}: {str(error).strip()}. The "
                f"benchmark drops and copies only databases it made: drop the {PREFIX}* databases another role "
                "made, or point BENCH_DATABASE_URL at that role."
            ) from error
        finally:
            connection.close()

    def check(self):
        """Return the server's version, or raise Unreachable."""
        with self._cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]

    def exists(self, name):
        with self._cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    def comment(self, name):
        """Return the JSON in the database's comment, or None."""
        with self._cursor() as cursor:
            cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
            row = cursor.fetchone()
        if not row or not row[0]:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    def set_comment(self, name, value):
        _guard(name)
        with self._cursor() as cursor:
            cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS %s").format(sql.Identifier(name)), [json.dumps(value)])

    def drop(self, name):
        _guard(name)
        with self._cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def create(self, name, template=None):
        """Create the database (dropping one of that name first), empty or as a copy of `template`."""
        _guard(name)
        self.drop(name)
        with self._cursor() as cursor:
            if template is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            else:
                # FILE_COPY: one checkpoint and a file copy, much faster than WAL-logging a gigabyte.
                for attempt in range(20):
                    try:
                        cursor.execute(
                            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                                sql.Identifier(name), sql.Identifier(template)
                            )
                        )
                        break
                    except psycopg2.errors.ObjectInUse:
                        # A connection to the template is still closing.
                        if attempt == 19:
                            raise
                        time.sleep(0.5)

    def size(self, name):
        with self._cursor() as cursor:
            cursor.execute("SELECT pg_database_size(%s)", [name])
            return cursor.fetchone()[0]

    def query(self, name, statement, params=None):
        """Run one statement in the database and return its rows."""
        with self._cursor(name) as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []


def _guard(name):
    if not name.startswith(PREFIX):
        raise ValueError(f"The benchmark only creates and drops databases named {PREFIX}*, not {name!r}.")
