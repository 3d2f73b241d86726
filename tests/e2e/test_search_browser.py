"""In a real browser: the search page has no serious accessibility problem, in Khmer or English, and marks words."""

import pytest
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.test_accessibility_browser import serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

drafting = support.drafting
open_as = support.open_as


@pytest.mark.parametrize(("language", "query"), [("en", "Poipet"), ("km", "ប៉ោយប៉ែត")])
def test_the_search_page_has_no_serious_accessibility_problem(live_server, open_as, drafting, language, query):
    drafting.save(body_en="<p>Border crossings at Poipet.</p>", body_km="<p>ច្រកព្រំដែនប៉ោយប៉ែត។</p>")
    page, watch = open_as(drafting.staff)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/search/")
    box = page.locator("main form[role=search]").get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")
    expect(page.locator(".search-result mark").first).to_have_text(query)
    expect(page.locator(".search-snippet").first).to_have_attribute("lang", language)
    assert serious(page) == []
    assert watch.errors == []
