"""In a real browser: the commission page, switched to Khmer, reads in Khmer."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_server(live_server):
    call_command("seed_demo", verbosity=0)
    return live_server


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def test_switch_the_commission_page_to_khmer(seeded_server, page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{seeded_server.url}/commission/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Members of the commission")).to_be_visible()
    expect(page.get_by_role("cell", name="Sar Kheng", exact=False).first).to_be_visible()

    page.get_by_role("button", name="ខ្មែរ").click()
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator("h1")).to_contain_text("គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស")
    expect(page.get_by_text("ស ខេង").first).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Members of the commission")).to_have_count(0)
    # The Khmer text is drawn with the font the portal serves, not a fallback
    # that may be missing on an official's laptop.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check(\"16px 'Noto Sans Khmer'\", 'គណៈ')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Noto Sans Khmer') && f.status === 'loaded').length"
    )
    assert loaded >= 1
    # The choice sticks on the next page.
    page.goto(f"{seeded_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    assert problems == []
