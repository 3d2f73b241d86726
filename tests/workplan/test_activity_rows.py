"""One activity at a time: each row has its own version, is saved on its own, and is a revision of its section."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from tests.workplan.builders import Drafting
from workplan.drafting import rows, services
from workplan.models import Activity, SectionRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting():
    return Drafting()


def row(drafting, code):
    return Activity.objects.get(objective__section=drafting.section, code=code)


def as_started(activity):
    """The row as a person opened it: rows data with its objective's code."""
    activity = Activity.objects.select_related("objective", "lead_ministry").get(pk=activity.pk)
    return rows.activity_row(activity)


def save(drafting, actor, activity, changes, **options):
    return services.activity_save(
        activity_id=activity.pk, actor=actor, base_version=activity.version, changes=changes, **options
    )


def test_two_people_saving_different_activities_never_meet(drafting):
    first, second = row(drafting, "1.1"), row(drafting, "2.1")
    revisions = SectionRevision.objects.filter(section=drafting.section).count()
    save(drafting, drafting.staff, first, {"budget": "61000"})
    result = save(drafting, drafting.colleague, second, {"text_en": "Open two more shelters"})
    assert result.merged_with is None
    assert row(drafting, "1.1").budget == 61000 and row(drafting, "2.1").text_en == "Open two more shelters"
    assert (row(drafting, "1.1").version, row(drafting, "2.1").version, row(drafting, "3.1").version) == (2, 2, 1)
    history = SectionRevision.objects.filter(section=drafting.section).order_by("-number")[:2]
    assert [(revision.author, revision.summary) for revision in history] == [
        (drafting.colleague, "Activity 2.1 changed"),
        (drafting.staff, "Activity 1.1 changed"),
    ]
    assert SectionRevision.objects.filter(section=drafting.section).count() == revisions + 2


def test_a_stale_row_merges_with_what_changed_since_and_asks_only_where_both_changed_a_field(drafting):
    opened = row(drafting, "1.1")
    started_from = as_started(opened)
    save(drafting, drafting.colleague, opened, {"budget": "61000"})
    result = save(drafting, drafting.staff, opened, {"text_en": "Mine"}, started_from=started_from)
    assert result.merged_with == 2
    assert (row(drafting, "1.1").budget, row(drafting, "1.1").text_en) == (61000, "Mine")

    with pytest.raises(services.ActivityConflict) as raised:
        save(drafting, drafting.staff, opened, {"budget": "59000"}, started_from=started_from)
    (conflict,) = raised.value.conflicts
    assert conflict.path == ("activity", "1.1", "budget")
    assert row(drafting, "1.1").budget == 61000, "nothing is written until chosen"
    save(
        drafting, drafting.staff, opened, {"budget": "59000"}, started_from=started_from, choices={conflict.key: "mine"}
    )
    assert row(drafting, "1.1").budget == 59000


def test_a_stale_row_without_where_it_started_is_refused(drafting):
    opened = row(drafting, "1.1")
    save(drafting, drafting.colleague, opened, {"budget": "61000"})
    with pytest.raises(services.ActivityConflict) as raised:
        save(drafting, drafting.staff, opened, {"budget": "1"})
    assert raised.value.conflicts == [] and raised.value.current["budget"] == "61000.00"


def test_a_section_save_counts_up_only_the_rows_it_changed(drafting):
    content = drafting.content()
    content["rows"][0]["activities"][0]["budget"] = "1.00"
    content["rows"][1]["activities"][0]["partners"] = ["aple"]
    drafting.save(rows=content["rows"])
    assert [row(drafting, code).version for code in ("1.1", "2.1", "3.1")] == [2, 2, 1]


