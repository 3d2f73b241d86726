"""The editor's rows one at a time: open in place (htmx) or on their own page, save, add, move, remove.

Each change is a revision of the section with its author; two people on two
different rows never meet; the queries do not grow with the section.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from tests.workplan.builders import Drafting, activity, activity_form_data, form_data, rows_with
from workplan.models import Activity, Draft, Objective

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def drafting():
    return Drafting()


def row(drafting, code):
    return Activity.objects.get(objective__section=drafting.section, code=code)


def objective(drafting, code):
    return Objective.objects.get(section=drafting.section, code=code)


def url(name, obj):
    return reverse(f"workplan:{name}", args=[obj.pk])


def codes(drafting):
    """Return the section's rows as stored: [(objective code, [activity codes])]."""
    return [(o["code"], [a["code"] for a in o["activities"]]) for o in drafting.content()["rows"]]


def test_the_editor_shows_the_plan_as_a_table_with_each_row_ready_to_open(client, drafting):
    client.force_login(drafting.staff)
    html = client.get(reverse("workplan:section-edit", args=[drafting.section.pk]), **EN).content.decode()
    first = row(drafting, "1.1")
    assert f'<tr id="activity-{first.pk}" class="activity" data-version="{first.version}">' in html
    edit = url("activity-edit", first)
    assert f'<a class="button button-small" id="edit-activity-{first.pk}" href="{edit}" data-open-row' in html
    # The arrows that move a row in place are the script's; the table says where moves are posted.
    assert 'data-move-url="/workplan/activities/0/move/"' in html and f"activities/{first.pk}/move/" not in html
    assert "<td>Interior</td>" in html
    assert 'class="number">40,000 USD</td>' in html
    # The texts' form holds no row: the rows are not sent with the texts.
    form = html[html.index('id="section-form"') : html.index("</form>", html.index('id="section-form"'))]
    assert "lead_ministry" not in form and "act-" not in form
    assert "Add an activity to objective 1" in html and "Add an objective" in html
    # The question asked before a removal, for the script to put the row's code in.
    assert 'data-confirm-activity="Remove activity %(code)s? The section&#x27;s history keeps it."' in html
    khmer = client.get(reverse("workplan:section-edit", args=[drafting.section.pk]), HTTP_ACCEPT_LANGUAGE="km")
    assert 'data-confirm-objective="ដកគោលបំណង %(code)s ចេញឬ?"' in khmer.content.decode()


def test_an_activity_opens_in_place_and_closes_again_on_save(client, drafting):
    client.force_login(drafting.staff)
    first = row(drafting, "1.1")
    opened = client.get(url("activity-edit", first), **HTMX)
    html = opened.content.decode()
    assert opened.status_code == 200 and html.startswith(f'<tr id="activity-{first.pk}" class="row-form">')
    assert "<html" not in html and f'hx-post="{url("activity-edit", first)}"' in html
    assert 'name="section_version" value="2"' in html and f'name="version" value="{first.version}"' in html
    saved = client.post(
        url("activity-edit", first), activity_form_data(drafting.section, "1.1", budget="61,000"), **HTMX
    )
    html = saved.content.decode()
    assert saved.status_code == 200 and html.startswith(
        f'<tr id="activity-{first.pk}" class="activity just-saved" data-version="{first.version + 1}">'
    )
    assert "61,000 USD" in html and "Activity 1.1 saved. The section is now at version 3." in html
    assert 'hx-swap-oob="innerHTML"' in html  # the message in the editor's status line
    revision = drafting.section.revisions.get(number=3)
    assert revision.author == drafting.staff and revision.summary == "Activity 1.1 changed"
    # Cancel puts the row back as it is.
    back = client.get(url("activity", first), **HTMX).content.decode()
    assert (
        back.startswith(f'<tr id="activity-{first.pk}" class="activity" data-version="{first.version + 1}">')
        and "61,000 USD" in back
    )


def test_without_javascript_a_row_has_its_own_page(client, drafting):
    client.force_login(drafting.staff)
    first = row(drafting, "1.1")
    page = client.get(url("activity-edit", first), **EN)
    html = page.content.decode()
    assert "<html" in html and "<h1>Edit activity 1.1</h1>" in html and "hx-post" not in html
    # The page moves and removes the row too.
    assert f'<form method="post" action="{url("activity-move", first)}" class="actions row-move">' in html
    assert f'href="{url("activity-remove", first)}"' in html
    saved = client.post(url("activity-edit", first), activity_form_data(drafting.section, "1.1", end_year=2013))
    edit = reverse("workplan:section-edit", args=[drafting.section.pk])
    assert saved.status_code == 302 and saved.url == f"{edit}#activity-{first.pk}"
    # Reading the row on its own sends to the editor at the row.
    assert client.get(url("activity", first)).url == f"{edit}#activity-{first.pk}"


