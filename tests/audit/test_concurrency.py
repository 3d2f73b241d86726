"""Sixteen writers at once: the chain never forks, and verify() passes over all their events.

Each thread has its own connection and commits each event on its own
(autocommit), so the appends really interleave; the head's row lock makes
them take turns. PostgreSQL only: SQLite has a single writer anyway.
"""

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from audit import services
from audit.models import AuditChainHead, AuditEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16
EACH = 25
WAIT = 30  # seconds before a stuck thread gives up, so a broken test fails instead of hanging


def test_sixteen_threads_appending_at_once_never_fork_the_chain():
    start = threading.Barrier(THREADS, timeout=WAIT)

    def append(thread):
        try:
            start.wait()
            return [
                services.record(action="test.concurrent", details={"thread": thread, "n": n}).pk for n in range(EACH)
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [future.result(timeout=WAIT) for future in [pool.submit(append, t) for t in range(THREADS)]]

    assert sum(len(ids) for ids in results) == THREADS * EACH
    result = services.verify()
    assert (result.ok, result.count) == (True, THREADS * EACH), result
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(prev_hashes) == len(set(prev_hashes)) == THREADS * EACH, "two events claim the same predecessor"
    assert AuditChainHead.objects.get().count == THREADS * EACH
    # The writers really did interleave: the chain switches thread more often than once per writer.
    threads = list(AuditEvent.objects.order_by("id").values_list("details__thread", flat=True))
    switches = sum(1 for before, after in itertools.pairwise(threads) if before != after)
    assert switches > THREADS
