"""In a real browser: the plan's rows in the section editor, each opened in place, changed and saved on its own.

An activity opens as a form in place of its row (htmx), one row at a time; it is saved, refused with an error
summary, added, moved and removed without leaving the page, with the keyboard alone as well as with the mouse,
on a phone as well as on a desk, and without JavaScript on pages of their own. Each test checks what is shown and
what is stored.
"""

import re

import pytest
from playwright.sync_api import expect

from members.models import Organization
from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import (
    activity_of,
    activity_row,
    edit_path,
    open_activity,
    row_form,
    rows_status,
    save_row,
    stored_row,
)
from tests.workplan.builders import Drafting
from workplan.models import Activity, Objective, Section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser_context_args = support.browser_context_args
drafting = support.drafting
open_as = support.open_as

# Chromium logs every 4xx answer on the console; a 400 is a refused form, a 409 a conflict, both shown in place.
REFUSALS = ("status of 400 (Bad Request)", "status of 409 (Conflict)")
UNSAVED_ROW = "This activity has changes that are not saved. Close it anyway?"
KHMER = re.compile("[\u1780-\u17ff]")

ACTIVE_MATCHES = "(selector) => !!document.activeElement && document.activeElement.matches(selector)"


def real_errors(watch):
    return [error for error in watch.errors if not any(refusal in error for refusal in REFUSALS)]


def tab_to(page, selector, *, backwards=False, limit=500):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate(ACTIVE_MATCHES, selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} was not reached with {limit} presses of {key}")


def wait_for_dialogs(page, watch, count):
    """Give a dialog opened by the last click a moment to be reported."""
    for _ in range(50):
        if len(watch.dialogs) >= count:
            return
        page.wait_for_timeout(100)


def codes_shown(page, objective):
    return page.locator(f"#activities-{objective.pk} tr.activity > th")


def codes_stored(section, objective_code):
    return [
        activity.code
        for activity in Activity.objects.filter(objective__section=section, objective__code=objective_code).order_by(
            "order"
        )
    ]


@pytest.fixture
def large(transactional_db):
    """A section of 60 activities over 3 objectives (1.1 to 1.20, 2.1 to 2.20, 3.1 to 3.20)."""
    return Drafting(activities=60)


def test_a_large_section_is_edited_with_the_keyboard_alone(live_server, open_as, large):
    section = large.section
    page, watch = open_as(large.staff, edit_path(section))
    target = activity_of(section, "2.2")
    objective = target.objective
    expect(page.locator("tr.activity")).to_have_count(60)

    # Reach the activity's Edit button with Tab, and open it with Enter: the focus goes to the form's first field.
    tab_to(page, f"#edit-activity-{target.pk}")
    page.keyboard.press("Enter")
    form = page.locator(f"tr#activity-{target.pk}.row-form [data-row-form]")
    expect(form.locator("#activity-form-text_km")).to_be_focused()

    # A new budget, typed over the old one; Tab to Save and press Enter.
    tab_to(page, "#activity-form-budget")
    page.keyboard.press("Control+A")
    page.keyboard.type("61,000")
    tab_to(page, "[data-row-form] button[type=submit]")
    page.keyboard.press("Enter")
    expect(rows_status(page)).to_have_text("Activity 2.2 saved. The section is now at version 3.")
    expect(activity_row(page, target).locator("td.number")).to_have_text("61,000 USD")
    expect(page.locator(f"#edit-activity-{target.pk}")).to_be_focused()
    assert stored_row(section, "2.2")["budget"] == "61000.00"

    # Add an activity to objective 2: Tab to the link, Enter, type, choose the lead ministry with the keyboard.
    tab_to(page, f"#add-activity-{objective.pk}")
    page.keyboard.press("Enter")
    added = page.locator(f"#activities-{objective.pk} tr#activity-new [data-row-form]")
    expect(added.locator("h3")).to_have_text("New activity 2.21")
    expect(added.locator("#activity-form-text_km")).to_be_focused()
    tab_to(page, "#activity-form-text_en")
    page.keyboard.type("Train teachers to spot trafficking")
    tab_to(page, "#activity-form-lead_ministry")
    page.keyboard.type("Justice")
    expect(added.locator("#activity-form-lead_ministry")).to_have_value("justice")
    tab_to(page, "[data-row-form] button[type=submit]")
    page.keyboard.press("Enter")
    expect(rows_status(page)).to_have_text("Activity 2.21 added. The section is now at version 4.")
    new = activity_of(section, "2.21")
    expect(activity_row(page, new).locator("td").first).to_have_text("Train teachers to spot trafficking")
    expect(page.locator(f"#edit-activity-{new.pk}")).to_be_focused()
    row = stored_row(section, "2.21")
    assert (row["objective"], row["lead_ministry"], row["text_en"]) == (
        "2",
        "justice",
        "Train teachers to spot trafficking",
    )
    assert codes_stored(section, "2")[-1] == "2.21"

    # Move 2.2 down with its ↓ button: back with Shift+Tab, Space presses it, the focus stays on it.
    tab_to(page, f"#move-down-{target.pk}", backwards=True)
    page.keyboard.press("Space")
    expect(rows_status(page)).to_have_text("Activity 2.2 moved down.")
    expect(codes_shown(page, objective).nth(1)).to_have_text("2.3")
    expect(codes_shown(page, objective).nth(2)).to_have_text("2.2")
    expect(page.locator(f"#move-down-{target.pk}")).to_be_focused()
    # Enter on it moves it once more.
    page.keyboard.press("Enter")
    expect(rows_status(page)).to_have_text("Activity 2.2 moved down.")
    expect(codes_shown(page, objective).nth(3)).to_have_text("2.2")
    expect(page.locator(f"#move-down-{target.pk}")).to_be_focused()
    assert codes_stored(section, "2")[:5] == ["2.1", "2.3", "2.4", "2.2", "2.5"]
    assert Section.objects.get(pk=section.pk).version == 6
    assert watch.errors == []
    assert watch.dialogs == []