def test_an_activity_moves_to_another_objective_and_keeps_its_code(drafting):
    save(drafting, drafting.staff, row(drafting, "1.1"), {"objective": "3"})
    moved = row(drafting, "1.1")
    assert moved.objective.code == "3"
    assert [activity["code"] for activity in drafting.content()["rows"][2]["activities"]] == ["3.1", "1.1"]
    with pytest.raises(ValidationError, match="no objective 9"):
        save(drafting, drafting.staff, moved, {"objective": "9"})


def test_only_its_fields_change_and_only_by_whom_may_edit(drafting):
    with pytest.raises(ValidationError, match="code"):
        save(drafting, drafting.staff, row(drafting, "1.1"), {"code": "9.9"})
    with pytest.raises(PermissionDenied):
        save(drafting, drafting.outsider, row(drafting, "1.1"), {"budget": "1"})
    with pytest.raises(ValidationError, match="outside the plan period"):
        save(drafting, drafting.staff, row(drafting, "1.1"), {"end_year": 2020})


# --- The API -----------------------------------------------------------------------------


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(activity):
    return f"/api/v1/activities/{activity.pk}/"


def test_the_api_reads_and_saves_one_activity_from_its_version(drafting):
    client = client_for(drafting.staff)
    activity = row(drafting, "1.1")
    got = client.get(url(activity))
    assert got.status_code == 200 and got["ETag"] == f'"activity-{activity.pk}-v1"'
    assert (got.data["code"], got.data["objective"], got.data["version"]) == ("1.1", "1", 1)
    assert client.patch(url(activity), {"budget": "5"}, format="json").status_code == 428
    saved = client.patch(url(activity), {"budget": "5", "code": "9.9"}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert saved.status_code == 200, saved.data
    assert (saved.data["budget"], saved.data["code"], saved["ETag"]) == ("5.00", "1.1", f'"activity-{activity.pk}-v2"')
    stale = client.patch(url(activity), {"budget": "6"}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert stale.status_code == 412
    assert row(drafting, "1.1").budget == 5
    refused = client.patch(url(activity), {"end_year": 2030}, format="json", HTTP_IF_MATCH=saved["ETag"])
    assert refused.status_code == 400 and "2030" in str(refused.data)


def test_the_api_answers_others_as_the_pages_do(drafting):
    activity = row(drafting, "1.1")
    etag = {"HTTP_IF_MATCH": f'"activity-{activity.pk}-v1"'}
    assert client_for(drafting.outsider).patch(url(activity), {"budget": "1"}, format="json", **etag).status_code == 403
    assert APIClient().get(url(activity)).status_code in (401, 404)
    assert client_for(drafting.staff).get("/api/v1/activities/999999/").status_code == 404


@pytest.mark.parametrize("activities", [6, 60])
def test_the_api_costs_the_same_queries_for_6_or_60_activities(activities, django_assert_num_queries):
    drafting = Drafting(activities=activities)
    client = client_for(drafting.staff)
    activity = row(drafting, "1.1")
    with django_assert_num_queries(5):
        got = client.get(url(activity))
    with django_assert_num_queries(18):
        client.patch(url(activity), {"budget": "7"}, format="json", HTTP_IF_MATCH=got["ETag"])


def test_the_api_takes_a_measure_under_its_first_name_and_leaves_the_others_as_they_are(drafting):
    client = client_for(drafting.staff)
    activity = row(drafting, "1.1")
    Activity.objects.filter(pk=activity.pk).update(indicator_km="ចំនួនអ្នក", target_km="១០០")
    got = client.get(url(activity))
    assert (got.data["indicator"], got.data["indicator_en"], got.data["indicator_km"]) == (
        "People trained",
        "People trained",
        "ចំនួនអ្នក",
    )
    saved = client.patch(url(activity), {"indicator": "Officers trained"}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert saved.status_code == 200, saved.data
    stored = row(drafting, "1.1")
    assert (stored.indicator_en, stored.indicator_km, stored.target_en, stored.target_km) == (
        "Officers trained",
        "ចំនួនអ្នក",
        "100",
        "១០០",
    )
