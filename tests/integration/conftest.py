"""Fixtures that start real processes: a worker and beat on the machine's Redis or on a redis-server of the test's."""

import pytest
import redis as redis_client

from .services import CeleryProcess, RedisServer, sending_to

#: The machine's Redis, on a database number of the integration tests' own.
MACHINE_REDIS = "redis://127.0.0.1:6379/7"


@pytest.fixture
def machine_broker():
    """The machine's Redis (CI starts it), emptied, with this process sending to it."""
    redis_client.Redis.from_url(MACHINE_REDIS).flushdb()
    with sending_to(MACHINE_REDIS):
        yield MACHINE_REDIS
    redis_client.Redis.from_url(MACHINE_REDIS).flushdb()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, on a free port, that the test may stop and start."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def celery(tmp_path, request):
    """Start Celery processes: `celery("worker", broker, name="w1", SWEEP_SECONDS=2)`; all stopped at the end."""
    started = []

    def start(kind, broker_url, name=None, **env):
        process = CeleryProcess(kind, tmp_path, broker_url, name or f"{kind}{len(started) + 1}", **env)
        started.append(process)
        return process.start()

    yield start
    for process in reversed(started):
        process.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        for process in started:
            print(f"--- {process.name} ---\n{process.output()[-4000:]}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