def test_the_partner_list_filters_as_one_types_and_names_the_chosen(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    picker = form.locator("fieldset[data-partner-picker]")
    choices = picker.locator("label.choice")
    everyone = Organization.objects.count()
    assert everyone > 4
    expect(choices).to_have_count(everyone)
    expect(picker.locator("[data-chosen]")).to_have_text("Chosen: None chosen yet.")

    box = picker.locator("input[data-filter]")
    box.press_sequentially("ap")
    expect(picker.locator("label.choice:visible")).to_have_text(["APLE"])
    for hidden in ("Interior", "Justice", "Social Affairs"):
        expect(choices.filter(has_text=hidden)).to_be_hidden()
    # Enter in the filter box does not send the form.
    box.press("Enter")
    expect(form).to_be_visible()
    box.press_sequentially("zz")
    expect(picker.locator("label.choice:visible")).to_have_count(0)
    expect(picker.locator("[data-no-match]")).to_have_text("No organisation has that name.")
    box.fill("")
    box.press_sequentially("Jus")
    expect(picker.locator("label.choice:visible")).to_have_text(["Justice"])
    picker.get_by_label("Justice").check()
    expect(picker.locator("[data-chosen] .chip")).to_have_text(["Justice"])
    box.fill("")
    box.press_sequentially("ap")
    picker.get_by_label("APLE").check()
    # Named in the list's order, whatever the order they were chosen in.
    expect(picker.locator("[data-chosen]")).to_have_text("Chosen: Justice APLE")
    expect(picker.locator("[data-chosen] .chip")).to_have_text(["Justice", "APLE"])
    # Clearing the filter shows every organisation again, the chosen ones still checked.
    box.fill("")
    box.dispatch_event("input")
    expect(picker.locator("label.choice:visible")).to_have_count(everyone)
    expect(picker.get_by_label("APLE")).to_be_checked()
    assert stored_row(section, "1.1")["partners"] == []

    save_row(form)
    expect(rows_status(page)).to_have_text("Activity 1.1 saved. The section is now at version 3.")
    partners = activity_row(page, first).locator("td").nth(2)
    expect(partners).to_contain_text("APLE")
    expect(partners).to_contain_text("Justice")
    assert sorted(stored_row(section, "1.1")["partners"]) == ["aple", "justice"]
    # Opened again, the list says who is chosen before anything is touched.
    form = open_activity(page, first)
    expect(form.locator("[data-chosen] .chip")).to_have_text(["Justice", "APLE"])
    assert watch.errors == []


def test_a_refused_row_says_what_to_fix_and_leads_to_the_field(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    form.get_by_label("Activity in English").fill("Typed with care")
    form.get_by_label("Lead ministry").select_option("")
    with page.expect_response(lambda response: response.request.method == "POST") as refused:
        save_row(form)
    assert refused.value.status == 400

    form = row_form(page)
    summary = form.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("There is one problem to fix before this can be saved")
    link = summary.get_by_role("link")
    expect(link).to_have_text(re.compile(r"^Lead ministry: "))
    # What was typed is still there, in the same place of the table.
    expect(page.locator(f"tr#activity-{first.pk}.row-form")).to_have_count(1)
    expect(form.get_by_label("Activity in English")).to_have_value("Typed with care")
    assert stored_row(section, "1.1")["lead_ministry"] == "interior"
    assert Section.objects.get(pk=section.pk).version == 2

    link.click()
    expect(form.locator("#activity-form-lead_ministry")).to_be_focused()
    page.keyboard.type("Justice")
    expect(form.locator("#activity-form-lead_ministry")).to_have_value("justice")
    save_row(form)
    expect(rows_status(page)).to_have_text("Activity 1.1 saved. The section is now at version 3.")
    row = activity_row(page, first)
    expect(row.locator("td").nth(0)).to_have_text("Typed with care")
    expect(row.locator("td").nth(1)).to_have_text("Justice")
    row = stored_row(section, "1.1")
    assert (row["lead_ministry"], row["text_en"]) == ("justice", "Typed with care")
    assert real_errors(watch) == []


def test_a_budget_may_be_written_with_thousands_separators_or_in_khmer_digits(live_server, open_as, drafting):
    section = drafting.section
    first, second = activity_of(section, "1.1"), activity_of(section, "2.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    form.get_by_label("Budget estimate").fill("៦១,០០០")
    save_row(form)
    expect(activity_row(page, first).locator("td.number")).to_have_text("61,000 USD")
    form = open_activity(page, second)
    form.get_by_label("Budget estimate").fill("1,250,000.50")
    save_row(form)
    expect(activity_row(page, second).locator("td.number")).to_have_text(re.compile(r"^1,250,000(\.50)? USD$"))
    assert stored_row(section, "1.1")["budget"] == "61000.00"
    assert stored_row(section, "2.1")["budget"] == "1250000.50"
    assert watch.errors == []


def test_one_row_is_open_at_a_time_and_changes_are_not_dropped_unasked(live_server, open_as, drafting):
    section = drafting.section
    first, second = activity_of(section, "1.1"), activity_of(section, "2.1")
    page, watch = open_as(drafting.staff, edit_path(section))

    # Unchanged, a row closes without a question when another opens.
    open_activity(page, first)
    open_activity(page, second)
    expect(row_form(page)).to_have_count(1)
    expect(activity_row(page, first)).to_be_visible()
    assert watch.dialogs == []

    form = open_activity(page, first)
    expect(row_form(page)).to_have_count(1)
    form.get_by_label("Activity in English").fill("Half typed")

    # Another Edit asks; "Cancel" keeps the open row and what was typed.
    page.locator(f"#edit-activity-{second.pk}").click()
    wait_for_dialogs(page, watch, 1)
    assert watch.dialogs == [("confirm", UNSAVED_ROW)]
    expect(form.get_by_label("Activity in English")).to_have_value("Half typed")
    expect(activity_row(page, second)).to_be_visible()
    expect(row_form(page)).to_have_count(1)

    # "OK" closes it, unsaved, and opens the other.
    watch.accept_next()
    page.locator(f"#edit-activity-{second.pk}").click()
    second_form = page.locator(f"tr#activity-{second.pk}.row-form [data-row-form]")
    expect(second_form.locator("#activity-form-text_km")).to_be_focused()
    expect(row_form(page)).to_have_count(1)
    expect(activity_row(page, first).locator("td").first).to_have_text("Activity 1.1 in English")
    assert [message for _kind, message in watch.dialogs] == [UNSAVED_ROW, UNSAVED_ROW]

    # Escape closes the open row; with changes it asks first.
    second_form.get_by_label("Budget estimate").fill("1")
    second_form.get_by_label("Budget estimate").press("Escape")
    wait_for_dialogs(page, watch, 3)
    expect(second_form).to_be_visible()
    assert len(watch.dialogs) == 3
    watch.accept_next()
    second_form.get_by_label("Budget estimate").press("Escape")
    expect(row_form(page)).to_have_count(0)
    expect(page.locator(f"#edit-activity-{second.pk}")).to_be_focused()
    expect(activity_row(page, second).locator("td.number")).to_have_text("40,000 USD")

    assert stored_row(section, "1.1")["text_en"] == "Activity 1.1 in English"
    assert stored_row(section, "2.1")["budget"] == "40000.00"
    assert Section.objects.get(pk=section.pk).version == 2
    assert watch.errors == []


def test_a_removed_activity_can_be_brought_back_from_the_history(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    # Removed from the open row, where it is looked at.
    remove = open_activity(page, first).locator(".remove-link")
    expect(remove).to_have_attribute("href", f"/workplan/activities/{first.pk}/remove/")

    # Asked first; "Cancel" keeps it.
    remove.click()
    wait_for_dialogs(page, watch, 1)
    expect(page.locator(f"tr#activity-{first.pk}.row-form")).to_be_visible()
    assert watch.dialogs == [("confirm", "Remove activity 1.1? The section's history keeps it.")]
    assert Activity.objects.filter(pk=first.pk).exists()

    watch.accept_next()
    remove.click()
    expect(rows_status(page)).to_have_text(
        "Activity 1.1 removed. The section's history keeps it: restore version 2 to bring it back."
    )
    expect(page.locator(f"#activity-{first.pk}")).to_have_count(0)
    expect(page.locator(f"#activities-{first.objective_id}")).to_have_text("No activity yet.")
    assert not Activity.objects.filter(objective__section=section, code="1.1").exists()
    assert Section.objects.get(pk=section.pk).version == 3

    # Undo: the version the message names, restored from the history.
    page.goto(f"{live_server.url}/workplan/sections/{section.pk}/history/")
    history = page.locator("#compare-revisions tbody tr")
    expect(history.first).to_contain_text("Activity 1.1 removed")
    history.filter(has=page.get_by_label("Compare from revision 2")).get_by_role("button", name="Restore").click()
    expect(page.locator(".messages")).to_contain_text("Revision 2 restored as version 4.")
    page.goto(f"{live_server.url}{edit_path(section)}")
    back = activity_of(section, "1.1")
    expect(activity_row(page, back).locator("td").first).to_have_text("Activity 1.1 in English")
    row = stored_row(section, "1.1")
    assert (row["objective"], row["budget"], row["lead_ministry"]) == ("1", "40000.00", "interior")
    assert Section.objects.get(pk=section.pk).version == 4
    assert watch.errors == []


def test_an_activity_someone_changed_since_is_not_removed_unseen(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    # A colleague raises its budget after the row was opened.
    drafting.save(actor=drafting.colleague, rows=with_budget(drafting, "1.1", "61000.00"))

    watch.accept_next()
    form.locator(".remove-link").click()
    expect(rows_status(page)).to_have_text(
        "Activity 1.1 was changed by someone else since you looked at it, so it was not removed. "
        "Look at it again, then remove it if it should still go."
    )
    # The rows are shown as they are now: the colleague's budget, ready to be looked at again.
    expect(activity_row(page, first).locator("td.number")).to_have_text("61,000 USD")
    assert stored_row(section, "1.1")["budget"] == "61000.00"
    assert Section.objects.get(pk=section.pk).version == 3

    # Looked at again, it can go.
    watch.accept_next()
    open_activity(page, first).locator(".remove-link").click()
    expect(rows_status(page)).to_contain_text("Activity 1.1 removed.")
    assert stored_row(section, "1.1") is None
    assert watch.errors == []


def test_an_added_objective_gets_the_next_code_and_objectives_are_edited_in_place(live_server, open_as, drafting):
    section = drafting.section
    page, watch = open_as(drafting.staff, edit_path(section))

    page.locator("#add-objective").click()
    form = page.locator("#objective-new [data-row-form]")
    expect(form.locator("h3")).to_have_text("New objective 4")
    expect(form.locator("#objective-form-text_km")).to_be_focused()
    form.get_by_label("Objective in English").fill("Protect victims")
    save_row(form)
    expect(rows_status(page)).to_have_text("Objective 4 added. Add its activities below it.")
    added = Objective.objects.get(section=section, code="4")
    expect(page.locator(f"#objective-{added.pk}-title")).to_have_text(re.compile(r"^Objective 4\s*Protect victims$"))
    expect(page.locator(f"#objective-{added.pk}-edit")).to_be_focused()
    expect(page.locator(f"#add-activity-{added.pk}")).to_have_text("Add an activity to objective 4")
    assert [o.code for o in Objective.objects.filter(section=section).order_by("order")] == ["1", "2", "3", "4"]
    assert added.text_en == "Protect victims"

    # An objective's texts open in place of its heading.
    one = Objective.objects.get(section=section, code="1")
    page.locator(f"#objective-{one.pk}-edit").click()
    form = page.locator(f"#objective-{one.pk}-head [data-row-form]")
    expect(form.locator("#objective-form-text_km")).to_be_focused()
    form.get_by_label("Objective in English").fill("Prevent trafficking in villages")
    save_row(form)
    expect(rows_status(page)).to_have_text("Objective 1 saved.")
    expect(page.locator(f"#objective-{one.pk}-title")).to_contain_text("Prevent trafficking in villages")
    expect(page.locator(f"#objective-{one.pk}-edit")).to_be_focused()
    one.refresh_from_db()
    assert one.text_en == "Prevent trafficking in villages"
    assert Section.objects.get(pk=section.pk).version == 4
    assert watch.errors == []


def test_on_a_phone_in_khmer_the_editor_with_a_row_open_fits_the_screen(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section), viewport={"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": "km", "url": live_server.url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    fits = "() => [document.documentElement.scrollWidth, window.innerWidth]"

    width, screen = page.evaluate(fits)
    assert width <= screen, "the editor is wider than the phone"
    form = open_activity(page, first)
    expect(form.locator("#activity-form-text_km")).to_be_focused()
    width, screen = page.evaluate(fits)
    assert width <= screen, "the editor with an activity open is wider than the phone"
    # The form's controls are within the screen, not only the page.
    for control in ("#activity-form-budget", "#activity-form-lead_ministry", "button[type=submit]"):
        box = form.locator(control).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= screen, control
    expect(form.locator("button[type=submit]")).to_have_text(KHMER)
    form.locator("#activity-form-text_km").fill("សកម្មភាពថ្មី")
    save_row(form)
    expect(activity_row(page, first).locator("td").first).to_be_visible()
    width, screen = page.evaluate(fits)
    assert width <= screen, "the editor with a saved row is wider than the phone"
    assert stored_row(section, "1.1")["text_km"] == "សកម្មភាពថ្មី"
    assert watch.errors == []


def test_without_javascript_each_row_has_a_page_of_its_own(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section), java_script_enabled=False)
    editor = f"{live_server.url}{edit_path(section)}"

    page.locator(f"#edit-activity-{first.pk}").click()
    expect(page).to_have_url(f"{live_server.url}/workplan/activities/{first.pk}/edit/")
    expect(page.locator("h1")).to_have_text("Edit activity 1.1")
    page.get_by_label("Budget estimate").fill("61,000")
    page.get_by_role("button", name="Save activity 1.1").click()
    expect(page).to_have_url(f"{editor}#activity-{first.pk}")
    expect(page.locator(".messages")).to_contain_text("Activity 1.1 saved. The section is now at version 3.")
    expect(activity_row(page, first).locator("td.number")).to_have_text("61,000 USD")

    one = first.objective
    page.locator(f"#add-activity-{one.pk}").click()
    expect(page.locator("h1")).to_have_text("Add activity 1.2")
    page.get_by_label("Activity in English").fill("Train border police")
    page.get_by_label("Lead ministry").select_option("justice")
    page.get_by_role("button", name="Add this activity").click()
    expect(page.locator(".messages")).to_contain_text("Activity 1.2 added. The section is now at version 4.")
    added = activity_of(section, "1.2")

    # Without the script a row is moved and removed from its own page.
    expect(page.locator(f"#move-up-{added.pk}")).to_have_count(0)
    page.locator(f"#edit-activity-{added.pk}").click()
    page.get_by_role("button", name="Move activity 1.2 up").click()
    expect(page.locator(".messages")).to_contain_text("Activity 1.2 moved up.")
    expect(codes_shown(page, one)).to_have_text(["1.2", "1.1"])

    page.locator(f"#edit-activity-{first.pk}").click()
    page.get_by_role("link", name="Remove activity 1.1").click()
    expect(page.locator("h1")).to_have_text("Remove activity 1.1?")
    page.get_by_role("button", name="Remove activity 1.1").click()
    expect(page.locator(".messages")).to_contain_text("Activity 1.1 removed.")
    expect(codes_shown(page, one)).to_have_text(["1.2"])

    assert codes_stored(section, "1") == ["1.2"]
    assert stored_row(section, "1.2")["lead_ministry"] == "justice"
    assert Section.objects.get(pk=section.pk).version == 6
    assert watch.errors == []


def with_budget(drafting, code, budget):
    """Return the section's rows as stored, with the budget of one activity changed."""
    rows = drafting.content()["rows"]
    for objective in rows:
        for activity in objective["activities"]:
            if activity["code"] == code:
                activity["budget"] = budget
    return rows


# --- Faults found in the editor's rows, fixed: each stays as a test. -----------------------------------------------


def test_after_a_row_conflict_the_focus_is_on_the_question(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, _ = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    drafting.save(actor=drafting.colleague, rows=with_budget(drafting, "1.1", "61000.00"))
    form.get_by_label("Budget estimate").fill("59,000")
    save_row(form)
    expect(row_form(page).locator(".conflict .conflict-choice")).to_have_count(1)
    expect(page.locator("[data-row-form] .conflict:focus-within")).to_have_count(1, timeout=2000)


def test_a_refused_rows_typing_is_not_dropped_unasked(live_server, open_as, drafting):
    section = drafting.section
    first, second = activity_of(section, "1.1"), activity_of(section, "2.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    form.get_by_label("Activity in English").fill("Typed with care")
    form.get_by_label("Budget estimate").fill("lots")
    save_row(form)
    expect(row_form(page).locator("[data-error-summary]")).to_be_focused()

    page.locator(f"#edit-activity-{second.pk}").click()
    page.wait_for_load_state("networkidle")
    # Asked (and the answer was "Cancel"): the refused form stays, with what was typed.
    assert watch.dialogs == [("confirm", UNSAVED_ROW)]
    expect(row_form(page).get_by_label("Activity in English")).to_have_value("Typed with care", timeout=1000)


def test_moving_another_row_does_not_drop_an_open_rows_changes(live_server, open_as, drafting):
    section = drafting.section
    first, second = activity_of(section, "1.1"), activity_of(section, "2.1")
    page, _watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    form.get_by_label("Activity in English").fill("Typed with care")

    page.locator(f"#move-down-{second.pk}").click()
    page.wait_for_load_state("networkidle")
    # Whether the editor asks first (here "Cancel") or keeps the form open: what was typed is still there.
    expect(page.locator(f"tr#activity-{first.pk}.row-form")).to_have_count(1, timeout=1000)
    expect(row_form(page).get_by_label("Activity in English")).to_have_value("Typed with care", timeout=1000)


def test_after_a_removal_the_focus_stays_in_the_rows(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    form.locator(".remove-link").focus()
    watch.accept_next()
    page.keyboard.press("Enter")
    expect(rows_status(page)).to_contain_text("Activity 1.1 removed.")
    assert stored_row(section, "1.1") is None
    # On what took the removed row's place: here its objective's "Add an activity" (it was the only one).
    expect(page.locator(f"#add-activity-{first.objective_id}")).to_be_focused(timeout=2000)


def test_the_first_activity_is_not_said_to_have_moved_up(live_server, open_as, drafting):
    section = drafting.section
    first = activity_of(section, "1.1")
    page, _watch = open_as(drafting.staff, edit_path(section))
    button = page.locator(f"#move-up-{first.pk}")
    with page.expect_response(lambda response: response.request.method == "POST"):
        button.click()
    expect(rows_status(page)).to_contain_text("Activity 1.1 is already the first of its objective.")
    assert Section.objects.get(pk=section.pk).version == 2


def test_filtering_the_partner_list_is_not_a_change(live_server, open_as, drafting):
    section = drafting.section
    first, second = activity_of(section, "1.1"), activity_of(section, "2.1")
    page, watch = open_as(drafting.staff, edit_path(section))
    form = open_activity(page, first)
    form.locator("[data-filter]").press_sequentially("ap")
    page.locator(f"#edit-activity-{second.pk}").click()
    expect(page.locator(f"tr#activity-{second.pk}.row-form")).to_have_count(1, timeout=2000)
    assert watch.dialogs == []
