"""The drafting pages through the test client: permissions, conflicts, history, constant queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import roles
from tests.factories import UserFactory
from tests.workplan.builders import Drafting, activity_form_data, form_data, rows_with
from workplan.models import ConflictCopy, Draft, SectionPresence

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting():
    return Drafting()


def edit_url(section):
    return reverse("workplan:section-edit", args=[section.pk])


def activity_url(drafting, code, name="workplan:activity-edit"):
    return reverse(name, args=[drafting.section.objectives.get(code=code.split(".")[0]).activities.get(code=code).pk])


def test_staff_edit_and_save(client, drafting):
    client.force_login(drafting.staff)
    page = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'name="version" value="2"' in page.content.decode()
    response = client.post(edit_url(drafting.section), form_data(drafting, body_en="<p>Changed.</p>", summary="Text"))
    # Back to the editor, where the bar says the texts are saved.
    assert response.status_code == 302 and response.url == edit_url(drafting.section)
    drafting.section.refresh_from_db()
    assert drafting.section.version == 3
    assert drafting.section.body_en == "<p>Changed.</p>"
    assert drafting.section.revisions.get(number=3).summary == "Text"
    # A row is saved on its own, as the section's next revision.
    data = activity_form_data(drafting.section, "1.1", end_year=2013, summary="Years")
    response = client.post(activity_url(drafting, "1.1"), data)
    assert response.status_code == 302
    revision = drafting.section.revisions.get(number=4)
    assert revision.summary == "Years"
    assert revision.rows[0]["activities"][0]["end_year"] == 2013
    assert revision.body_en == "<p>Changed.</p>"


def test_saving_unchanged_makes_no_version(client, drafting):
    client.force_login(drafting.staff)
    response = client.post(edit_url(drafting.section), form_data(drafting), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Nothing had changed" in response.content.decode()
    drafting.section.refresh_from_db()
    assert drafting.section.version == 2


def test_form_errors_are_specific_and_keep_the_text(client, drafting):
    client.force_login(drafting.staff)
    data = form_data(drafting, body_en="<p>Keep me.</p>", title_en="")
    response = client.post(edit_url(drafting.section), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    # The summary at the top names the problem and links to its field.
    assert 'class="error-summary"' in html
    assert '<a href="#id_title_en">Title in English: This field is required.</a>' in html
    assert "Keep me." in html
    # A row's form: each problem in the summary, linked to its field, and the values typed kept.
    row = activity_form_data(drafting.section, "2.1", lead_ministry="", target_en="", text_en="Kept as typed")
    response = client.post(activity_url(drafting, "2.1"), row, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There are 2 problems to fix before this can be saved" in html
    assert '<a href="#activity-form-lead_ministry">Lead ministry: This field is required.</a>' in html
    assert '<a href="#activity-form-target_en">Target in English: An indicator needs a target' in html
    assert "Kept as typed" in html
    drafting.section.refresh_from_db()
    assert drafting.section.version == 2


def test_years_outside_the_plan_are_refused_in_the_form(client, drafting):
    client.force_login(drafting.staff)
    response = client.post(activity_url(drafting, "1.1"), activity_form_data(drafting.section, "1.1", start_year=2009))
    assert response.status_code == 400
    assert "2009" in response.content.decode()


def choice_names(html):
    """Return the names of the conflict screen's radio buttons, one per conflict."""
    return list(dict.fromkeys(re.findall(r'name="(choice-[^"]+)"', html)))


