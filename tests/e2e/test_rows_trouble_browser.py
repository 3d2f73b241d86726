"""In a real browser: a row saved while the connection is down, or after the session ended, loses nothing.

The row's form stays as typed, the page says what happened in the person's language, and the next save,
once the connection or the session is back, goes through.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from workplan.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser_context_args = support.browser_context_args
drafting = support.drafting
open_as = support.open_as


def open_row(page, activity):
    page.locator(f"#edit-activity-{activity.pk}").click()
    form = page.locator("[data-row-form]")
    expect(form).to_be_visible()
    # Settled: its fields focused and the partner list set up, before anything is typed.
    expect(form.locator("#activity-form-text_km")).to_be_focused()
    page.wait_for_load_state("networkidle")
    return form


def test_a_row_saved_while_offline_stays_as_typed_and_is_saved_when_back(live_server, open_as, drafting):
    activity = Activity.objects.get(objective__section=drafting.section, code="1.1")
    page, watch = open_as(drafting.staff, f"/workplan/sections/{drafting.section.pk}/edit/")
    form = open_row(page, activity)
    form.locator("#activity-form-budget").fill("75,500")
    expect(form.locator("#activity-form-budget")).to_have_value("75,500")
    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    expect(page.locator("#rows-status [role=alert]")).to_contain_text("The server could not be reached")
    expect(form.locator("#activity-form-budget")).to_have_value("75,500")
    activity.refresh_from_db()
    assert activity.budget == 40000

    page.context.set_offline(False)
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#activity-{activity.pk}.just-saved")).to_contain_text("75,500 USD")
    activity.refresh_from_db()
    assert activity.budget == 75500
    # The browser reports the refused request, and htmx the failed send, on the console; nothing else went wrong.
    expected = ("ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    assert not [error for error in watch.errors if not any(word in error for word in expected)], watch.errors


def test_a_row_saved_after_the_session_ended_is_not_replaced_by_the_sign_in_page(live_server, open_as, drafting):
    activity = Activity.objects.get(objective__section=drafting.section, code="1.1")
    page, _watch = open_as(drafting.staff, f"/workplan/sections/{drafting.section.pk}/edit/")
    form = open_row(page, activity)
    form.locator("#activity-form-text_en").fill("Typed before the session ended")
    page.context.clear_cookies(name="sessionid")  # the session ends; the browser keeps its other cookies
    form.locator("button[type=submit]").click()
    expect(page.locator("#rows-status [role=alert]")).to_contain_text("You have been signed out, so nothing was saved.")
    expect(form.locator("#activity-form-text_en")).to_have_value("Typed before the session ended")
    expect(page.locator("#id_password")).to_have_count(0)
    activity.refresh_from_db()
    assert activity.text_en != "Typed before the session ended"
