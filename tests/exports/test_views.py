"""Exports in the browser: who may ask, follow and download; what is audited; how many queries a page costs."""

import uuid

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.exports.support import csv_rows
from tests.factories import UserFactory
from workplan.exports import services
from workplan.models import Export
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db


def urls(export):
    return [
        reverse("workplan:export", args=[export.pk]),
        reverse("workplan:export-progress", args=[export.pk]),
        reverse("workplan:export-download", args=[export.pk]),
    ]


def ask(client, plan, fmt="csv", language="km", capture=None):
    """POST the export form of the draft page; return the response and the export it made."""
    url = reverse("workplan:draft-exports", args=[plan.draft.pk])
    if capture is None:
        response = client.post(url, {"format": fmt, "language": language})
    else:
        with capture(execute=True):
            response = client.post(url, {"format": fmt, "language": language})
    return response, Export.objects.order_by("-created_at").first()


def test_ask_follow_and_download_a_confidential_export(client, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.staff)
    page = client.get(reverse("workplan:draft", args=[plan.draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert f'action="/workplan/drafts/{plan.draft.pk}/exports/"' in page.content.decode()
    response, export = ask(client, plan, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("workplan:export", args=[export.pk])
    assert export.requested_by == plan.staff and export.format == "csv" and export.language == "km"

    status = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    html = status.content.decode()
    assert status.status_code == 200
    assert '<progress id="export-bar" max="100" value="100">' in html
    assert 'id="export-download"' in html and "hx-trigger" not in html  # done: the page stops polling
    assert "no-store" in status["Cache-Control"]

    download = client.get(reverse("workplan:export-download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"] == 'attachment; filename="national-work-plan-2010-2014-draft-1-km.csv"'
    rows = csv_rows(b"".join(download.streaming_content))
    assert rows[0] == [export.watermark]
    events = AuditEvent.objects.filter(object_id=str(export.pk)).order_by("pk")
    assert [event.action for event in events] == ["export.requested", "export.built", "export.downloaded"]
    assert events.last().actor == plan.staff


def test_a_pending_export_polls_and_works_without_script(client, plan):
    client.force_login(plan.staff)
    _response, export = ask(client, plan)  # the on-commit build never runs here: it stays pending
    html = client.get(reverse("workplan:export", args=[export.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    progress = reverse("workplan:export-progress", args=[export.pk])
    assert f'hx-get="{progress}" hx-trigger="every 1s" hx-swap="outerHTML"' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "<script>" not in html  # only script files: the page's CSP allows no inline script
    fragment = client.get(progress).content.decode()
    assert fragment.strip().startswith('<div id="export-progress"') and "hx-trigger" in fragment
    # A download before it is built goes back to the progress bar.
    early = client.get(reverse("workplan:export-download", args=[export.pk]))
    assert early.status_code == 302 and early["Location"] == reverse("workplan:export", args=[export.pk])
    services.export_build(export.pk)
    fragment = client.get(progress).content.decode()
    assert "hx-trigger" not in fragment and 'value="100"' in fragment


def test_a_failed_export_says_so_and_can_be_tried_again(client, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.staff)
    _response, export = ask(client, plan)
    Export.objects.filter(pk=export.pk).update(status="failed", error="The export could not be built.")
    html = client.get(reverse("workplan:export-progress", args=[export.pk])).content.decode()
    assert 'role="alert"' in html and "The export could not be built." in html and "hx-trigger" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workplan:export-retry", args=[export.pk]))
    assert response.status_code == 302
    export.refresh_from_db()
    assert export.status == "done"


def test_who_may_not_read_the_whole_draft_finds_nothing(client, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.staff)
    _response, export = ask(client, plan, capture=django_capture_on_commit_callbacks)
    plan.submit()
    missing = uuid.uuid4()
    # A liaison sees the draft in review (their sections), not the whole draft; the other liaison nothing at all.
    for person in (plan.liaison, plan.other_liaison, UserFactory(username="nobody")):
        client.force_login(person)
        exports = reverse("workplan:draft-exports", args=[plan.draft.pk])
        assert client.post(exports, {"format": "csv"}).status_code == 404
        assert client.get(exports).status_code == 404
        for url in urls(export):
            assert client.get(url).status_code == 404, (person, url)
        assert client.post(reverse("workplan:export-retry", args=[export.pk])).status_code == 404
        for url in urls(Export(pk=missing)):
            assert client.get(url).status_code == 404
    # Someone who reads the whole draft, but did not ask for this export: it is not theirs.
    client.force_login(plan.colleague)
    for url in urls(export):
        assert client.get(url).status_code == 404
    assert Export.objects.count() == 1
    assert not AuditEvent.objects.filter(action="export.downloaded").exists()


def test_a_share_revoked_after_the_export_takes_the_file_away(client, plan, django_capture_on_commit_callbacks):
    guest = UserFactory(username="guest")
    reviews.draft_share(draft=plan.draft, actor=plan.chief, person=guest)
    client.force_login(guest)
    _response, export = ask(client, plan, capture=django_capture_on_commit_callbacks)
    download = reverse("workplan:export-download", args=[export.pk])
    assert client.get(download).status_code == 200
    reviews.draft_unshare(draft=plan.draft, actor=plan.chief, person=guest)
    for url in urls(export):
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="export.downloaded", object_id=str(export.pk)).count() == 1


def test_a_visitor_is_sent_to_sign_in_for_a_drafts_export(client, plan, django_capture_on_commit_callbacks):
    staff = client
    staff.force_login(plan.staff)
    _response, export = ask(staff, plan, capture=django_capture_on_commit_callbacks)
    staff.logout()
    for url in [*urls(export), *urls(Export(pk=uuid.uuid4())), reverse("workplan:draft-exports", args=[plan.draft.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), url
    assert client.post(reverse("workplan:draft-exports", args=[plan.draft.pk]), {"format": "csv"}).status_code == 302
    assert Export.objects.count() == 1


def test_the_published_plan_is_exported_for_everyone_once(client, plan, django_capture_on_commit_callbacks):
    publication = plan.publish()
    url = reverse("public-plan-export", args=[plan.plan.pk, "csv"]) + "?language=km"
    # The first visitor finds it being built: the progress page (its build runs once the request commits).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.get(url)
    assert first.status_code == 200 and b'<progress id="export-bar"' in first.content and len(callbacks) == 1
    export = Export.objects.get(publication=publication)
    assert export.status == "done"
    # Everyone after gets the file as built, and nothing is built again.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.get(url)
    assert again.status_code == 200 and callbacks == []
    assert again["Content-Type"] == "text/csv; charset=utf-8"
    assert "public" in again["Cache-Control"] and again["ETag"] == f'"{export.sha256}"'
    assert "ការបង្ការ" in b"".join(again.streaming_content).decode("utf-8-sig")
    assert Export.objects.count() == 1
    # Its progress page and download need no account either.
    for address in urls(export):
        assert client.get(address).status_code == 200
    assert not AuditEvent.objects.filter(action__in=["export.requested", "export.downloaded"]).exists()
    # The public page offers every format in both languages.
    html = client.get(reverse("public-plan", args=[plan.plan.pk])).content.decode()
    for fmt in ("pdf", "docx", "csv", "json"):
        assert f"/plans/{plan.plan.pk}/exports/{fmt}/?language=km" in html
    # Not yet built: the status page with its progress bar, which follows the build like a draft's.
    pending = client.get(reverse("public-plan-export", args=[plan.plan.pk, "json"]) + "?language=en")
    assert pending.status_code == 200 and b'<progress id="export-bar"' in pending.content
    assert client.get(reverse("public-plan-export", args=[plan.plan.pk, "xls"])).status_code == 404


def test_a_plan_not_published_has_no_public_export(client, plan):
    assert client.get(reverse("public-plan-export", args=[plan.plan.pk, "pdf"])).status_code == 404
    assert not Export.objects.exists()


def test_the_recent_exports_are_the_requesters_own(client, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.colleague)
    ask(client, plan, capture=django_capture_on_commit_callbacks)
    client.force_login(plan.staff)
    _response, mine = ask(client, plan, fmt="json", capture=django_capture_on_commit_callbacks)
    html = client.get(reverse("workplan:draft-exports", args=[plan.draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert html.context["exports"] == [mine]


@pytest.mark.parametrize("count", [1, 12])
def test_export_pages_cost_a_fixed_number_of_queries(
    client, plan, count, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.force_login(plan.staff)
    for _ in range(count):
        _response, export = ask(client, plan, capture=django_capture_on_commit_callbacks)
    # The session's and the user's reads, the roles, the export, the policy's one check; the session saved.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("workplan:export", args=[export.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("workplan:export-progress", args=[export.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("workplan:draft-exports", args=[plan.draft.pk])).status_code == 200
