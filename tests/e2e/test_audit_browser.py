"""In a real browser: an auditor reads the log in words, filters it, downloads it; axe finds no serious problem."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audit import services
from members import roles
from tests.e2e import drafting_support as support
from tests.e2e.test_accessibility_browser import serious
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

drafting = support.drafting
open_as = support.open_as

SHARED = {
    "en": "shared draft 1 of the 2010–2014 plan with",
    "km": "បានចែករំលែក សេចក្តីព្រាងទី 1 នៃផែនការឆ្នាំ 2010–2014",
}


@pytest.mark.parametrize("language", ["en", "km"])
def test_an_auditor_reads_filters_and_downloads_the_log(live_server, open_as, drafting, language):
    guest = UserFactory(username="guest-b", name_en="Dara Kim", name_km="ដារ៉ា គីម")
    services.record(action="grant.add", actor=drafting.chief, obj=drafting.draft, details={"person": guest.username})
    auditor = UserFactory(username="auditor-b", roles=[roles.AUDITOR])
    page, watch = open_as(auditor, "/audit/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.reload()

    row = page.locator("tbody tr", has_text=SHARED[language])
    expect(row).to_have_count(1)
    expect(row.locator("td[data-label]")).to_have_count(7)
    assert serious(page) == []

    # The person's name filters the log to their events.
    row.locator(".audit-who a").click()
    support.ready(page)
    expect(page.locator("#id_actor")).to_have_value(drafting.chief.username)
    expect(page.locator(".audit-who", has_text=auditor.username)).to_have_count(0)
    expect(page.locator(".audit-who", has_text=drafting.chief.username).first).to_be_visible()

    with page.expect_download() as waiting:
        page.locator("a[download]").click()
    download = waiting.value
    assert download.suggested_filename.startswith("audit-log-")
    lines = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert {line[2] for line in lines[1:]} == {drafting.chief.username}
    assert any(SHARED[language] in line[5] for line in lines[1:])
    assert watch.errors == []


def test_the_log_on_a_phone_has_no_serious_accessibility_problem(live_server, open_as, drafting):
    auditor = UserFactory(username="auditor-p", roles=[roles.AUDITOR])
    page, _watch = open_as(auditor, "/audit/", viewport={"width": 390, "height": 800})
    expect(page.locator("table.cards tbody tr").first).to_be_visible()
    assert serious(page) == []
