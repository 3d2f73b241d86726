"""In a real browser: staff write their task force's section of the national work plan.

The editor is the part of the portal that is mostly script: Tiptap for the texts, the bar saying whether they are
saved, the warning before leaving, and the plan's rows opened in place one at a time (htmx). These tests drive it
as a user does, with clicks and keystrokes, and check what is shown and what is stored.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import (
    Watch,
    activity_of,
    activity_row,
    edit_path,
    open_activity,
    replace_text,
    rich_editor,
    row_form,
    rows_status,
    save_row,
    save_texts,
    sign_in,
    stored_row,
    type_at_end,
)
from workplan.drafting.sanitize import html_to_text
from workplan.models import Activity, ConflictCopy, Objective, Section, SectionRevision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shared fixtures, under the names the tests ask for.
browser_context_args = support.browser_context_args
drafting = support.drafting
open_as = support.open_as

KHMER = re.compile("[\u1780-\u17ff]")
# Chromium logs every 4xx answer on the console; a 409 is the conflict screen itself, a 400 a refused form.
REFUSALS = ("status of 409 (Conflict)", "status of 400 (Bad Request)")


def section_url(live_server, section):
    return f"{live_server.url}/workplan/sections/{section.pk}/"


def edit_url(live_server, section):
    return f"{live_server.url}{edit_path(section)}"


def real_errors(watch):
    return [error for error in watch.errors if not any(refusal in error for refusal in REFUSALS)]


@pytest.fixture
def watched(page):
    return Watch(page)


def test_write_text_and_rows_then_save(live_server, page, watched, drafting):
    section = drafting.section
    sign_in(page, live_server, drafting.staff, edit_path(section))
    expect(page.locator("h1")).to_have_text("Editing Prevention")
    save_state = page.locator("#save-state")
    expect(save_state).to_have_attribute("data-state", "saved")

    # The texts: typed, said to be unsaved, saved with a summary, and the editor opens again on them.
    type_at_end(page, "en", " Village chiefs are trained every year.")
    # Tiptap keeps the hidden field of the form in step with what is typed.
    expect(page.locator("#id_body_en")).to_be_hidden()
    expect(page.locator("#id_body_en")).to_have_value("<p>First text. Village chiefs are trained every year.</p>")
    expect(save_state).to_have_attribute("data-state", "unsaved")
    expect(save_state).to_have_text("Changes not saved yet")
    page.locator("#id_summary").fill("Training of village chiefs")
    save_texts(page)
    expect(page).to_have_url(edit_url(live_server, section))
    expect(page.locator(".messages")).to_contain_text("Saved as version 3.")
    expect(save_state).to_have_attribute("data-state", "saved")
    expect(save_state).to_have_text("Saved")
    expect(rich_editor(page, "en")).to_have_text("First text. Village chiefs are trained every year.")

    # An activity, opened in place on its first field, changed and saved on its own.
    first = activity_of(section, "1.1")
    form = open_activity(page, first)
    expect(form.locator("#activity-form-text_km")).to_be_focused()
    expect(page.locator(f"tr#activity-{first.pk}.activity")).to_have_count(0)
    form.get_by_label("Last year").select_option("2014")
    form.get_by_label("Budget estimate").fill("55,000")
    save_row(form)
    row = activity_row(page, first)
    expect(row).to_have_class(re.compile(r"\bjust-saved\b"))
    expect(row.locator("td.years")).to_have_text("2010–2014")
    expect(row.locator("td.number")).to_have_text("55,000 USD")
    expect(row_form(page)).to_have_count(0)
    expect(rows_status(page)).to_have_text("Activity 1.1 saved. The section is now at version 4.")
    expect(page.locator(f"#edit-activity-{first.pk}")).to_be_focused()

    # A new activity of objective 1 gets the objective's next code.
    objective = first.objective
    page.locator(f"#add-activity-{objective.pk}").click()
    added = page.locator(f"#activities-{objective.pk} tr#activity-new [data-row-form]")
    expect(added.locator("h3")).to_have_text("New activity 1.2")
    expect(added.locator("#activity-form-text_km")).to_be_focused()
    added.get_by_label("Activity in English").fill("Train border police")
    added.get_by_label("Activity in Khmer").fill("បណ្តុះបណ្តាលប៉ូលីសព្រំដែន")
    added.get_by_label("Lead ministry").select_option("justice")
    added.get_by_label("First year").select_option("2011")
    added.get_by_label("Last year").select_option("2013")
    save_row(added)
    expect(rows_status(page)).to_have_text("Activity 1.2 added. The section is now at version 5.")
    new = activity_of(section, "1.2")
    expect(page.locator(f"#edit-activity-{new.pk}")).to_be_focused()

    # Moved up, in place; the focus stays on the button pressed.
    page.locator(f"#move-up-{new.pk}").click()
    expect(rows_status(page)).to_have_text("Activity 1.2 moved up.")
    expect(page.locator(f"#activities-{objective.pk} tr.activity > th")).to_have_text(["1.2", "1.1"])
    expect(page.locator(f"#move-up-{new.pk}")).to_be_focused()

    # The section's page shows what was saved.
    page.goto(section_url(live_server, section))
    expect(page.locator("article[lang=en] .prose")).to_have_text("First text. Village chiefs are trained every year.")
    rows = page.locator("#objective-1 ~ table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("1.2 Train border police")
    expect(rows.nth(0)).to_contain_text("Justice")
    expect(rows.nth(0)).to_contain_text("2011–2013")
    expect(rows.nth(1)).to_contain_text("1.1 Activity 1.1 in English")
    expect(rows.nth(1)).to_contain_text("2010–2014")
    expect(rows.nth(1)).to_contain_text("55,000 USD")

    section = Section.objects.get(pk=section.pk)
    assert section.version == 6
    assert section.updated_by == drafting.staff
    assert section.body_en == "<p>First text. Village chiefs are trained every year.</p>"
    revisions = SectionRevision.objects.filter(section=section, number__gt=2).order_by("number")
    assert [(r.number, r.author, r.summary) for r in revisions] == [
        (3, drafting.staff, "Training of village chiefs"),
        (4, drafting.staff, "Activity 1.1 changed"),
        (5, drafting.staff, "Activity 1.2 added"),
        (6, drafting.staff, "Activity 1.2 moved up"),
    ]
    activities = Activity.objects.filter(objective__section=section, objective__code="1").order_by("order")
    assert [(a.code, a.lead_ministry.code, a.start_year, a.end_year, a.text_en) for a in activities] == [
        ("1.2", "justice", 2011, 2013, "Train border police"),
        ("1.1", "interior", 2010, 2014, "Activity 1.1 in English"),
    ]
    assert activities[0].text_km == "បណ្តុះបណ្តាលប៉ូលីសព្រំដែន"
    assert str(activities[1].budget) == "55000.00"
    assert watched.errors == []
    assert watched.dialogs == []


def test_warning_before_leaving_with_unsaved_changes(live_server, page, drafting):
    section = drafting.section
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "Stay on this page"

    def wait_for_dialogs(count):
        # The dialog is reported while the click returns; give it a moment to arrive.
        for _ in range(50):
            if len(dialogs) >= count:
                break
            page.wait_for_timeout(100)

    page.on("dialog", answer)
    sign_in(page, live_server, drafting.staff, edit_path(section))
    close_editor = page.locator(".editor-bar").get_by_role("link", name="Close the editor")

    # Text typed and not saved: leaving asks first, and staying keeps the page and what was typed.
    type_at_end(page, "en", " Words not saved yet.")
    close_editor.click()
    wait_for_dialogs(1)
    assert dialogs == ["beforeunload"]
    assert page.url == edit_url(live_server, section)
    expect(rich_editor(page, "en")).to_have_text("First text. Words not saved yet.")

    # Saving is leaving on purpose: no warning, and the editor opens again on the saved text.
    save_texts(page)
    expect(page.locator(".messages")).to_contain_text("Saved as version 3.")
    expect(page).to_have_url(edit_url(live_server, section))
    assert dialogs == ["beforeunload"]
    assert Section.objects.get(pk=section.pk).body_en == "<p>First text. Words not saved yet.</p>"

    # A row with changes not saved holds the user back too.
    first = activity_of(section, "1.1")
    form = open_activity(page, first)
    form.get_by_label("Budget estimate").fill("45,000")
    close_editor.click()
    wait_for_dialogs(2)
    assert dialogs == ["beforeunload", "beforeunload"]
    assert page.url == edit_url(live_server, section)
    expect(form.get_by_label("Budget estimate")).to_have_value("45,000")
    save_row(form)
    expect(activity_row(page, first).locator("td.number")).to_have_text("45,000 USD")

    # Clicking into the editor or opening a row without changing anything does not hold the user back.
    rich_editor(page, "en").click()
    open_activity(page, first)
    close_editor.click()
    expect(page).to_have_url(section_url(live_server, section))
    assert dialogs == ["beforeunload", "beforeunload"]
    assert stored_row(section, "1.1")["budget"] == "45000.00"


def test_a_stale_save_asks_only_about_the_paragraph_both_changed(live_server, open_as, drafting):
    section = drafting.section
    mine, my_watch = open_as(drafting.staff, edit_path(section))
    theirs, their_watch = open_as(drafting.colleague, edit_path(section))
    expect(theirs.locator("#others-editing")).to_contain_text(drafting.staff.name_en)

    type_at_end(theirs, "en", " Hotlines answer day and night.")
    theirs.locator("#id_title_en").fill("Prevention of trafficking")
    save_texts(theirs)
    expect(theirs.locator(".messages")).to_contain_text("Saved as version 3.")

    type_at_end(mine, "en", " Shelters open in every province.")
    with mine.expect_response(lambda response: response.request.method == "POST") as refused:
        save_texts(mine)
    assert refused.value.status == 409

    conflict = mine.locator("#conflict")
    expect(conflict.get_by_role("alert")).to_contain_text("Version 3 was saved after you opened version 2.")
    # One question: the paragraph both changed. The title only they changed is merged without asking.
    (item,) = conflict.locator(".conflict-choice").all()
    expect(item.locator("legend")).to_have_text("Text in English")
    expect(item.locator(".theirs h3")).to_have_text(f"Changed by {drafting.colleague.name_en} (version 3)")
    expect(item.locator(".theirs .prose")).to_have_text("First text. Hotlines answer day and night.")
    expect(item.locator(".mine .prose")).to_have_text("First text. Shelters open in every province.")
    expect(mine.locator("#save-state")).to_have_attribute("data-state", "conflict")
    expect(mine.locator("#save-state")).to_have_text("Conflict: choose above what to keep")
    # The editor holds the user's own text, still based on the version they opened: the next save merges again.
    expect(rich_editor(mine, "en")).to_have_text("First text. Shelters open in every province.")
    expect(mine.locator("#id_version")).to_have_value("2")
    copy = ConflictCopy.objects.get(section=section, author=drafting.staff)
    assert copy.resolved_at is None

    # Combining both: write the combined text, and keep it.
    type_at_end(mine, "en", " Hotlines answer day and night.")
    item.get_by_label("Keep your change").check()
    save_texts(mine)
    expect(mine).to_have_url(edit_url(live_server, section))
    expect(mine.locator(".messages")).to_contain_text("Saved as version 4, merged with version 3")
    expect(mine.locator("#conflict")).to_have_count(0)
    expect(mine.locator("#save-state")).to_have_attribute("data-state", "saved")
    expect(rich_editor(mine, "en")).to_have_text(
        "First text. Shelters open in every province. Hotlines answer day and night."
    )
    expect(mine.locator("#id_title_en")).to_have_value("Prevention of trafficking")

    section = Section.objects.get(pk=section.pk)
    assert section.version == 4
    assert section.body_en == "<p>First text. Shelters open in every province. Hotlines answer day and night.</p>"
    assert section.title_en == "Prevention of trafficking"
    copy.refresh_from_db()
    assert (copy.base_version, copy.current_version) == (2, 3)
    assert "Shelters open in every province" in copy.content["body_en"]
    assert copy.resolved_at is not None
    assert not ConflictCopy.objects.filter(author=drafting.colleague).exists()
    assert real_errors(my_watch) == []
    assert their_watch.errors == []


def test_two_people_editing_different_activities_at_once_are_both_saved(live_server, open_as, drafting):
    section = drafting.section
    first, second = activity_of(section, "1.1"), activity_of(section, "2.1")
    mine, my_watch = open_as(drafting.staff, edit_path(section))
    theirs, their_watch = open_as(drafting.colleague, edit_path(section))

    # Both open their row before either saves.
    their_form = open_activity(theirs, first)
    my_form = open_activity(mine, second)
    their_form.get_by_label("Budget estimate").fill("61,000")
    my_form.get_by_label("Activity in English").fill("Open two more shelters")

    save_row(their_form)
    expect(rows_status(theirs)).to_have_text("Activity 1.1 saved. The section is now at version 3.")
    save_row(my_form)
    # Nothing to merge: each row has its own version, and nobody else touched this one.
    expect(rows_status(mine)).to_have_text("Activity 2.1 saved. The section is now at version 4.")
    expect(activity_row(mine, second).locator("td").first).to_have_text("Open two more shelters")
    expect(activity_row(theirs, first).locator("td.number")).to_have_text("61,000 USD")
    expect(mine.locator(".conflict")).to_have_count(0)

    # Opened again, each sees the other's change.
    mine.reload()
    expect(activity_row(mine, first).locator("td.number")).to_have_text("61,000 USD")
    expect(activity_row(mine, second).locator("td").first).to_have_text("Open two more shelters")

    assert stored_row(section, "1.1")["budget"] == "61000.00"
    assert stored_row(section, "2.1")["text_en"] == "Open two more shelters"
    assert stored_row(section, "2.1")["budget"] == "40000.00"
    revisions = SectionRevision.objects.filter(section=section, number__gt=2).order_by("number")
    assert [(r.author, r.summary) for r in revisions] == [
        (drafting.colleague, "Activity 1.1 changed"),
        (drafting.staff, "Activity 2.1 changed"),
    ]
    assert not ConflictCopy.objects.exists()
    assert my_watch.errors == [] and their_watch.errors == []


@pytest.mark.parametrize("keep", ["theirs", "mine"])
def test_both_changing_one_budget_is_one_named_conflict_to_choose(live_server, open_as, drafting, keep):
    section = drafting.section
    first = activity_of(section, "1.1")
    mine, my_watch = open_as(drafting.staff, edit_path(section))
    theirs, their_watch = open_as(drafting.colleague, edit_path(section))
    their_form = open_activity(theirs, first)
    my_form = open_activity(mine, first)

    their_form.get_by_label("Budget estimate").fill("61,000")
    save_row(their_form)
    expect(rows_status(theirs)).to_have_text("Activity 1.1 saved. The section is now at version 3.")

    my_form.get_by_label("Budget estimate").fill("59,000")
    my_form.get_by_label("Activity in English").fill("Train village chiefs")
    with mine.expect_response(lambda response: response.request.method == "POST") as refused:
        save_row(my_form)
    assert refused.value.status == 409

    # In place: the form again, with one question, about the budget, naming who changed it.
    form = row_form(mine)
    expect(form).to_have_count(1)
    conflict = form.locator(".conflict")
    expect(conflict).to_contain_text("Someone saved this activity while you had it open.")
    (item,) = conflict.locator(".conflict-choice").all()
    expect(item.locator("legend")).to_have_text("Activity 1.1: budget estimate")
    expect(item.locator(".theirs h3")).to_have_text(f"Changed by {drafting.colleague.name_en} (version 3)")
    expect(item.locator(".theirs")).to_contain_text("61,000")
    expect(item.locator(".mine")).to_contain_text("59,000")
    expect(item).to_contain_text("Before both changes: 40,000")
    # What the user typed is still there.
    expect(form.get_by_label("Activity in English")).to_have_value("Train village chiefs")
    expect(form.get_by_label("Budget estimate")).to_have_value("59,000")
    assert stored_row(section, "1.1")["budget"] == "61000.00"
    assert Section.objects.get(pk=section.pk).version == 3

    label = f"Keep the change by {drafting.colleague.name_en}" if keep == "theirs" else "Keep your change"
    item.get_by_label(label).check()
    save_row(form)
    expect(rows_status(mine)).to_have_text(
        "Activity 1.1 saved, merged with the change saved meanwhile: both are kept. The section is now at version 4."
    )
    budget = "61,000 USD" if keep == "theirs" else "59,000 USD"
    expect(activity_row(mine, first).locator("td.number")).to_have_text(budget)
    expect(activity_row(mine, first).locator("td").first).to_have_text("Train village chiefs")

    row = stored_row(section, "1.1")
    assert row["budget"] == ("61000.00" if keep == "theirs" else "59000.00")
    assert row["text_en"] == "Train village chiefs"
    assert Section.objects.get(pk=section.pk).version == 4
    assert real_errors(my_watch) == []
    assert their_watch.errors == []


def test_a_raised_budget_is_never_reverted_by_a_stale_page(live_server, open_as, drafting):
    """The reported revert: A raised a budget; B, who had opened the section before, saved; A's budget stays."""
    section = drafting.section
    first = activity_of(section, "1.1")
    # B opens the editor and the activity before A saves, in two tabs: the texts in one, the row in the other.
    texts, texts_watch = open_as(drafting.staff, edit_path(section))
    stale = texts.context.new_page()
    stale_watch = Watch(stale)
    stale.goto(edit_url(live_server, section))
    stale_form = open_activity(stale, first)

    a_page, a_watch = open_as(drafting.colleague, edit_path(section))
    a_form = open_activity(a_page, first)
    a_form.get_by_label("Budget estimate").fill("61,000")
    save_row(a_form)
    expect(rows_status(a_page)).to_have_text("Activity 1.1 saved. The section is now at version 3.")

    # B saves the texts from the page opened at version 2.
    type_at_end(texts, "en", " Shelters open in every province.")
    save_texts(texts)
    expect(texts.locator(".messages")).to_contain_text("Saved as version 4, merged with version 3")
    expect(activity_row(texts, first).locator("td.number")).to_have_text("61,000 USD")
    assert stored_row(section, "1.1")["budget"] == "61000.00"

    # B saves another field of the same activity from the form opened before A's save: merged, not reverted.
    expect(stale_form.get_by_label("Budget estimate")).to_have_value("40,000")
    stale_form.get_by_label("Last year").select_option("2014")
    save_row(stale_form)
    expect(rows_status(stale)).to_have_text(
        "Activity 1.1 saved, merged with the change saved meanwhile: both are kept. The section is now at version 5."
    )
    row = activity_row(stale, first)
    expect(row.locator("td.number")).to_have_text("61,000 USD")
    expect(row.locator("td.years")).to_have_text("2010–2014")

    row = stored_row(section, "1.1")
    assert (row["budget"], row["end_year"]) == ("61000.00", 2014)
    section = Section.objects.get(pk=section.pk)
    assert section.version == 5
    assert section.body_en == "<p>First text. Shelters open in every province.</p>"
    # Every revision since keeps A's budget.
    for revision in SectionRevision.objects.filter(section=section, number__gte=3):
        (budget,) = [a["budget"] for o in revision.content["rows"] for a in o["activities"] if a["code"] == "1.1"]
        assert budget == "61000.00", revision.number
    assert not ConflictCopy.objects.exists()
    assert texts_watch.errors == [] and stale_watch.errors == [] and a_watch.errors == []


