"""The audit log as CSV: the page's events and filters, for the page's readers only, streamed, audited, inert."""

import csv
import datetime
import io
import json
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit import services, views
from audit.models import AuditEvent
from tests.factories import UserFactory

from .support import chain

pytestmark = pytest.mark.django_db

URL = "/audit/export/"


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def download(client, query=None, language="en"):
    response = client.get(URL, query or {}, headers={"accept-language": language})
    assert response.status_code == 200, response.status_code
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, body


def rows(body):
    assert body.startswith("\ufeff".encode()), "a byte order mark, so that spreadsheets read the Khmer as UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_url():
    assert reverse("audit:export") == URL


def test_an_auditor_downloads_the_log_in_words_with_stable_columns(auditor_client, auditor, chief):
    chief.name_en = "Chou Bun Eng"
    chief.save(update_fields=["name_en"])
    event = services.record(
        action="grant.add", actor=chief, object_type="workplan.draft", object_id="77", details={"person": "nobody-x"}
    )

    response, body = download(auditor_client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    heading, *lines = rows(body)
    assert heading == [
        "Event",
        "When (UTC, ISO 8601)",
        "Username",
        "Person",
        "Action (code)",
        "What happened",
        "Object type",
        "Object id",
        "Outcome (code)",
        "Address",
        "Details (JSON)",
        "Hash",
    ]
    line = next(line for line in lines if line[0] == str(event.pk))
    assert line[1] == event.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert line[2:6] == ["t-chief", "Chou Bun Eng", "grant.add", "Chou Bun Eng shared draft 77 with nobody-x"]
    assert line[6:9] == ["workplan.draft", "77", "ok"]
    assert json.loads(line[10]) == {"person": "nobody-x"}
    assert line[11] == event.hash
    # Oldest first, as the chain runs; the sign-in before, and not the export's own event.
    assert [int(line[0]) for line in lines] == sorted(int(line[0]) for line in lines)
    assert lines[-1][0] == str(event.pk)


def test_the_headings_are_in_the_readers_language(auditor_client):
    _response, body = download(auditor_client, language="km")
    heading = rows(body)[0]
    assert heading[1] == "ពេលវេលា (UTC, ISO 8601)"
    assert heading[5] == "អ្វីដែលបានកើតឡើង"


def test_the_export_is_audited_with_its_filters(auditor_client, auditor):
    download(auditor_client, {"actor": "t-chief", "action": "draft."})
    event = AuditEvent.objects.get(action="audit.export")
    assert (event.actor, event.outcome) == (auditor, AuditEvent.Outcome.OK)
    assert event.details == {"filters": {"actor": "t-chief", "action": "draft."}}
    assert services.verify().ok


def test_the_export_holds_what_the_filters_select(auditor_client, chief, staff):
    services.record(action="draft.read", actor=chief, object_type="workplan.draft", object_id=901)
    services.record(action="draft.redline", actor=staff, object_type="workplan.draft", object_id=902)
    services.record(action="section.save", actor=staff, object_type="workplan.section", object_id=901)
    services.record(action="auth.login_failed", outcome="failed", details={"username": "t-chief"})

    def actions(query):
        return [line[4] for line in rows(download(auditor_client, query)[1])[1:]]

    assert actions({"actor": "t-staff"}) == ["draft.redline", "section.save"]
    assert actions({"action": "draft."}) == ["draft.read", "draft.redline"]
    assert actions({"action": "draft.read"}) == ["draft.read"]
    assert actions({"outcome": "failed"}) == ["auth.login_failed"]
    today = timezone.localdate()
    assert actions({"until": (today - datetime.timedelta(days=1)).isoformat()}) == []
    assert "section.save" in actions({"since": today.isoformat(), "until": today.isoformat()})


def test_the_page_links_to_the_export_of_its_filters(auditor_client):
    page = auditor_client.get("/audit/", {"actor": "t-chief", "outcome": "ok"}, headers={"accept-language": "en"})
    assert page.context["export_url"] == f"{URL}?actor=t-chief&outcome=ok"
    assert f'href="{URL}?actor=t-chief&amp;outcome=ok"' in page.text
    assert "Download these events (CSV)" in page.text


@pytest.mark.parametrize("fixture", ["staff", "chief", "chair", "member", "liaison"])
def test_anyone_else_signed_in_gets_a_404_and_the_attempt_is_recorded(client, request, fixture):
    person = request.getfixturevalue(fixture)
    services.record(action="draft.read", actor=person)
    client.force_login(person)

    response = client.get(URL)

    assert response.status_code == 404
    assert b"draft.read" not in response.content
    denied = AuditEvent.objects.get(action="audit.export")
    assert (denied.actor, denied.outcome) == (person, AuditEvent.Outcome.DENIED)


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_a_superuser_downloads_it(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    download(client)


def test_cells_a_spreadsheet_would_run_as_formulas_are_made_inert(auditor_client):
    # Usernames may start with @, + or -; names and tried usernames are anything typed.
    person = UserFactory(username="@sum", name_en='=HYPERLINK("http://x","y")', name_km="")
    services.record(action="auth.login", actor=person, obj=person)
    services.record(action="auth.login_failed", outcome="failed", details={"username": "=cmd|' /C calc'!A0"})
    services.record(action="other.event", object_type="test", object_id="-1+1")

    lines = rows(download(auditor_client)[1])
    cells = [cell for line in lines for cell in line]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    login = next(line for line in lines if line[4] == "auth.login" and line[2] == "'@sum")
    assert login[3] == '\'=HYPERLINK("http://x","y")'
    assert login[5].startswith("'=HYPERLINK")
    assert next(line for line in lines if line[4] == "other.event")[7] == "'-1+1"


def test_bad_filters_send_the_reader_back_to_the_page_that_explains_them(auditor_client):
    response = auditor_client.get(URL, {"since": "2026-13-45"})
    assert response.status_code == 302
    assert response["Location"] == "/audit/?since=2026-13-45"
    page = auditor_client.get(response["Location"], headers={"accept-language": "en"})
    assert page.status_code == 400
    assert "Give a date as year-month-day, for example 2026-05-31." in page.text
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_the_export_streams_in_batches_of_constant_cost(auditor_client, chief, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_BATCH", 10)
    chain(5, actor=chief)

    def queries_and_lines():
        response = auditor_client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            chunks = list(response.streaming_content)
        return len(queries), chunks

    few, few_chunks = queries_and_lines()
    chain(40, actor=chief)
    many, many_chunks = queries_and_lines()
    # The headings, then one chunk per batch; each batch costs its page of events and the names of its people,
    # and one more read finds the end.
    assert len(few_chunks) == 2
    assert len(many_chunks) == 1 + 5
    assert few == 1 + 2
    assert many == 5 * 2 + 1


def test_the_export_keeps_little_in_memory_however_long_the_log(auditor_client, chief, monkeypatch):
    """The peak memory of a download of 1,500 events is that of 150: each batch is written and let go."""
    monkeypatch.setattr(views, "EXPORT_BATCH", 100)
    now = timezone.now()
    AuditEvent.objects.bulk_create(  # rows as the log holds them; their chain is not what this test is about
        AuditEvent(
            created_at=now,
            actor=chief,
            actor_label="t-chief",
            action="section.read" if n % 10 == 0 else "section.save",
            object_type="workplan.section",
            object_id=str(n),
            details={"version": n, "hash": "a" * 64},
            prev_hash="0" * 64,
            hash="0" * 64,
        )
        for n in range(1500)
    )

    def peak(query):
        response = auditor_client.get(URL, query)
        size = 0
        tracemalloc.start()
        try:
            for chunk in response.streaming_content:
                size += len(chunk)
            return size, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    tenth_size, tenth_peak = peak({"action": "section.read"})
    whole_size, whole_peak = peak({})
    assert whole_size > 9 * tenth_size
    # Measured: 0.59 MB for 150 events, 0.69 MB for 1,500; read in one batch, 1,500 took 6.0 MB (0.76 MB for 150).
    assert whole_peak < 1.5 * tenth_peak, (tenth_peak, whole_peak)
