"""In a real browser: staff write their task force's section of the national work plan.

The editor is the part of the portal that is mostly script (Tiptap, the formset buttons, the warning before
leaving), so these tests drive it as a user does, with clicks and keystrokes, and check what is shown and stored.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import Watch, replace_text, rich_editor, sign_in, type_at_end
from workplan.drafting.sanitize import html_to_text
from workplan.models import Activity, ConflictCopy, Section, SectionRevision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shared fixtures, under the names the tests ask for.
browser_context_args = support.browser_context_args
drafting = support.drafting
open_as = support.open_as

KHMER = re.compile("[\u1780-\u17ff]")


def edit_path(section):
    return f"/workplan/sections/{section.pk}/edit/"


def section_url(live_server, section):
    return f"{live_server.url}/workplan/sections/{section.pk}/"


def save(page):
    """Press the form's Save button (by position, so that it works in either language)."""
    page.locator("#section-form p.actions button[type=submit]").click()


def activity_row(page, code):
    """Return the editor's row of the activity with this code."""
    return page.locator("[data-row=act]").filter(has=page.locator(f"input[name$='-code'][value='{code}']"))


@pytest.fixture
def watched(page):
    return Watch(page)


def test_write_text_and_rows_then_save(live_server, page, watched, drafting):
    section = drafting.section
    sign_in(page, live_server, drafting.staff, edit_path(section))
    expect(page.locator("h1")).to_have_text("Editing Prevention")

    type_at_end(page, "en", " Village chiefs are trained every year.")
    # Tiptap keeps the hidden field of the form in step with what is typed.
    expect(page.locator("#id_body_en")).to_be_hidden()
    expect(page.locator("#id_body_en")).to_have_value("<p>First text. Village chiefs are trained every year.</p>")

    first = activity_row(page, "1.1")
    first.get_by_label("Last year").select_option("2014")
    first.get_by_label("Budget estimate").fill("55000")

    objective = page.locator("[data-row=obj]").nth(0)
    objective.get_by_role("button", name="Add an activity").click()
    added = objective.locator("[data-row=act]").last
    # The new row opens on its first field, ready to type into.
    expect(added.get_by_label("Code")).to_be_focused()
    added.get_by_label("Code").fill("1.2")
    expect(added.locator("[data-code-echo]")).to_have_text("1.2")
    added.get_by_label("Activity in English").fill("Train border police")
    added.get_by_label("Activity in Khmer").fill("បណ្តុះបណ្តាលប៉ូលីសព្រំដែន")
    added.get_by_label("Lead ministry").select_option("justice")
    added.get_by_label("First year").select_option("2011")
    added.get_by_label("Last year").select_option("2013")
    added.get_by_role("button", name="Move up").click()
    expect(objective.locator("[data-row=act] [data-code-echo]")).to_have_text(["1.2", "1.1"])

    page.get_by_label("What did you change?").fill("Training of border police added")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(section_url(live_server, section))
    expect(page.get_by_role("status")).to_contain_text("Saved as version 3.")
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
    assert section.version == 3
    assert section.updated_by == drafting.staff
    assert section.body_en == "<p>First text. Village chiefs are trained every year.</p>"
    assert SectionRevision.objects.filter(section=section).count() == 3
    assert SectionRevision.objects.get(section=section, number=3).summary == "Training of border police added"
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

    page.on("dialog", answer)
    sign_in(page, live_server, drafting.staff, edit_path(section))
    edit_url = f"{live_server.url}{edit_path(section)}"

    type_at_end(page, "en", " Words not saved yet.")
    page.get_by_role("link", name="Cancel").click()
    # The dialog is reported while the click returns; give it a moment to arrive.
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    # Staying keeps the page and what was typed.
    assert page.url == edit_url
    expect(rich_editor(page, "en")).to_have_text("First text. Words not saved yet.")

    # Saving is leaving on purpose: no warning.
    save(page)
    expect(page).to_have_url(section_url(live_server, section))
    assert dialogs == ["beforeunload"]
    assert Section.objects.get(pk=section.pk).body_en == "<p>First text. Words not saved yet.</p>"

    # Clicking into the editor without changing anything does not hold the user back either.
    page.goto(edit_url)
    rich_editor(page, "en").click()
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(section_url(live_server, section))
    assert dialogs == ["beforeunload"]


