"""In a real browser: axe finds no serious or critical problem on the section editor, in Khmer or English.

axe-core (bundled with axe-playwright-python) checks the page as Chromium drew it, the rich-text editors and
their toolbars included; the toolbar and the text boxes are named in the page's language.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e import drafting_support as support

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

drafting = support.drafting
open_as = support.open_as

NAMES = {
    "en": {"bold": "Bold", "bulletList": "Bulleted list", "text": "Text in Khmer"},
    "km": {"bold": "ដិត", "bulletList": "បញ្ជីចំណុច", "text": "អត្ថបទជាភាសាខ្មែរ"},
}


def serious(page):
    violations = Axe().run(page).response["violations"]
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_editor_has_no_serious_accessibility_problem(live_server, open_as, drafting, language):
    page, watch = open_as(drafting.staff, f"/workplan/sections/{drafting.section.pk}/edit/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.reload()
    names = NAMES[language]
    toolbar = page.locator(".prose-field[lang=km] .prose-menubar")
    expect(toolbar.locator("button[data-name=bold]")).to_have_attribute("aria-label", names["bold"])
    expect(toolbar.locator("button[data-name=bulletList]")).to_have_attribute("title", names["bulletList"])
    expect(page.get_by_role("textbox", name=names["text"])).to_be_visible()
    assert serious(page) == []
    assert watch.errors == []
