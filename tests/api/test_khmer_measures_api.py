"""The measures of an activity through the API: both languages beside their first names, old clients still served.

`indicator`, `baseline`, `target` and `means_of_verification` are the English
values, read and written; `<name>_en` and `<name>_km` are added beside them.
"""

import datetime

import pytest

from tests.api.test_work_api import token_client
from tests.workplan.builders import Review, activity
from workplan import workflow
from workplan.drafting import rows as plan_rows
from workplan.models import Activity

pytestmark = pytest.mark.django_db

KHMER = {"indicator_km": "ចំនួនមន្ត្រីដែលបានទទួលការបណ្តុះបណ្តាល", "target_km": "១០០ នាក់"}
FIRST_COLUMNS = [
    "plan",
    "task_force",
    "objective",
    "code",
    "text_en",
    "text_km",
    "lead_ministry",
    "partners",
    "start_year",
    "end_year",
    "budget",
    "currency",
    "indicator",
    "baseline",
    "target",
    "means_of_verification",
]


def khmer_review():
    """Return a Review world whose one activity has its indicator and target in Khmer too."""
    review = Review()
    rows = [{"code": "1", "text_en": "", "text_km": "", "activities": [activity("1.1", partners=["justice"], **KHMER)]}]
    review.save(rows=rows)
    return review


@pytest.fixture
def review():
    return khmer_review()


def section_url(review):
    return f"/api/v1/sections/{review.section.pk}/"


def test_a_section_answers_with_both_languages_and_the_first_names(review):
    answer = token_client(review.staff).get(section_url(review)).json()
    row = answer["objectives"][0]["activities"][0]
    assert row["indicator"] == row["indicator_en"] == "People trained"
    assert row["target"] == row["target_en"] == "100"
    assert (row["indicator_km"], row["target_km"]) == (KHMER["indicator_km"], KHMER["target_km"])
    assert row["means_of_verification"] == row["means_of_verification_en"] == "Reports"
    assert row["baseline_km"] == ""


def test_an_old_client_writes_the_english_under_the_first_names_and_keeps_the_khmer(review):
    client = token_client(review.staff)
    got = client.get(section_url(review))
    objectives = got.json()["objectives"]
    # What a client written before the measures were bilingual sends: the fields it knows.
    for objective in objectives:
        objective["activities"] = [
            {key: value for key, value in row.items() if key not in plan_rows.MEASURE_FIELDS}
            for row in objective["activities"]
        ]
    objectives[0]["activities"][0].update(indicator="Officers trained", target="200")
    saved = client.patch(section_url(review), {"objectives": objectives}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert saved.status_code == 200, saved.content
    stored = Activity.objects.get(objective__section=review.section, code="1.1")
    assert (stored.indicator_en, stored.target_en) == ("Officers trained", "200")
    assert (stored.indicator_km, stored.target_km) == (KHMER["indicator_km"], KHMER["target_km"]), "kept"
    row = saved.json()["objectives"][0]["activities"][0]
    assert (row["indicator"], row["indicator_en"], row["indicator_km"]) == (
        "Officers trained",
        "Officers trained",
        KHMER["indicator_km"],
    )


def test_a_client_writes_both_languages_and_may_send_back_what_it_read(review):
    client = token_client(review.staff)
    got = client.get(section_url(review))
    objectives = got.json()["objectives"]
    unchanged = client.patch(section_url(review), {"objectives": objectives}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert unchanged.status_code == 200 and unchanged["ETag"] == got["ETag"], "the same rows: no new version"

    row = objectives[0]["activities"][0]
    del row["indicator"], row["target"]
    row.update(indicator_en="Judges trained", indicator_km="ចំនួនចៅក្រម", target_en="", target_km="៥០")
    saved = client.patch(section_url(review), {"objectives": objectives}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert saved.status_code == 200, saved.content
    stored = Activity.objects.get(objective__section=review.section, code="1.1")
    assert (stored.indicator_en, stored.indicator_km, stored.target_en, stored.target_km) == (
        "Judges trained",
        "ចំនួនចៅក្រម",
        "",
        "៥០",
    )


def test_two_different_values_for_one_measure_are_refused(review):
    client = token_client(review.staff)
    got = client.get(section_url(review))
    objectives = got.json()["objectives"]
    objectives[0]["activities"][0]["indicator"] = "Officers trained"  # indicator_en still says People trained
    refused = client.patch(section_url(review), {"objectives": objectives}, format="json", HTTP_IF_MATCH=got["ETag"])
    assert refused.status_code == 400
    assert "indicator and indicator_en differ" in refused.content.decode()
    assert Activity.objects.get(objective__section=review.section).indicator_en == "People trained"


def publish(review):
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
    )


def test_public_activities_carry_both_languages_after_the_first_names(review, client):
    publish(review)
    answer = client.get("/api/v1/activities/").json()["results"][0]
    assert list(answer) == [*FIRST_COLUMNS, *plan_rows.MEASURE_FIELDS], "new fields last"
    assert answer["indicator"] == answer["indicator_en"] == "People trained"
    assert answer["indicator_km"] == KHMER["indicator_km"] and answer["target_km"] == KHMER["target_km"]
    text = client.get("/api/v1/activities/?format=csv").content.decode("utf-8-sig")
    header, first = (line.split(",") for line in text.splitlines()[:2])
    assert header == [*FIRST_COLUMNS, *plan_rows.MEASURE_FIELDS]
    assert first[header.index("indicator")] == "People trained"
    assert first[header.index("indicator_km")] == KHMER["indicator_km"]


def test_the_published_document_carries_both_languages_and_the_first_names(review, client):
    publish(review)
    plan = client.get(f"/api/v1/plans/{review.plan.pk}/").json()
    section = next(section for section in plan["sections"] if section["key"] == "prevention")
    row = section["objectives"][0]["activities"][0]
    assert row["indicator"] == row["indicator_en"] == "People trained"
    assert row["indicator_km"] == KHMER["indicator_km"]
