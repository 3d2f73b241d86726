"""Measure verify() over a million events and the append rate, on a scratch PostgreSQL database.

Not part of the test suite (no test_ prefix). Run it by hand against a database
made for it; it fills the audit tables with a generated chain:

    createdb -h 127.0.0.1 -U postgres portal_audit_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_audit_bench DEBUG=true \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_audit_bench DEBUG=true \\
        .venv/bin/python -m tests.audit.bench_million --events 1000000

The chain is built in Python with the service's own hash function and loaded
with COPY, the head set to its last event; then verify() reads it back.
"""

import argparse
import io
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection  # noqa: E402

from audit import services  # noqa: E402
from audit.models import GENESIS_HASH, AuditChainHead, AuditEvent  # noqa: E402
from members.models import User  # noqa: E402

ACTIONS = ["draft.read", "section.read", "section.save", "auth.login", "workflow.submit_for_review", "grant.add"]
COLUMNS = ", ".join(services._EVENT_FIELDS[1:])  # every column but the id, in the order verify() reads them


def _copy_value(value):
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def build(total, chunk=50_000):
    """Append `total` generated events after the current head, with COPY, and move the head."""
    if AuditEvent.objects.exists():
        raise SystemExit("The audit table is not empty: use a scratch database.")
    people = [
        User.objects.get_or_create(username=f"bench-{n}", defaults={"name_en": f"Bench {n}"})[0] for n in range(10)
    ]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    previous = GENESIS_HASH
    started = time.monotonic()
    with connection.cursor() as cursor:
        for first in range(0, total, chunk):
            buffer = io.StringIO()
            for n in range(first, min(first + chunk, total)):
                person = people[n % len(people)] if n % 7 else None
                row = (
                    start + timedelta(microseconds=n * 1_234_567),
                    person.pk if person else None,
                    person.username if person else "",
                    "2001:db8::7" if n % 50 == 0 else f"10.{n % 256}.{(n // 256) % 256}.1",
                    ACTIONS[n % len(ACTIONS)],
                    "workplan.draft",
                    str(n % 40),
                    "ok" if n % 13 else "denied",
                    {"number": n, "summary": "ផែនការសកម្មភាព" if n % 2 else "work plan", "version": n % 9},
                )
                digest = services.chain_hash(previous, *row)
                values = (
                    services.canonical_time(row[0]),
                    *row[1:8],
                    services._dumps(row[8]),
                    previous,
                    digest,
                )
                buffer.write("\t".join(_copy_value(value) for value in values) + "\n")
                previous = digest
            buffer.seek(0)
            cursor.copy_expert(f"COPY audit_auditevent ({COLUMNS}) FROM STDIN", buffer)
        last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        cursor.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        AuditChainHead.objects.filter(pk=1).update(last_id=last_id, last_hash=previous, count=total)
        cursor.execute("ALTER TABLE audit_auditchainhead ENABLE TRIGGER USER")
        cursor.execute("ANALYZE audit_auditevent")
    print(f"built {total} events in {time.monotonic() - started:.1f} s")


def measure_verify(batch_size):
    started = time.monotonic()
    result = services.verify(batch_size=batch_size)
    elapsed = time.monotonic() - started
    print(f"verify(batch_size={batch_size}): {result} in {elapsed:.1f} s ({result.count / elapsed:,.0f} events/s)")
    return result


def measure_appends(count, threads):
    def append(worker):
        try:
            for n in range(count // threads):
                services.record(action="bench.append", details={"worker": worker, "n": n})
        finally:
            connection.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(append, range(threads)))
    elapsed = time.monotonic() - started
    print(f"append: {count} events from {threads} thread(s) in {elapsed:.1f} s ({count / elapsed:,.0f} events/s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--appends", type=int, default=5_000)
    parser.add_argument("--skip-build", action="store_true")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (set DATABASE_URL).")
    if not options.skip_build:
        build(options.events)
    measure_verify(options.batch_size)
    measure_appends(options.appends, 1)
    measure_appends(options.appends, 16)
    measure_verify(options.batch_size)


if __name__ == "__main__":
    main()
