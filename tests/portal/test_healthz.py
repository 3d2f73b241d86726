"""/healthz reports the database and the broker; only a database outage fails it."""

import os

import pytest
import redis
from django.db import OperationalError, connection
from django.urls import reverse

from tests.conftest import CI

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def _redis_answers(url):
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return client.ping()
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def test_healthz_is_at_the_root():
    assert reverse("healthz") == "/healthz"


def test_inline_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "broker": "inline", "outbox": {"waiting": 0, "oldest_seconds": 0}}


def test_healthz_is_never_cached(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.redis
def test_broker_up(client, settings):
    if not _redis_answers(REDIS_URL):
        if CI:
            pytest.fail(f"CI=true, but Redis at {REDIS_URL} is not answering")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    settings.CELERY_BROKER_URL = REDIS_URL
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "outbox": {"waiting": 0, "oldest_seconds": 0}}


def test_broker_down_still_answers_200(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_URL
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "down", "outbox": {"waiting": 0, "oldest_seconds": 0}}


def test_database_down_answers_503(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    # An outage we cannot cause on a shared server: every new cursor fails, as it would with the database gone.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "down", "broker": "inline"}


def test_database_and_broker_down(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = CLOSED_PORT_URL

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "down", "broker": "down"}


def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_BROKER_URL = ""
    # The redirect is on: other pages are sent to HTTPS...
    home = client.get("/")
    assert home.status_code == 301
    assert home["Location"] == "https://testserver/"
    # ...but the health check answers over plain HTTP, as load balancers and probes call it.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_exemption_is_in_the_real_settings(settings):
    assert r"^healthz$" in settings.SECURE_REDIRECT_EXEMPT


def test_the_outbox_backlog_shows_what_waits_and_for_how_long(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Notification
    from tests.factories import UserFactory

    settings.CELERY_BROKER_URL = ""
    person = UserFactory()
    Notification.objects.bulk_create(Notification(recipient=person, kind="reminder") for _ in range(3))
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    delivered = Notification.objects.first().pk
    Notification.objects.filter(pk=delivered).update(delivered_at=timezone.now(), outcome="emailed")
    outbox = client.get("/healthz").json()["outbox"]
    assert outbox["waiting"] == 2
    assert 295 <= outbox["oldest_seconds"] <= 400


def test_a_locked_database_is_reported_down_within_the_check_budget(client, settings):
    """A table locked by someone else does not hold the check: it answers 503 after its budget."""
    import threading
    import time

    import psycopg2

    from portal.views import HEALTH_DATABASE_MS

    if connection.vendor != "postgresql":
        pytest.skip("the health check's budget is a PostgreSQL statement timeout")
    settings.CELERY_BROKER_URL = ""
    params = connection.settings_dict
    other = psycopg2.connect(
        dbname=params["NAME"], user=params["USER"], host=params["HOST"] or None, port=params["PORT"] or None
    )
    # Released after 10 s whatever happens: without the budget the check would wait that long, and fail below.
    release = threading.Timer(10, other.rollback)
    try:
        with other.cursor() as cursor:
            cursor.execute("LOCK TABLE notifications_notification IN ACCESS EXCLUSIVE MODE")
            release.start()
            started = time.monotonic()
            response = client.get("/healthz")
            waited = time.monotonic() - started
    finally:
        release.cancel()
        other.rollback()
        other.close()
    assert response.status_code == 503
    assert response.json() == {"database": "down", "broker": "inline"}
    assert HEALTH_DATABASE_MS / 1000 <= waited < HEALTH_DATABASE_MS / 1000 + 2
    # The lock gone, the same connection answers again.
    assert client.get("/healthz").status_code == 200