def test_a_refused_row_keeps_what_was_typed_and_swaps_in_place(client, drafting):
    client.force_login(drafting.staff)
    first = row(drafting, "1.1")
    data = activity_form_data(drafting.section, "1.1", text_en="Typed with care", budget="lots")
    refused = client.post(url("activity-edit", first), data, **HTMX)
    html = refused.content.decode()
    assert refused.status_code == 400 and html.startswith('<tr id="activity-')
    assert "Typed with care" in html and 'value="lots"' in html
    assert '<a href="#activity-form-budget">Budget estimate: Write the amount in digits' in html


def test_two_people_on_two_activities_of_one_section_never_conflict(client, drafting):
    client.force_login(drafting.staff)
    mine = activity_form_data(drafting.section, "1.1", budget="45,000")
    theirs = activity_form_data(drafting.section, "2.1", budget="55,000")
    client.post(url("activity-edit", row(drafting, "2.1")), theirs)
    response = client.post(url("activity-edit", row(drafting, "1.1")), mine, **HTMX)
    assert response.status_code == 200 and "merged" not in response.content.decode()
    stored = {a["code"]: a["budget"] for o in drafting.content()["rows"] for a in o["activities"]}
    assert stored == {"1.1": "45000.00", "2.1": "55000.00", "3.1": "40000.00"}


