"""Sixteen processes appending to the audit log at once; then check that the chain never forked.

    python -m bench.writers --writers 16 --seconds 5

Each writer is a process of its own with its own connection, as gunicorn
workers are, calling audit.services.record in a loop from a common start
until a common deadline. Prints one JSON object: appends, appends per second
and the number of events that share a predecessor (a fork: must be 0).
"""

import argparse
import json
import multiprocessing
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def _write(index, start, deadline):
    from django.db import connection

    from audit import services

    while time.time() < start:
        time.sleep(0.001)
    count = 0
    try:
        while time.time() < deadline:
            services.record(action="bench.concurrent_append", details={"writer": index, "n": count})
            count += 1
    finally:
        connection.close()
    return count


def main():
    parser = argparse.ArgumentParser(description="Concurrent audit appends.")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from audit.models import AuditChainHead

    before = AuditChainHead.objects.get().count
    connection.close()  # each forked writer opens its own
    start = time.time() + 1.0
    deadline = start + options.seconds
    with multiprocessing.get_context("fork").Pool(options.writers) as pool:
        counts = pool.starmap(_write, [(index, start, deadline) for index in range(options.writers)])
    elapsed = time.time() - start
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT prev_hash FROM audit_auditevent GROUP BY prev_hash HAVING count(*) > 1) AS f"
        )
        forks = cursor.fetchone()[0]
    after = AuditChainHead.objects.get().count
    json.dump(
        {
            "writers": options.writers,
            "seconds": round(elapsed, 2),
            "appends": sum(counts),
            "appends_per_s": round(sum(counts) / elapsed, 1),
            "per_writer": counts,
            "head_advanced_by": after - before,
            "forks": forks,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
