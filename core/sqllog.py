"""Slow-query logging for operators: any SQL statement slower than SLOW_QUERY_MS is logged with its time.

Installed on every database connection as it opens (connection_created).
The statement is logged without its parameters: they may hold confidential
draft text. The request's path is added when there is one, so an operator
sees which page was slow.
"""

import contextvars
import logging
import time

from django.conf import settings

logger = logging.getLogger("portal.slow_sql")

#: The path of the request being served, for the log line (set by SlowQueryPathMiddleware).
current_path = contextvars.ContextVar("portal_current_path", default="")


def log_slow_queries(execute, sql, params, many, context):
    """A database execute wrapper: run the statement, log it if it took longer than the threshold."""
    threshold = settings.SLOW_QUERY_MS
    if not threshold:
        return execute(sql, params, many, context)
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        if elapsed >= threshold:
            logger.warning(
                "Slow query: %.0f ms%s: %s",
                elapsed,
                f" on {path}" if (path := current_path.get()) else "",
                " ".join(str(sql).split())[:1000],
            )


def install(sender, connection, **kwargs):
    """Add the wrapper to a new connection (once)."""
    if log_slow_queries not in connection.execute_wrappers:
        connection.execute_wrappers.append(log_slow_queries)


class SlowQueryPathMiddleware:
    """Remember the request's path while it is served, for the slow-query log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_path.set(request.path)
        try:
            return self.get_response(request)
        finally:
            current_path.reset(token)