def test_compare_two_revisions_in_the_history(live_server, page, watched, drafting):
    section = drafting.section
    sign_in(page, live_server, drafting.staff, edit_path(section))
    replace_text(page, "en", "Revised draft text.")
    save_texts(page)
    expect(page.locator(".messages")).to_contain_text("Saved as version 3.")
    first = activity_of(section, "1.1")
    form = open_activity(page, first)
    form.get_by_label("Last year").select_option("2013")
    save_row(form)
    expect(rows_status(page)).to_have_text("Activity 1.1 saved. The section is now at version 4.")

    page.goto(section_url(live_server, section))
    page.get_by_role("link", name="History and comparisons").click()
    expect(page.locator("h1")).to_have_text("History of Prevention")
    history = page.locator("#compare-revisions tbody tr")
    expect(history).to_have_count(4)
    expect(history.nth(0)).to_contain_text(drafting.staff.name_en)
    expect(history.nth(0)).to_contain_text("Activity 1.1 changed")
    page.get_by_label("Compare from revision 2").check()
    page.get_by_label("Compare to revision 4").check()
    page.locator("#compare-revisions").get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/\?(a=2&b=4|b=4&a=2)$"))
    expect(page.locator("h1")).to_have_text("From Revision 2 to Revision 4")
    expect(page.locator("#redline-en")).to_have_text("FirstRevised draft text.")
    expect(page.locator("#redline-en ins")).to_have_text(["Revised draft"])
    expect(page.locator("#redline-en del")).to_have_text(["First"])
    expect(page.locator("#redline-km ins, #redline-km del")).to_have_count(0)
    expect(page.locator("#row-changes li")).to_have_text(["Activity 1.1: last year 2012 → 2013"])
    # The row's own revision shows the row change only.
    page.goto(f"{section_url(live_server, section)}compare/?a=3&b=4")
    expect(page.locator("#redline-en ins, #redline-en del")).to_have_count(0)
    expect(page.locator("#row-changes li")).to_have_text(["Activity 1.1: last year 2012 → 2013"])
    assert stored_row(section, "1.1")["end_year"] == 2013
    assert watched.errors == []