def test_a_stale_save_shows_each_conflict_and_saves_the_choice(client, drafting):
    client.force_login(drafting.staff)
    stale = form_data(drafting, body_en="<p>My careful paragraph.</p>")
    drafting.save(actor=drafting.colleague, body_en="<p>The colleague's paragraph.</p>")
    response = client.post(edit_url(drafting.section), stale, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert "The colleague&#x27;s paragraph." in html or "The colleague's paragraph." in html
    assert "My careful paragraph." in html
    assert f"Changed by {drafting.colleague.display_name} (version 3)" in html
    # The editor still starts from the version the user opened: the next save is merged again.
    assert 'name="version" value="2"' in html
    (choice,) = choice_names(html)
    assert ConflictCopy.objects.get(author=drafting.staff).content["body_en"] == "<p>My careful paragraph.</p>"

    again = client.post(edit_url(drafting.section), stale, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and "Some changes still need a choice" not in again.content.decode()
    response = client.post(edit_url(drafting.section), {**stale, choice: "mine"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    drafting.section.refresh_from_db()
    assert drafting.section.body_en == "<p>My careful paragraph.</p>" and drafting.section.version == 4


def test_keeping_their_change_saves_the_rest_of_mine(client, drafting):
    client.force_login(drafting.staff)
    stale = form_data(drafting, body_en="<p>Mine.</p>", title_en="My title")
    drafting.save(actor=drafting.colleague, body_en="<p>Theirs.</p>")
    (choice,) = choice_names(client.post(edit_url(drafting.section), stale).content.decode())
    assert client.post(edit_url(drafting.section), {**stale, choice: "theirs"}).status_code == 302
    drafting.section.refresh_from_db()
    assert (drafting.section.body_en, drafting.section.title_en) == ("<p>Theirs.</p>", "My title")


def test_a_stale_save_never_puts_back_a_colleagues_budget(client, drafting):
    """The reported revert: A raised a budget, B (who opened the section before) saved, and A's budget went back."""
    client.force_login(drafting.staff)
    stale = form_data(drafting, body_en="<p>B's own change.</p>")
    stale_row = activity_form_data(drafting.section, "1.1", text_en="B's own row change")
    assert stale_row["budget"] == "40000.00"
    rows = drafting.content()["rows"]
    rows[0]["activities"][0]["budget"] = "61000.00"
    drafting.save(actor=drafting.colleague, rows=rows)
    response = client.post(edit_url(drafting.section), stale, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    assert "merged with version 3 saved meanwhile" in response.content.decode()
    saved = drafting.content()
    assert saved["rows"][0]["activities"][0]["budget"] == "61000.00"
    assert saved["body_en"] == "<p>B&#x27;s own change.</p>" or saved["body_en"] == "<p>B's own change.</p>"
    # Saving the row opened before the colleague's change keeps their budget too.
    response = client.post(activity_url(drafting, "1.1"), stale_row, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "merged with the change saved meanwhile" in response.content.decode()
    saved = drafting.content()["rows"][0]["activities"][0]
    assert (saved["budget"], saved["text_en"]) == ("61000.00", "B's own row change")
    assert not ConflictCopy.objects.exists()


def test_both_changing_one_budget_is_one_named_conflict(client, drafting):
    client.force_login(drafting.staff)
    stale = activity_form_data(drafting.section, "1.1", budget="59,000")
    rows = drafting.content()["rows"]
    rows[0]["activities"][0]["budget"] = "61000.00"
    drafting.save(actor=drafting.colleague, rows=rows)
    response = client.post(activity_url(drafting, "1.1"), stale, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 409
    (choice,) = choice_names(html)
    assert "Activity 1.1: budget estimate" in html
    assert "61,000" in html and "59,000" in html and "40,000" in html
    assert f"Keep the change by {drafting.colleague.display_name}" in html
    assert client.post(activity_url(drafting, "1.1"), {**stale, choice: "mine"}).status_code == 302
    assert drafting.content()["rows"][0]["activities"][0]["budget"] == "59000.00"


def test_who_may_open_the_editor(client, drafting):
    url = edit_url(drafting.section)
    client.force_login(drafting.outsider)
    assert client.get(url).status_code == 403  # sees the open draft, but not their task force
    client.force_login(UserFactory(roles=[roles.LIAISON]))
    assert client.get(url).status_code == 404  # may not see the draft at all
    client.force_login(UserFactory(roles=[roles.AUDITOR]))
    assert client.get(reverse("workplan:draft", args=[drafting.draft.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_forbidden_and_missing_look_the_same(client, drafting):
    client.force_login(UserFactory(roles=[roles.LIAISON]))
    hidden = client.get(reverse("workplan:section", args=[drafting.section.pk]))
    missing = client.get(reverse("workplan:section", args=[987654]))
    assert hidden.status_code == missing.status_code == 404

    def normalised(response, path):
        # The sign-out form carries a fresh CSRF token in every response, and
        # the language switch returns to the address asked for.
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
        return body.replace(path.encode(), b"PATH")

    assert normalised(hidden, hidden.request["PATH_INFO"]) == normalised(missing, missing.request["PATH_INFO"])


def test_no_editing_once_the_draft_left_the_secretariat(client, drafting):
    Draft.objects.filter(pk=drafting.draft.pk).update(state=Draft.State.WITH_CHAIR)
    client.force_login(drafting.staff)
    assert client.get(edit_url(drafting.section)).status_code == 404  # staff read open drafts only
    client.force_login(drafting.chief)
    assert client.get(reverse("workplan:section", args=[drafting.section.pk])).status_code == 200
    assert client.get(edit_url(drafting.section)).status_code == 403


def test_draft_page_shows_sections_and_who_is_editing(client, drafting):
    SectionPresence.objects.create(section=drafting.section, user=drafting.colleague, seen_at=timezone.now())
    stale = drafting.draft.sections.exclude(pk=drafting.section.pk).first()
    SectionPresence.objects.create(
        section=stale, user=drafting.outsider, seen_at=timezone.now() - timezone.timedelta(minutes=30)
    )
    client.force_login(drafting.staff)
    response = client.get(reverse("workplan:draft", args=[drafting.draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert drafting.colleague.display_name in html
    assert drafting.outsider.display_name not in html
    assert "Front matter" in html
    assert response.context["editable"] == {drafting.section.pk}


def test_opening_the_editor_records_presence(client, drafting):
    client.force_login(drafting.colleague)
    client.get(edit_url(drafting.section))
    client.force_login(drafting.staff)
    response = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["others"] == [drafting.colleague]
    assert client.post(reverse("workplan:section-presence", args=[drafting.section.pk])).status_code == 204


def test_history_compare_and_restore(client, drafting):
    drafting.save(body_en="<p>First text, revised.</p>", rows=drafting.content()["rows"])
    client.force_login(drafting.staff)
    history = client.get(reverse("workplan:section-history", args=[drafting.section.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert [r.number for r in history.context["revisions"]] == [3, 2, 1]
    compare = client.get(
        reverse("workplan:section-compare", args=[drafting.section.pk]), {"a": 2, "b": 3}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert compare.status_code == 200
    assert "<ins>" in str(compare.context["body_en"])
    assert client.get(reverse("workplan:section-compare", args=[drafting.section.pk])).status_code == 400
    assert (
        client.get(reverse("workplan:section-compare", args=[drafting.section.pk]), {"a": 2, "b": 99}).status_code
        == 404
    )
    restore = client.post(reverse("workplan:section-restore", args=[drafting.section.pk, 2]), {"version": 3})
    assert restore.status_code == 302
    drafting.section.refresh_from_db()
    assert (drafting.section.version, drafting.section.body_en) == (4, "<p>First text.</p>")


def test_compare_with_the_previous_draft(client, drafting):
    Draft.objects.filter(pk=drafting.draft.pk).update(state=Draft.State.RETURNED)
    from workplan.drafting import services

    second = services.draft_open(plan=drafting.plan, actor=drafting.chief)
    section = second.sections.get(task_force=drafting.task_force)
    client.force_login(drafting.chief)
    response = client.get(
        reverse("workplan:section-compare", args=[section.pk]), {"draft": drafting.draft.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["labels"] == ("Draft 1", "Draft 2")
    assert response.context["row_changes"] == []


def test_chief_opens_a_draft_from_the_plan_page(client, drafting):
    client.force_login(drafting.chief)
    page = client.get(reverse("workplan:plan", args=[drafting.plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Open a new draft" in page.content.decode()
    refused = client.post(
        reverse("workplan:draft-open", args=[drafting.plan.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already has an open draft" in refused.content.decode()
    client.force_login(drafting.staff)
    assert client.post(reverse("workplan:draft-open", args=[drafting.plan.pk])).status_code == 403


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code in (200, 302), response.status_code
    return len(captured)


@pytest.mark.parametrize("size", [3, 60])
def test_editor_and_save_queries_do_not_grow_with_activities(client, size, django_assert_max_num_queries):
    drafting = Drafting(activities=size)
    client.force_login(drafting.staff)
    with django_assert_max_num_queries(21):
        assert client.get(edit_url(drafting.section)).status_code == 200
    with django_assert_max_num_queries(40):
        response = client.post(edit_url(drafting.section), form_data(drafting, body_en="<p>New.</p>"))
    assert response.status_code == 302
    with django_assert_max_num_queries(19):
        assert client.get(reverse("workplan:section", args=[drafting.section.pk])).status_code == 200


def test_same_queries_with_3_and_60_activities(client):
    drafting = Drafting(activities=3)
    client.force_login(drafting.staff)

    def measure(label):
        return (
            count_queries(client, "get", edit_url(drafting.section)),
            count_queries(client, "post", edit_url(drafting.section), form_data(drafting, body_en=f"<p>{label}</p>")),
            count_queries(client, "get", reverse("workplan:section", args=[drafting.section.pk])),
            count_queries(client, "get", reverse("workplan:draft", args=[drafting.draft.pk])),
        )

    small = measure("small")
    drafting.save(rows=rows_with(60))
    assert drafting.section.objectives.filter(activities__isnull=False).count() == 60
    assert measure("large") == small


def test_editor_in_khmer(client, drafting):
    client.force_login(drafting.staff)
    html = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert '<html lang="km">' in html
    assert "Add an objective" not in html and "Save the texts" not in html
    assert "សកម្មភាព 1.1" in html  # the activities in Khmer in the table


def test_search_finds_only_what_the_user_may_read_and_is_audited(client, drafting):
    from audit.models import AuditEvent

    drafting.save(body_en="<p>Border checkpoints at Poipet.</p>")
    client.force_login(drafting.staff)
    found = client.get(reverse("search"), {"q": "Poipet"})
    assert [result.document.section_id for result in found.context["results"]] == [drafting.section.pk]
    assert AuditEvent.objects.filter(action="section.search", actor=drafting.staff).exists()
    client.force_login(UserFactory(roles=[roles.LIAISON]))
    assert client.get(reverse("search"), {"q": "Poipet"}).context["results"] == []


def test_open_threads_are_shown_beside_the_editor(client, drafting):
    from workplan.review import services as reviews

    reviews.comment_create(section=drafting.section, actor=drafting.colleague, body="Check 1.1", quote="First text")
    resolved = reviews.comment_create(section=drafting.section, actor=drafting.colleague, body="Old point")
    reviews.comment_resolve(thread=resolved, actor=drafting.staff)
    client.force_login(drafting.staff)
    html = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Check 1.1" in html
    assert "Old point" not in html


def test_the_work_plan_page_shows_each_plans_newest_drafts(client, drafting):
    from workplan.drafting.selectors import NEWEST_DRAFTS

    for number in range(2, NEWEST_DRAFTS + 3):
        Draft.objects.create(plan=drafting.plan, number=number, state=Draft.State.RETURNED, created_by=drafting.chief)
    client.force_login(drafting.chief)
    page = client.get(reverse("workplan:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = re.findall(r"Draft (\d+)</a>", page)
    assert shown == [str(number) for number in range(NEWEST_DRAFTS + 2, 2, -1)]
    assert "All drafts of this plan" in page
    plan_page = client.get(reverse("workplan:plan", args=[drafting.plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert len(re.findall(r"Draft (\d+)</a>", plan_page.content.decode())) == NEWEST_DRAFTS + 2
    Draft.objects.filter(number__gt=NEWEST_DRAFTS).delete()
    page = client.get(reverse("workplan:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(re.findall(r"Draft (\d+)</a>", page)) == NEWEST_DRAFTS
    assert "All drafts of this plan" not in page
