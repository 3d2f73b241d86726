"""Queue Celery tasks from requests: only after the commit, and never at the cost of the request.

The work itself is always recorded in PostgreSQL first (an outbox row, an
export row); the message on the broker only says "look now". If Redis is
down, sending fails fast, the request still succeeds, and the periodic sweep
(beat) finds the waiting rows once Redis is back. After one failure, sends are
skipped for a few seconds, so a hundred saves during an outage do not each
wait on a dead broker.
"""

import logging
import threading
import time
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: After a failed send, skip sending for this many seconds.
PAUSE_AFTER_FAILURE = 10.0

_lock = threading.Lock()
_paused_until = 0.0


def broker_paused():
    """True while sends are skipped after a recent broker failure."""
    return time.monotonic() < _paused_until


def resume():
    """Forget a recent broker failure (tests, and a health check that saw the broker answer)."""
    global _paused_until
    with _lock:
        _paused_until = 0.0


def enqueue(task, *args):
    """Send the task now; on a broker failure log it and return None: the sweep will do the work later."""
    global _paused_until
    if broker_paused():
        logger.warning("Broker paused after a failure; %s(%s) waits for the sweep", task.name, args)
        return None
    try:
        return task.apply_async(args=args, retry=False)
    except (OperationalError, RedisError, OSError) as error:
        with _lock:
            _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("Broker unavailable (%s); %s(%s) waits for the sweep", error, task.name, args)
        return None


def enqueue_on_commit(task, *args, using=None):
    """Send the task once the current transaction commits (at once outside one); never raise into the caller."""
    transaction.on_commit(partial(enqueue, task, *args), using=using, robust=True)