def test_write_the_khmer_text_in_khmer(live_server, page, watched, drafting):
    section = drafting.section
    phrase = "គណៈកម្មាធិការជាតិ"
    sign_in(page, live_server, drafting.staff, edit_path(section))
    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page).to_have_url(edit_url(live_server, section))

    replace_text(page, "km", phrase)
    expect(page.locator("#id_body_km")).to_have_value(f"<p>{phrase}</p>")
    save_texts(page)

    expect(page).to_have_url(edit_url(live_server, section))
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator(".messages")).to_have_text(KHMER)
    # Back in the editor the text reads exactly as typed, character for character.
    expect(rich_editor(page, "km")).to_have_text(phrase)
    assert rich_editor(page, "km").text_content() == phrase
    stored = Section.objects.get(pk=section.pk)
    assert stored.version == 3
    assert html_to_text(stored.body_km) == phrase
    assert stored.body_en == "<p>First text.</p>"

    # A row's Khmer text, typed in the Khmer editor, is stored and shown as typed.
    first = activity_of(section, "1.1")
    form = open_activity(page, first)
    form.locator("#activity-form-text_km").fill(phrase)
    save_row(form)
    expect(activity_row(page, first).locator("td").first).to_have_text(phrase)
    assert stored_row(section, "1.1")["text_km"] == phrase

    page.goto(section_url(live_server, section))
    expect(page.locator("article[lang=km] .prose")).to_have_text(phrase)
    assert watched.errors == []