def test_a_stale_save_asks_only_about_the_paragraph_both_changed(live_server, open_as, drafting):
    section = drafting.section
    mine, my_watch = open_as(drafting.staff, edit_path(section))
    theirs, their_watch = open_as(drafting.colleague, edit_path(section))
    expect(theirs.locator("#others-editing")).to_contain_text(drafting.staff.name_en)

    type_at_end(theirs, "en", " Hotlines answer day and night.")
    save(theirs)
    expect(theirs.get_by_role("status")).to_contain_text("Saved as version 3.")

    type_at_end(mine, "en", " Shelters open in every province.")
    with mine.expect_response(lambda response: response.request.method == "POST") as refused:
        save(mine)
    assert refused.value.status == 409

    conflict = mine.locator("#conflict")
    expect(conflict.get_by_role("alert")).to_contain_text("Version 3 was saved after you opened version 2.")
    (item,) = conflict.locator(".conflict-choice").all()
    expect(item.locator("legend")).to_have_text("Text in English")
    expect(item.locator(".theirs h3")).to_have_text(f"Changed by {drafting.colleague.name_en} (version 3)")
    expect(item.locator(".theirs .prose")).to_have_text("First text. Hotlines answer day and night.")
    expect(item.locator(".mine .prose")).to_have_text("First text. Shelters open in every province.")
    # The editor holds the user's own text, still based on the version they opened: the next save merges again.
    expect(rich_editor(mine, "en")).to_have_text("First text. Shelters open in every province.")
    expect(mine.locator("#id_version")).to_have_value("2")
    copy = ConflictCopy.objects.get(section=section, author=drafting.staff)
    assert copy.resolved_at is None

    # Combining both: write the combined text, and keep it.
    type_at_end(mine, "en", " Hotlines answer day and night.")
    item.get_by_label("Keep your change").check()
    save(mine)
    expect(mine).to_have_url(section_url(live_server, section))
    expect(mine.get_by_role("status")).to_contain_text("Saved as version 4, merged with version 3")
    expect(mine.locator("article[lang=en] .prose")).to_have_text(
        "First text. Shelters open in every province. Hotlines answer day and night."
    )

    section = Section.objects.get(pk=section.pk)
    assert section.version == 4
    assert section.body_en == "<p>First text. Shelters open in every province. Hotlines answer day and night.</p>"
    copy.refresh_from_db()
    assert (copy.base_version, copy.current_version) == (2, 3)
    assert "Shelters open in every province" in copy.content["body_en"]
    assert copy.resolved_at is not None
    assert not ConflictCopy.objects.filter(author=drafting.colleague).exists()
    # Chromium logs every 4xx document on the console; the 409 is the conflict view itself.
    assert [error for error in my_watch.errors if "status of 409 (Conflict)" not in error] == []
    assert their_watch.errors == []


def test_two_people_editing_different_activities_are_both_saved(live_server, open_as, drafting):
    """The reported revert: A raised a budget; B, who had opened the section before, saved; A's budget stays."""
    section = drafting.section
    mine, my_watch = open_as(drafting.staff, edit_path(section))
    theirs, their_watch = open_as(drafting.colleague, edit_path(section))

    activity_row(theirs, "1.1").get_by_label("Budget estimate").fill("61000")
    save(theirs)
    expect(theirs.get_by_role("status")).to_contain_text("Saved as version 3.")

    activity_row(mine, "2.1").get_by_label("Activity in English").fill("Open two more shelters")
    save(mine)
    expect(mine).to_have_url(section_url(live_server, section))
    expect(mine.get_by_role("status")).to_contain_text("Saved as version 4, merged with version 3")

    saved = {activity.code: activity for activity in Activity.objects.filter(objective__section=section)}
    assert saved["1.1"].budget == 61000
    assert saved["2.1"].text_en == "Open two more shelters"
    assert not ConflictCopy.objects.exists()
    assert my_watch.errors == [] and their_watch.errors == []


def test_both_changing_one_budget_is_one_named_conflict_to_choose(live_server, open_as, drafting):
    section = drafting.section
    mine, my_watch = open_as(drafting.staff, edit_path(section))
    theirs, _their_watch = open_as(drafting.colleague, edit_path(section))
    activity_row(theirs, "1.1").get_by_label("Budget estimate").fill("61000")
    save(theirs)
    expect(theirs.get_by_role("status")).to_contain_text("Saved as version 3.")

    activity_row(mine, "1.1").get_by_label("Budget estimate").fill("59000")
    activity_row(mine, "2.1").get_by_label("Activity in English").fill("Open two more shelters")
    save(mine)
    (item,) = mine.locator("#conflict .conflict-choice").all()
    expect(item.locator("legend")).to_have_text("Activity 1.1: budget estimate")
    expect(item.locator(".theirs")).to_contain_text("61,000")
    expect(item.locator(".mine")).to_contain_text("59,000")
    expect(item).to_contain_text("Before both changes: 40,000")
    item.get_by_label(f"Keep the change by {drafting.colleague.name_en}").check()
    save(mine)
    expect(mine.get_by_role("status")).to_contain_text("merged with version 3")
    saved = {activity.code: activity for activity in Activity.objects.filter(objective__section=section)}
    assert saved["1.1"].budget == 61000 and saved["2.1"].text_en == "Open two more shelters"
    assert [error for error in my_watch.errors if "status of 409 (Conflict)" not in error] == []


