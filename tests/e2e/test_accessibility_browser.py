"""In a real browser: axe finds no serious or critical problem on the section editor, in Khmer or English.

axe-core (bundled with axe-playwright-python) checks the page as Chromium drew it, the rich-text editors and
their toolbars included; the toolbar and the text boxes are named in the page's language. The plan's rows are
checked as they are read, with an activity's form open in place, and with that form refused (its error summary).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import activity_of, open_activity, row_form, save_row

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
    expect(page.locator("tr.activity")).to_have_count(3)
    assert serious(page) == []

    # An activity open in place: its form, the partner list and its filter, in the plan's table.
    form = open_activity(page, activity_of(drafting.section, "1.1"))
    expect(form.locator("[data-filter]")).to_be_visible()
    assert serious(page) == [], "with an activity's form open"

    # Refused: the error summary at the top of the form, linking to the field.
    form.locator("#activity-form-lead_ministry").select_option("")
    save_row(form)
    expect(row_form(page).locator("[data-error-summary]")).to_be_focused()
    assert serious(page) == [], "with an activity's form refused"
    # Chromium logs the refusal (400) on the console; nothing else went wrong.
    assert [error for error in watch.errors if "status of 400" not in error] == []


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_api_reference_has_no_serious_accessibility_problem(live_server, page, language):
    # Swagger UI, the page before, had buttons inside buttons, low contrast and no language (portal/api_reference.py).
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h3", has_text="/api/v1/drafts/").first).to_be_visible()
    assert serious(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