def test_the_editor_speaks_khmer(live_server, page, watched, drafting):
    section = drafting.section
    sign_in(page, live_server, drafting.staff, edit_path(section))
    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    first = activity_of(section, "1.1")

    def speaks_khmer(shown):
        for text, english in shown:
            expect(text).not_to_contain_text(english, timeout=1000)
            expect(text).to_have_text(KHMER, timeout=1000)

    speaks_khmer(
        (
            (page.locator("h1"), "Editing"),
            (page.locator("label[for=id_body_km]"), "Text in Khmer"),
            (page.locator("label[for=id_body_en]"), "Text in English"),
            (page.locator("label[for=id_summary]"), "What did you change?"),
            (page.locator("#section-form .editor-bar button[type=submit]"), "Save the texts"),
            (page.locator("#save-state"), "Saved"),
            (page.locator("#rows-title"), "Objectives and activities"),
            (page.locator(f"#objective-{first.objective.pk}-title"), "Objective"),
            (page.locator(f"#activities-{first.objective.pk}").locator("xpath=..").locator("thead"), "Budget"),
            (page.locator(f"#edit-activity-{first.pk}"), "Edit"),
            (page.locator(f"#add-activity-{first.objective.pk}"), "Add an activity"),
            (page.locator("#add-objective"), "Add an objective"),
        )
    )
    form = open_activity(page, first)
    speaks_khmer(
        (
            (form.locator("h3.row-form-title"), "Activity"),
            (form.locator("label[for=activity-form-text_en]"), "Activity in English"),
            (form.locator("label[for=activity-form-lead_ministry]"), "Lead ministry"),
            (form.locator("label[for=activity-form-budget]"), "Budget estimate"),
            (form.locator("fieldset[data-partner-picker] legend"), "Partners"),
            (form.locator("[data-chosen]"), "Chosen"),
            (form.locator("[data-filter-label]"), "Find an organisation"),
            (form.locator("button[type=submit]"), "Save activity"),
            (form.locator("[data-cancel-row]"), "Cancel"),
        )
    )
    # The row's messages too.
    form.locator("#activity-form-budget").fill("45,000")
    save_row(form)
    expect(rows_status(page)).to_have_text(KHMER)
    expect(rows_status(page)).not_to_contain_text("saved")
    assert stored_row(section, "1.1")["budget"] == "45000.00"
    assert watched.errors == []


