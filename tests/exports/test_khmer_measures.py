"""The public page and the exports show the measures in the reader's language, from any published document.

A plan published before the measures were bilingual has them in English under
their first names: it is read as it was stored, the English shown to every reader.
"""

import pytest
from django.urls import reverse

from tests.api.test_khmer_measures_api import KHMER, khmer_review, publish
from tests.exports.support import csv_rows, json_data, read
from workplan.drafting import rows as plan_rows
from workplan.exports import services
from workplan.models import PublishedPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return khmer_review()


def public_page(client, review, language):
    url = reverse("public-plan", args=[review.plan.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_public_page_shows_the_measures_in_the_reader_language(review, client):
    publish(review)
    khmer = public_page(client, review, "km")
    assert KHMER["indicator_km"] in khmer and KHMER["target_km"] in khmer
    english = public_page(client, review, "en")
    assert "People trained" in english and KHMER["indicator_km"] not in english


def to_first_shape(document):
    """Return a published document as one stored before the measures were bilingual."""
    for section in document["sections"]:
        for objective in section["objectives"]:
            for row in objective["activities"]:
                for name in plan_rows.MEASURE_FIELDS:
                    row.pop(name)
    return document


def test_a_plan_published_before_the_measures_were_bilingual_shows_the_english(
    review, client, django_capture_on_commit_callbacks
):
    publish(review)
    publication = PublishedPlan.objects.get(plan=review.plan)
    PublishedPlan.objects.filter(pk=publication.pk).update(document=to_first_shape(publication.document))
    publication.refresh_from_db()
    assert "indicator_km" not in str(publication.document)

    khmer = public_page(client, review, "km")
    assert "People trained" in khmer and "100" in khmer and KHMER["indicator_km"] not in khmer

    exports = {}
    for fmt in ("csv", "json"):
        with django_capture_on_commit_callbacks(execute=True):
            exports[fmt] = services.published_export(publication, fmt, "km")
        exports[fmt].refresh_from_db()
        assert exports[fmt].status == "done", exports[fmt].error
    header, first = csv_rows(read(exports["csv"]))[:2]
    row = dict(zip(header, first, strict=True))
    assert row["សូចនាករជាភាសាខ្មែរ"] == "" and row["សូចនាករជាភាសាអង់គ្លេស"] == "People trained"
    assert row["គោលដៅជាភាសាអង់គ្លេស"] == "100"
    data = json_data(read(exports["json"]))
    section = next(section for section in data["sections"] if section["key"] == "prevention")
    activity = section["objectives"][0]["activities"][0]
    assert (activity["indicator"], activity["indicator_en"], activity["indicator_km"]) == (
        "People trained",
        "People trained",
        "",
    )
