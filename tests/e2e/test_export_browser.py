"""In a real browser: export a draft as PDF, watch the progress bar, download the file, find the watermark in it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import Watch, sign_in
from tests.exports.support import RECIPIENT_EN, ExportPlan, pdf_pages
from workplan.exports import services
from workplan.models import Export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser_context_args = support.browser_context_args
EXPORT_PAGE = re.compile(r"/workplan/exports/[0-9a-f-]{36}/$")


@pytest.fixture
def plan(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return ExportPlan()


def ask_for(page, fmt, language):
    """Fill in and send the export form on the draft's page."""
    exports = page.get_by_role("region", name="Export", exact=True)
    exports.get_by_label("Format").select_option(fmt)
    exports.get_by_label("Language").select_option(language)
    exports.get_by_role("button", name="Export", exact=True).click()
    expect(page).to_have_url(EXPORT_PAGE)


def test_export_a_draft_as_pdf_and_find_the_watermark_in_it(live_server, page, plan, tmp_path):
    watch = Watch(page)
    sign_in(page, live_server, plan.staff, f"/workplan/drafts/{plan.draft.pk}/")
    # With tasks inline, the PDF is built once the request commits, before the progress page is shown.
    ask_for(page, "pdf", "en")
    bar = page.locator("progress#export-bar")
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator("#export-progress")).to_have_attribute("data-status", "done")
    with page.expect_download() as downloading:
        page.locator("#export-download").click()
    download = downloading.value
    assert download.suggested_filename == "national-work-plan-2010-2014-draft-1-en.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    pages = pdf_pages(path.read_bytes(), tmp_path)
    assert len(pages) >= 3
    export = Export.objects.get()
    for text in pages:
        assert f"prepared for {RECIPIENT_EN}" in text and "Draft 1 of National plan" in text
        assert export.watermark in text
    assert watch.errors == []


def test_the_progress_bar_follows_the_build(live_server, page, plan, monkeypatch):
    watch = Watch(page)
    # The broker is down: the request is recorded, nothing is built yet.
    monkeypatch.setattr(services, "_queue", lambda export: None)
    sign_in(page, live_server, plan.staff, f"/workplan/drafts/{plan.draft.pk}/")
    ask_for(page, "csv", "km")
    progress, bar = page.locator("#export-progress"), page.locator("progress#export-bar")
    expect(progress).to_have_attribute("data-status", "pending")
    expect(bar).to_have_attribute("value", "0")
    export = Export.objects.get()
    # A worker takes it and reports progress; the page follows without being reloaded.
    Export.objects.filter(pk=export.pk).update(
        status="running", progress=40, attempts=1, lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    expect(bar).to_have_attribute("value", "40")
    expect(progress).to_have_attribute("data-status", "running")
    services.export_build(export.pk)  # the worker died; the next one builds it (its lease had run out)
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator("#export-download")).to_be_visible()
    # Done: the bar stops asking.
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.wait_for_timeout(2500)
    assert not [url for url in requests if "/progress/" in url]
    assert page.url.endswith(f"/workplan/exports/{export.pk}/")
    assert watch.errors == []