def test_the_whole_journey_is_free_of_script_and_policy_errors(live_server, page, watched, drafting):
    """Every page of drafting, in both languages: no console error, no uncaught error, no CSP violation."""
    section = drafting.section
    sign_in(page, live_server, drafting.staff, "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="National work plan").click()
    page.get_by_role("link", name="National plan").click()
    page.get_by_role("link", name="Draft 1").click()
    page.locator("#section-prevention").get_by_role("link", name="Edit").click()
    expect(page.locator("h1")).to_have_text("Editing Prevention")
    expect(rich_editor(page, "km")).to_be_visible()
    expect(rich_editor(page, "en")).to_be_visible()

    type_at_end(page, "km", " ផែនការ")
    type_at_end(page, "en", " More text.")
    save_texts(page)
    expect(page.locator(".messages")).to_contain_text("Saved as version 3.")

    # An objective, then an activity of it, each with the next code.
    page.locator("#add-objective").click()
    objective_form = page.locator("#objective-new [data-row-form]")
    expect(objective_form.locator("h3")).to_have_text("New objective 4")
    objective_form.get_by_label("Objective in English").fill("Protect victims")
    save_row(objective_form)
    expect(rows_status(page)).to_have_text("Objective 4 added. Add its activities below it.")
    objective = Objective.objects.get(section=section, code="4")
    page.locator(f"#add-activity-{objective.pk}").click()
    activity_form = page.locator(f"#activities-{objective.pk} [data-row-form]")
    expect(activity_form.locator("h3")).to_have_text("New activity 4.1")
    activity_form.get_by_label("Activity in English").fill("Open shelters")
    activity_form.get_by_label("Lead ministry").select_option("social-affairs")
    save_row(activity_form)
    expect(rows_status(page)).to_have_text("Activity 4.1 added. The section is now at version 5.")
    expect(page.locator(f"#activities-{objective.pk} tr.activity")).to_contain_text("Open shelters")

    # A row opened and closed with Escape, unchanged: nothing asked, nothing saved.
    first = activity_of(section, "1.1")
    open_activity(page, first)
    page.keyboard.press("Escape")
    expect(row_form(page)).to_have_count(0)
    expect(page.locator(f"#edit-activity-{first.pk}")).to_be_focused()

    page.locator(".editor-bar").get_by_role("link", name="Close the editor").click()
    page.get_by_role("link", name="History and comparisons").click()
    page.get_by_label("Compare from revision 3").check()
    page.locator("#compare-revisions").get_by_role("button", name="Compare").click()
    expect(page.locator("#row-changes")).to_contain_text("Objective 4 added")

    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    page.goto(edit_url(live_server, section))
    expect(rich_editor(page, "km")).to_contain_text("ផែនការ")
    open_activity(page, activity_of(section, "4.1"))
    page.keyboard.press("Escape")
    expect(row_form(page)).to_have_count(0)
    page.goto(f"{live_server.url}/workplan/drafts/{drafting.draft.pk}/")
    assert Section.objects.get(pk=section.pk).version == 5
    assert stored_row(section, "4.1")["lead_ministry"] == "social-affairs"
    assert watched.errors == []
    assert watched.dialogs == []


def test_only_the_task_forces_staff_may_open_the_editor(live_server, open_as, drafting, liaison):
    section = drafting.section
    first = activity_of(section, "1.1")
    row_paths = (
        f"/workplan/activities/{first.pk}/edit/",
        f"/workplan/activities/{first.pk}/remove/",
        f"/workplan/sections/{section.pk}/activities/new/",
        f"/workplan/objectives/{first.objective_id}/edit/",
    )
    other, _ = open_as(drafting.outsider)
    response = other.goto(edit_url(live_server, section))
    assert response.status == 403
    expect(other.locator("#section-form")).to_have_count(0)
    expect(other.locator("body")).not_to_contain_text("First text.")
    for path in row_paths:
        response = other.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        expect(other.locator("[data-row-form]")).to_have_count(0)
        expect(other.locator("body")).not_to_contain_text("Activity 1.1 in English")
    # Staff of another task force read the section, without an edit button.
    response = other.goto(section_url(live_server, section))
    assert response.status == 200
    expect(other.locator("article[lang=en] .prose")).to_have_text("First text.")
    expect(other.get_by_role("link", name="Edit this section")).to_have_count(0)
    expect(other.locator("[id^=edit-activity-], [id^=add-activity-], .remove-link")).to_have_count(0)

    outside, _ = open_as(liaison)
    for path in (
        edit_path(section),
        f"/workplan/sections/{section.pk}/",
        f"/workplan/sections/{section.pk}/history/",
        *row_paths,
    ):
        response = outside.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        expect(outside.locator("h1")).to_have_text("Page not found")
        expect(outside.locator("body")).not_to_contain_text("First text.")
        expect(outside.locator("body")).not_to_contain_text("Activity 1.1 in English")
    assert Section.objects.get(pk=section.pk).version == 2
