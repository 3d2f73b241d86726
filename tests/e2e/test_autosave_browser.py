"""In a real browser: what is typed in the section editor survives a closed tab and a dropped connection.

The editor keeps its form on the server as the person types (their working copy), and in the browser while
the connection is down; the next time they open the editor, the text is offered back.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import (
    Watch,
    activity_of,
    activity_row,
    open_activity,
    rich_editor,
    save_row,
    save_texts,
    stored_row,
    type_at_end,
)
from workplan.models import Section, WorkingCopy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser_context_args = support.browser_context_args
drafting = support.drafting
open_as = support.open_as

KEPT = "All changes kept on the server"
OFFLINE = "Offline: your text is kept in this browser and will be sent when the connection returns"


def edit_path(section):
    return f"/workplan/sections/{section.pk}/edit/"


def kept_text(drafting, wait=15):
    """Return the English text of the staff member's working copy once it has one (waiting for the browser)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        copy = WorkingCopy.objects.filter(section=drafting.section, author=drafting.staff).first()
        if copy is not None:
            return copy.content["body_en"]
        time.sleep(0.2)
    return None


def test_text_typed_before_the_tab_closed_is_offered_back_and_restored(live_server, open_as, drafting):
    page, watch = open_as(drafting.staff, edit_path(drafting.section))
    context = page.context
    type_at_end(page, "en", " Village chiefs are trai")
    # Closed mid-sentence, before the editor's pause of three seconds: the page sends what it has as it goes.
    page.close()
    assert "Village chiefs are trai" in (kept_text(drafting) or "")

    again = context.new_page()
    watch = Watch(again)
    again.goto(f"{live_server.url}{edit_path(drafting.section)}")
    offer = again.locator("#working-copy")
    expect(offer).to_contain_text("You have text that was not saved, kept on")
    expect(offer).not_to_contain_text("saved since")
    # Offered, not put in the form until asked for.
    expect(again.locator("#id_body_en")).to_have_value("<p>First text.</p>")
    offer.get_by_role("link", name="Restore it").click()

    expect(again).to_have_url(re.compile(r"\?restore=working-copy$"))
    expect(again.locator("#working-copy")).to_contain_text("restored below")
    expect(rich_editor(again, "en")).to_contain_text("First text. Village chiefs are trai")
    type_at_end(again, "en", "ned every year.")
    expect(again.locator("#save-state")).to_have_attribute("data-state", "unsaved")
    save_texts(again)
    expect(again.locator(".messages")).to_contain_text("Saved as version 3")
    expect(again.locator("#save-state")).to_have_attribute("data-state", "saved")

    section = Section.objects.get(pk=drafting.section.pk)
    assert section.body_en == "<p>First text. Village chiefs are trained every year.</p>"
    assert not WorkingCopy.objects.exists(), "the save deletes the working copy"
    again.goto(f"{live_server.url}{edit_path(drafting.section)}")
    expect(again.locator("#working-copy")).to_have_count(0)
    assert not watch.errors, watch.errors


def test_the_offer_says_when_someone_saved_since_and_can_be_discarded(live_server, open_as, drafting):
    page, watch = open_as(drafting.staff, edit_path(drafting.section))
    type_at_end(page, "en", " Mine.")
    expect(page.locator("#autosave-status")).to_have_text(KEPT, timeout=10_000)
    drafting.save(actor=drafting.colleague, body_en="<p>The colleague's text.</p>")

    # Another tab (leaving this one would ask first: the text is kept, not saved).
    page = page.context.new_page()
    watch = Watch(page)
    page.goto(f"{live_server.url}{edit_path(drafting.section)}")
    offer = page.locator("#working-copy")
    expect(offer).to_contain_text("it is now at version 3")
    offer.get_by_role("button", name="Discard it").click()
    expect(page.locator(".messages")).to_contain_text("The text that was not saved has been discarded.")
    expect(page.locator("#working-copy")).to_have_count(0)
    assert not WorkingCopy.objects.exists()
    assert not watch.errors, watch.errors


