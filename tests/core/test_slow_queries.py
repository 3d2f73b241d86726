"""Slow statements are logged with their time and the page's path, without their parameters."""

import logging

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_statement_over_the_threshold_is_logged_without_its_parameters(settings, caplog):
    settings.SLOW_QUERY_MS = 20
    with caplog.at_level(logging.WARNING, logger="portal.slow_sql"), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.05), %s", ["secret draft text"])
        cursor.execute("SELECT 1")
    slow = [record.getMessage() for record in caplog.records if record.name == "portal.slow_sql"]
    assert len(slow) == 1
    assert "pg_sleep" in slow[0] and "secret draft text" not in slow[0]
    assert int(slow[0].split("Slow query: ")[1].split(" ms")[0]) >= 50


def test_the_page_path_is_named_and_zero_turns_it_off(settings, caplog, client):
    settings.SLOW_QUERY_MS = 0.000001
    with caplog.at_level(logging.WARNING, logger="portal.slow_sql"):
        client.get("/commission/")
    assert any("on /commission/" in record.getMessage() for record in caplog.records)
    caplog.clear()
    settings.SLOW_QUERY_MS = 0
    with caplog.at_level(logging.WARNING, logger="portal.slow_sql"):
        client.get("/commission/")
    assert not [record for record in caplog.records if record.name == "portal.slow_sql"]