def test_compare_two_revisions_in_the_history(live_server, page, watched, drafting):
    section = drafting.section
    sign_in(page, live_server, drafting.staff, edit_path(section))
    replace_text(page, "en", "Revised draft text.")
    activity_row(page, "1.1").get_by_label("Last year").select_option("2013")
    save(page)
    expect(page.get_by_role("status")).to_contain_text("Saved as version 3.")

    page.get_by_role("link", name="History and comparisons").click()
    expect(page.locator("h1")).to_have_text("History of Prevention")
    expect(page.locator("#compare-revisions tbody tr")).to_have_count(3)
    page.get_by_label("Compare from revision 2").check()
    page.get_by_label("Compare to revision 3").check()
    page.locator("#compare-revisions").get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/\?(a=2&b=3|b=3&a=2)$"))
    expect(page.locator("h1")).to_have_text("From Revision 2 to Revision 3")
    expect(page.locator("#redline-en")).to_have_text("FirstRevised draft text.")
    expect(page.locator("#redline-en ins")).to_have_text(["Revised draft"])
    expect(page.locator("#redline-en del")).to_have_text(["First"])
    expect(page.locator("#redline-km ins, #redline-km del")).to_have_count(0)
    expect(page.locator("#row-changes li")).to_have_text(["Activity 1.1: last year 2012 → 2013"])
    assert watched.errors == []


def test_write_the_khmer_text_in_khmer(live_server, page, watched, drafting):
    section = drafting.section
    phrase = "គណៈកម្មាធិការជាតិ"
    sign_in(page, live_server, drafting.staff, edit_path(section))
    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page).to_have_url(f"{live_server.url}{edit_path(section)}")

    replace_text(page, "km", phrase)
    expect(page.locator("#id_body_km")).to_have_value(f"<p>{phrase}</p>")
    save(page)

    expect(page).to_have_url(section_url(live_server, section))
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator("article[lang=km] .prose")).to_have_text(phrase)
    stored = Section.objects.get(pk=section.pk)
    assert stored.version == 3
    assert html_to_text(stored.body_km) == phrase
    assert stored.body_en == "<p>First text.</p>"

    # Back in the editor the text reads exactly as typed, character for character.
    page.goto(f"{live_server.url}{edit_path(section)}")
    assert rich_editor(page, "km").text_content() == phrase
    assert watched.errors == []


def test_the_editor_speaks_khmer(live_server, page, drafting):
    sign_in(page, live_server, drafting.staff, edit_path(drafting.section))
    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    for text, english in (
        (page.locator("h1"), "Editing"),
        (page.locator("label[for=id_body_km]"), "Text in Khmer"),
        (page.locator("label[for=id_body_en]"), "Text in English"),
        (page.locator("label[for=id_summary]"), "What did you change?"),
        (page.locator("[data-row=obj]").nth(0).locator("button[data-add=act]"), "Add an activity"),
        (page.locator("#section-form p.actions button[type=submit]"), "Save"),
    ):
        expect(text).not_to_contain_text(english, timeout=1000)
        expect(text).to_have_text(KHMER, timeout=1000)


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
    page.get_by_role("button", name="Add an objective").click()
    new_objective = page.locator("[data-row=obj]").last
    new_objective.get_by_label("Code").fill("4")
    new_objective.get_by_label("Objective in English").fill("Protect victims")
    new_objective.get_by_role("button", name="Add an activity").click()
    activity = new_objective.locator("[data-row=act]").last
    activity.get_by_label("Code").fill("4.1")
    activity.get_by_label("Lead ministry").select_option("social-affairs")
    save(page)
    expect(page.get_by_role("status")).to_contain_text("Saved as version 3.")
    expect(page.locator("#objective-4 ~ table")).to_contain_text("4.1")

    page.get_by_role("link", name="History and comparisons").click()
    page.locator("#compare-revisions").get_by_role("button", name="Compare").click()
    expect(page.locator("#row-changes")).to_contain_text("Objective 4 added")

    page.get_by_role("button", name="ខ្មែរ").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")
    page.goto(f"{live_server.url}{edit_path(section)}")
    expect(rich_editor(page, "km")).to_contain_text("ផែនការ")
    page.goto(f"{live_server.url}/workplan/drafts/{drafting.draft.pk}/")
    assert Section.objects.get(pk=section.pk).version == 3
    assert watched.errors == []
    assert watched.dialogs == []


def test_only_the_task_forces_staff_may_open_the_editor(live_server, open_as, drafting, liaison):
    section = drafting.section
    other, _ = open_as(drafting.outsider)
    response = other.goto(f"{live_server.url}{edit_path(section)}")
    assert response.status == 403
    expect(other.locator("#section-form")).to_have_count(0)
    expect(other.locator("body")).not_to_contain_text("First text.")
    # Staff of another task force read the section, without an edit button.
    response = other.goto(section_url(live_server, section))
    assert response.status == 200
    expect(other.locator("article[lang=en] .prose")).to_have_text("First text.")
    expect(other.get_by_role("link", name="Edit this section")).to_have_count(0)

    outside, _ = open_as(liaison)
    for path in (edit_path(section), f"/workplan/sections/{section.pk}/", f"/workplan/sections/{section.pk}/history/"):
        response = outside.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        expect(outside.locator("h1")).to_have_text("Page not found")
        expect(outside.locator("body")).not_to_contain_text("First text.")
    assert Section.objects.get(pk=section.pk).version == 2