def test_offline_the_text_waits_in_the_browser_and_reaches_the_server_when_back(live_server, open_as, drafting):
    page, watch = open_as(drafting.staff, edit_path(drafting.section))
    status = page.locator("#autosave-status")
    type_at_end(page, "en", " Kept while online.")
    expect(status).to_have_text(KEPT, timeout=10_000)
    assert kept_text(drafting).endswith("Kept while online.</p>")

    page.context.set_offline(True)
    type_at_end(page, "en", " Typed on the bus.")
    expect(status).to_have_text(OFFLINE, timeout=10_000)
    # The bar says it too, beside the Save button.
    expect(page.locator("#save-state")).to_have_attribute("data-state", "offline")
    expect(page.locator("#save-state")).to_have_text("Offline")
    stored = page.evaluate(f"localStorage.getItem('working-copy:{drafting.staff.pk}:{drafting.section.pk}')")
    assert "Typed on the bus." in stored
    assert "Typed on the bus." not in kept_text(drafting)

    page.context.set_offline(False)
    expect(status).to_have_text(KEPT, timeout=10_000)
    # Kept on the server is not saved in the section.
    expect(page.locator("#save-state")).to_have_attribute("data-state", "unsaved")
    assert kept_text(drafting).endswith("Typed on the bus.</p>")
    assert page.evaluate(f"localStorage.getItem('working-copy:{drafting.staff.pk}:{drafting.section.pk}')") is None
    assert not watch.errors, watch.errors


def test_a_connection_that_drops_requests_is_retried(live_server, open_as, drafting):
    page, watch = open_as(drafting.staff, edit_path(drafting.section))
    status = page.locator("#autosave-status")
    page.route("**/autosave/", lambda route: route.abort())
    type_at_end(page, "en", " Sent into the void.")
    expect(status).to_have_text(OFFLINE, timeout=10_000)
    assert kept_text(drafting, wait=0) is None

    page.unroute("**/autosave/")
    # The browser does not know the connection is back (it never said it was gone): the editor tries again.
    expect(status).to_have_text(KEPT, timeout=20_000)
    assert kept_text(drafting).endswith("Sent into the void.</p>")
    # The failed requests are reported on the console by the browser itself; nothing else went wrong.
    assert not [error for error in watch.errors if "autosave" not in error], watch.errors


def test_text_kept_only_in_the_browser_is_sent_and_offered_at_the_next_visit(live_server, open_as, drafting):
    page, watch = open_as(drafting.staff, edit_path(drafting.section))
    context = page.context
    context.set_offline(True)
    type_at_end(page, "en", " Written with no connection.")
    expect(page.locator("#autosave-status")).to_have_text(OFFLINE, timeout=10_000)
    page.close()
    context.set_offline(False)
    assert kept_text(drafting, wait=1) is None

    again = context.new_page()
    watch = Watch(again)
    again.goto(f"{live_server.url}{edit_path(drafting.section)}")
    offer = again.locator("#working-copy-local")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Text you typed while offline has reached the server")
    assert kept_text(drafting).endswith("Written with no connection.</p>")
    offer.get_by_role("link", name="Restore it").click()
    expect(rich_editor(again, "en")).to_contain_text("Written with no connection.")
    assert not watch.errors, watch.errors


def test_a_rows_form_is_saved_on_its_own_and_not_kept_with_the_texts(live_server, open_as, drafting):
    """The working copy is the texts' form: what is typed in an activity's form is neither kept nor counted there."""
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, f"/workplan/sections/{section.pk}/edit/")
    form = open_activity(page, first)
    form.get_by_label("Budget estimate").fill("61,000")
    form.get_by_label("Activity in English").fill("Typed in the row")
    # The texts are not changed by it.
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    expect(page.locator("#autosave-status")).to_be_empty()

    type_at_end(page, "en", " Typed in the text.")
    expect(page.locator("#autosave-status")).to_have_text(KEPT, timeout=10_000)
    copy = WorkingCopy.objects.get(section=section, author=drafting.staff)
    assert copy.content["body_en"] == "<p>First text. Typed in the text.</p>"
    kept = str(copy.content)
    assert "Typed in the row" not in kept and "61,000" not in kept and "61000" not in kept

    # The row is saved on its own; the text stays kept, not saved.
    save_row(form)
    expect(activity_row(page, first).locator("td.number")).to_have_text("61,000 USD")
    expect(page.locator("#save-state")).to_have_attribute("data-state", "unsaved")
    assert stored_row(section, "1.1")["budget"] == "61000.00"
    assert Section.objects.get(pk=section.pk).body_en == "<p>First text.</p>"
    assert WorkingCopy.objects.filter(section=section, author=drafting.staff).exists()

    # Saving the texts afterwards keeps the row as saved (the texts' form sends no row).
    save_texts(page)
    expect(page.locator(".messages")).to_contain_text("Saved as version 4.")
    expect(activity_row(page, first).locator("td.number")).to_have_text("61,000 USD")
    assert stored_row(section, "1.1")["budget"] == "61000.00"
    assert Section.objects.get(pk=section.pk).body_en == "<p>First text. Typed in the text.</p>"
    assert not WorkingCopy.objects.exists()
    assert not watch.errors, watch.errors