def test_a_stale_row_save_where_both_changed_the_same_field_asks_and_keeps_the_typed_values(client, drafting):
    client.force_login(drafting.staff)
    first = row(drafting, "1.1")
    stale = activity_form_data(drafting.section, "1.1", budget="59,000", text_en="My wording")
    client.force_login(drafting.colleague)
    client.post(url("activity-edit", first), activity_form_data(drafting.section, "1.1", budget="61,000"))
    client.force_login(drafting.staff)
    response = client.post(url("activity-edit", first), stale, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409 and html.startswith('<tr id="activity-')
    (choice,) = set(re.findall(r'name="(choice-[^"]+)"', html))
    assert f"Changed by {drafting.colleague.display_name} (version 3)" in html and "My wording" in html
    kept = client.post(url("activity-edit", first), {**stale, choice: "theirs"}, **HTMX)
    assert kept.status_code == 200
    saved = next(a for o in drafting.content()["rows"] for a in o["activities"] if a["code"] == "1.1")
    assert (saved["budget"], saved["text_en"]) == ("61000.00", "My wording")


def test_a_new_activity_gets_its_objectives_next_code(client, drafting):
    drafting.save(rows=[{"code": "1", "text_en": "O", "text_km": "", "activities": [activity("1.1"), activity("1.3")]}])
    client.force_login(drafting.staff)
    add = reverse("workplan:activity-add", args=[drafting.section.pk])
    form = client.get(add + "?objective=1", **HTMX).content.decode()
    assert form.startswith('<tr id="activity-new" class="row-form">') and "New activity 1.4" in form
    data = {**activity_form_data(drafting.section, "1.1", text_en="A new row"), "version": None}
    data = {key: value for key, value in data.items() if key not in ("version", "section_version", "summary")}
    response = client.post(add, data, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#logframe"
    assert "Activity 1.4 added" in response.content.decode()
    assert codes(drafting) == [("1", ["1.1", "1.3", "1.4"])]
    assert drafting.section.revisions.order_by("-number").first().summary == "Activity 1.4 added"


def test_moving_an_activity_swaps_it_with_its_neighbour_and_is_a_revision(client, drafting):
    drafting.save(rows=rows_with(6, objectives=2))
    client.force_login(drafting.staff)
    response = client.post(url("activity-move", row(drafting, "1.2")), {"direction": "up"}, **HTMX)
    assert response.status_code == 200 and "Activity 1.2 moved up." in response.content.decode()
    assert codes(drafting) == [("1", ["1.2", "1.1", "1.3"]), ("2", ["2.1", "2.2", "2.3"])]
    version = drafting.section.revisions.count()
    # At the top already: nothing moves, no revision, and the page says why.
    response = client.post(url("activity-move", row(drafting, "1.2")), {"direction": "up"}, **HTMX)
    assert "Activity 1.2 is already the first of its objective." in response.content.decode()
    assert drafting.section.revisions.count() == version
    assert client.post(url("activity-move", row(drafting, "1.2")), {"direction": "sideways"}).status_code == 302
    assert codes(drafting)[0] == ("1", ["1.2", "1.1", "1.3"])


def test_removing_an_activity_needs_the_version_seen_and_the_history_keeps_it(client, drafting):
    client.force_login(drafting.staff)
    first = row(drafting, "1.1")
    page = client.get(url("activity-remove", first), **EN).content.decode()
    assert "Remove activity 1.1?" in page and f'name="version" value="{first.version}"' in page
    # Someone changed it since it was seen: not removed.
    client.post(url("activity-edit", first), activity_form_data(drafting.section, "1.1", budget="1"))
    refused = client.post(url("activity-remove", first), {"version": first.version}, **HTMX)
    assert "was changed by someone else since you looked at it" in refused.content.decode()
    assert Activity.objects.filter(pk=first.pk).exists()
    first.refresh_from_db()
    response = client.post(url("activity-remove", first), {"version": first.version}, **HTMX)
    assert "Activity 1.1 removed" in response.content.decode()
    assert codes(drafting) == [("1", []), ("2", ["2.1"]), ("3", ["3.1"])]
    before = drafting.section.revisions.order_by("-number")[1]
    assert before.rows[0]["activities"][0]["code"] == "1.1"


def test_an_objective_opens_saves_and_merges_its_texts(client, drafting):
    client.force_login(drafting.staff)
    first = objective(drafting, "1")
    opened = client.get(url("objective-edit", first), **HTMX).content.decode()
    assert opened.startswith(f'<div class="objective-head row-form" id="objective-{first.pk}-head">')
    stale = {"text_en": "Objective 1, mine", "text_km": "គោលបំណង 1", "section_version": 2}
    drafting.save(
        actor=drafting.colleague,
        rows=[{**o, "text_km": "ខ្មែរ" if o["code"] == "1" else o["text_km"]} for o in drafting.content()["rows"]],
    )
    response = client.post(url("objective-edit", first), stale, **HTMX)
    assert "merged with the change saved meanwhile" in response.content.decode()
    saved = drafting.content()["rows"][0]
    assert (saved["text_en"], saved["text_km"]) == ("Objective 1, mine", "ខ្មែរ")
    # Both changed the English text: one conflict, named.
    drafting.save(
        actor=drafting.colleague,
        rows=[{**o, "text_en": "Theirs" if o["code"] == "1" else o["text_en"]} for o in drafting.content()["rows"]],
    )
    conflict = client.post(
        url("objective-edit", first), {**stale, "text_en": "Mine again", "section_version": 4}, **HTMX
    )
    html = conflict.content.decode()
    assert conflict.status_code == 409 and "Objective 1: Objective in English" in html
    (choice,) = set(re.findall(r'name="(choice-[^"]+)"', html))
    client.post(url("objective-edit", first), {**stale, "text_en": "Mine again", "section_version": 4, choice: "mine"})
    assert drafting.content()["rows"][0]["text_en"] == "Mine again"


def test_objectives_are_added_with_the_next_code_moved_and_removed_only_when_empty(client, drafting):
    client.force_login(drafting.staff)
    add = reverse("workplan:objective-add", args=[drafting.section.pk])
    assert "New objective 4" in client.get(add, **HTMX).content.decode()
    refused = client.post(add, {"text_en": "", "text_km": ""}, **HTMX)
    assert refused.status_code == 400 and "Write the objective, in Khmer or in English." in refused.content.decode()
    assert client.post(add, {"text_en": "Coordination", "text_km": ""}, **HTMX).status_code == 200
    assert [code for code, _activities in codes(drafting)] == ["1", "2", "3", "4"]
    client.post(url("objective-move", objective(drafting, "4")), {"direction": "up"}, **HTMX)
    assert codes(drafting) == [("1", ["1.1"]), ("2", ["2.1"]), ("4", []), ("3", ["3.1"])]
    # An objective with activities stays until they are moved or removed.
    response = client.post(url("objective-remove", objective(drafting, "2")), **HTMX)
    assert "Objective 2 still has 1 activity" in response.content.decode()
    page = client.get(url("objective-remove", objective(drafting, "2")), **EN).content.decode()
    assert "It still has one activity." in page and 'type="submit"' not in page.split("<main")[1]
    client.post(url("objective-remove", objective(drafting, "4")), **HTMX)
    assert [code for code, _activities in codes(drafting)] == ["1", "2", "3"]
    # Moving an activity to another objective empties this one.
    client.post(url("activity-edit", row(drafting, "2.1")), activity_form_data(drafting.section, "2.1", objective="1"))
    assert codes(drafting) == [("1", ["1.1", "2.1"]), ("2", []), ("3", ["3.1"])]


def test_rows_are_edited_only_by_who_may_edit_the_section(client, drafting):
    first = row(drafting, "1.1")
    data = activity_form_data(drafting.section, "1.1", budget="1")
    assert client.get(url("activity-edit", first)).status_code == 302  # to sign in
    client.force_login(drafting.outsider)
    assert client.get(url("activity-edit", first)).status_code == 403
    assert client.post(url("activity-move", first), {"direction": "up"}).status_code == 403
    Draft.objects.filter(pk=drafting.draft.pk).update(state=Draft.State.PUBLISHED)
    client.force_login(drafting.staff)
    assert client.post(url("activity-edit", first), data).status_code == 403
    assert not AuditEvent.objects.filter(action="section.save", actor=drafting.outsider).exists()


def measure(client, drafting):
    """Return the queries of the editor page, opening a row, saving it, moving it, adding one and saving the texts."""
    first = row(drafting, "1.1")
    edit = reverse("workplan:section-edit", args=[drafting.section.pk])
    add = reverse("workplan:activity-add", args=[drafting.section.pk])
    new = {
        k: v for k, v in activity_form_data(drafting.section, "1.1").items() if k not in ("version", "section_version")
    }
    steps = [
        ("editor", lambda: client.get(edit)),
        ("open", lambda: client.get(url("activity-edit", first), **HTMX)),
        (
            "save",
            lambda: client.post(
                url("activity-edit", first),
                activity_form_data(drafting.section, "1.1", budget=str(drafting.section.version)),
                **HTMX,
            ),
        ),
        ("move", lambda: client.post(url("activity-move", first), {"direction": "down"}, **HTMX)),
        ("add", lambda: client.post(add, new, **HTMX)),
        ("texts", lambda: client.post(edit, form_data(drafting, body_en=f"<p>{drafting.section.version}</p>"))),
    ]
    counts = {}
    for name, step in steps:
        with CaptureQueriesContext(connection) as captured:
            response = step()
        assert response.status_code in (200, 302), (name, response.status_code)
        counts[name] = len(captured)
    return counts


def test_row_pages_and_saves_take_the_same_queries_whatever_the_size(client):
    drafting = Drafting(activities=6)
    client.force_login(drafting.staff)
    small = measure(client, drafting)
    drafting.save(rows=rows_with(60))
    assert measure(client, drafting) == small
    budget = {"editor": 20, "open": 14, "save": 36, "move": 29, "add": 29, "texts": 26}
    assert all(small[name] <= most for name, most in budget.items()), small


def test_the_rows_markup_is_kept_per_version_language_and_organisation_names(client, drafting, settings):
    from members.models import Organization

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rows"}}
    client.force_login(drafting.staff)
    edit = reverse("workplan:section-edit", args=[drafting.section.pk])

    def page(language="en"):
        return client.get(edit, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert "Activity 1.1 in English" in page() and "សកម្មភាព 1.1" in page("km")
    # A change that bypasses the services (so no new version) is not seen: the rows come from the cache.
    Activity.objects.filter(objective__section=drafting.section, code="1.1").update(text_en="Written behind its back")
    assert "Written behind its back" not in page()
    # A row saved makes a new version: its rows are drawn afresh, for everyone.
    client.post(
        url("activity-edit", row(drafting, "1.1")), activity_form_data(drafting.section, "1.1", text_en="Saved")
    )
    assert "<td>Saved</td>" in page()
    Organization.objects.filter(code="interior").update(name_en="Interior, renamed")
    assert "Interior, renamed" in page()
    # Nothing of the person is kept with the rows: another editor's page has their own token outside them.
    client.force_login(drafting.colleague)
    assert "<td>Saved</td>" in page()
