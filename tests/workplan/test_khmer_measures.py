"""An activity's indicator, baseline, target and means of verification, in Khmer and English.

Stored and saved in both languages, entered Khmer first in the editor, shown
in the reader's language (falling back on the other), and read from rows
saved before they were bilingual: a revision of the first shape restores and
compares without a change that is not there.
"""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from tests.workplan.builders import Drafting, activity, activity_form_data
from workplan.drafting import redline, selectors, services
from workplan.drafting import rows as plan_rows
from workplan.models import Activity, SectionRevision

pytestmark = pytest.mark.django_db

KHMER = {
    "indicator_km": "ចំនួនមន្ត្រីដែលបានទទួលការបណ្តុះបណ្តាល",
    "baseline_km": "០",
    "target_km": "១០០ នាក់",
    "means_of_verification_km": "របាយការណ៍វគ្គបណ្តុះបណ្តាល",
}
MEASURE_ORDER = [f"{name}_{language}" for name in plan_rows.MEASURES for language in ("km", "en")]


@pytest.fixture
def drafting():
    return Drafting(activities=2)


def one_objective(*activities):
    return [{"code": "1", "text_en": "Objective", "text_km": "គោលបំណង", "activities": list(activities)}]


def stored(drafting, code="1.1"):
    return Activity.objects.get(objective__section=drafting.section, code=code)


def first_shape(rows):
    """Return rows as they were saved before the measures were bilingual: English under the first names."""
    return [
        {
            **objective,
            "activities": [
                {
                    **{key: value for key, value in row.items() if key not in plan_rows.MEASURE_FIELDS},
                    **{name: row[f"{name}_en"] for name in plan_rows.MEASURES},
                }
                for row in objective["activities"]
            ],
        }
        for objective in rows
    ]


def test_rows_round_trip_in_both_languages(drafting):
    rows = one_objective(activity("1.1", **KHMER), activity("1.2"))
    result = drafting.save(rows=rows)
    saved = stored(drafting)
    assert [getattr(saved, name) for name in MEASURE_ORDER] == [
        KHMER["indicator_km"],
        "People trained",
        "០",
        "0",
        "១០០ នាក់",
        "100",
        KHMER["means_of_verification_km"],
        "Reports",
    ]
    snapshot = plan_rows.snapshot(selectors.section_get(drafting.chief, drafting.section.pk))
    assert snapshot == plan_rows.normalize(rows) == result.revision.rows
    assert set(snapshot[0]["activities"][0]) == set(plan_rows.ACTIVITY_FIELDS)
    assert result.revision.content_hash == SectionRevision.hash_content(result.revision.content)
    assert not drafting.save(rows=snapshot).changed, "the same rows again: no new version"


def test_the_measures_read_in_the_reader_language_falling_back_on_the_other():
    row = Activity(indicator_en="People trained", indicator_km="", target_en="", target_km="១០០")
    with override("km"):
        assert (row.indicator, row.target) == ("People trained", "១០០")
    with override("en"):
        assert (row.indicator, row.target) == ("People trained", "១០០")
    row.indicator_km = "ចំនួនអ្នក"
    with override("km"):
        assert row.indicator == "ចំនួនអ្នក"
    with override("en"):
        assert row.indicator == "People trained"


def test_an_indicator_in_either_language_needs_a_target_in_either(drafting):
    khmer_only = activity("1.1", indicator_en="", indicator_km="ចំនួនអ្នក", target_en="100", target_km="")
    assert drafting.save(rows=one_objective(khmer_only)).changed
    saved = stored(drafting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=saved.pk).update(target_en="")
    Activity.objects.filter(pk=saved.pk).update(target_en="", target_km="១០០")
    Activity.objects.filter(pk=saved.pk).update(indicator_km="", target_km="")


def test_rows_of_the_first_shape_set_the_english_and_keep_the_khmer(drafting):
    drafting.save(rows=one_objective(activity("1.1", **KHMER)))
    rows = first_shape(one_objective(activity("1.1", indicator_en="Officers trained", target_en="200")))
    assert "indicator" in rows[0]["activities"][0] and "indicator_km" not in rows[0]["activities"][0]
    drafting.save(rows=rows)
    saved = stored(drafting)
    assert (saved.indicator_en, saved.target_en) == ("Officers trained", "200")
    assert (saved.indicator_km, saved.target_km) == (KHMER["indicator_km"], KHMER["target_km"]), "kept"
    # A new activity sent the old way has no Khmer measures.
    drafting.save(rows=first_shape(one_objective(activity("1.1"), activity("1.2"))))
    assert stored(drafting, "1.2").indicator_km == ""


def edit_url(drafting, code="1.1"):
    activity = Activity.objects.get(objective__section=drafting.section, code=code)
    return reverse("workplan:activity-edit", args=[activity.pk])


def test_the_editor_asks_for_both_languages_khmer_first_and_saves_both(client, drafting):
    client.force_login(drafting.staff)
    page = client.get(edit_url(drafting), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    fields = re.findall(r'<label for="activity-form-(\w+)"', page)
    assert [name for name in fields if name in MEASURE_ORDER] == MEASURE_ORDER
    assert '<label for="activity-form-indicator_km">Indicator in Khmer' in page
    assert '<label for="activity-form-target_en">Target in English' in page
    # A new row's form has them too.
    new = client.get(reverse("workplan:activity-add", args=[drafting.section.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="means_of_verification_km"' in new.content.decode()
    khmer = client.get(edit_url(drafting), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "សូចនាករជាភាសាខ្មែរ" in khmer and "មធ្យោបាយផ្ទៀងផ្ទាត់ជាភាសាអង់គ្លេស" in khmer

    data = activity_form_data(drafting.section, "1.1", **KHMER, target_en="")
    response = client.post(edit_url(drafting), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = stored(drafting)
    assert [getattr(saved, name) for name in KHMER] == list(KHMER.values())
    assert (saved.indicator_en, saved.target_en) == ("People trained", "")


def test_the_editor_puts_a_missing_target_under_the_indicator_language(client, drafting):
    client.force_login(drafting.staff)
    data = activity_form_data(drafting.section, "1.1", indicator_km="ចំនួនអ្នក", indicator_en="", target_en="")
    response = client.post(edit_url(drafting), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "target_km": ["An indicator needs a target: say what the indicator should reach, in Khmer or in English."]
    }


def test_the_section_page_shows_the_measures_in_the_reader_language(client, drafting):
    drafting.save(rows=one_objective(activity("1.1", **KHMER), activity("1.2", indicator_en="Shelters inspected")))
    client.force_login(drafting.staff)
    url = reverse("workplan:section", args=[drafting.section.pk])
    khmer = client.get(url, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert KHMER["indicator_km"] in khmer and KHMER["target_km"] in khmer and KHMER["baseline_km"] in khmer
    assert "Shelters inspected" in khmer, "no Khmer: the English"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "People trained" in english and "Shelters inspected" in english
    assert KHMER["indicator_km"] not in english


def revision_of_the_first_shape(section, number):
    """Make revision `number` one saved before the measures were bilingual: its content in the first shape.

    Revisions are never changed (the database refuses an UPDATE); a test
    replaces one, as migrating an older database leaves them.
    """
    revision = SectionRevision.objects.get(section=section, number=number)
    content = {**revision.content, "rows": first_shape(revision.rows)}
    author, summary = revision.author, revision.summary
    revision.delete()
    return SectionRevision.objects.create(
        section=section,
        number=number,
        author=author,
        summary=summary,
        content_hash=SectionRevision.hash_content(content),
        **content,
    )


def test_a_revision_of_the_first_shape_compares_and_restores_without_spurious_changes(client, drafting):
    section = drafting.section
    section.refresh_from_db()
    number = section.version
    old = revision_of_the_first_shape(section, number)
    fingerprint = old.content_hash
    assert "indicator" in old.rows[0]["activities"][0] and "indicator_en" not in old.rows[0]["activities"][0]

    # The section reads like the old revision: restoring it makes no new version.
    result = services.section_restore(
        section_id=section.pk, revision_number=number, actor=drafting.staff, base_version=number
    )
    assert not result.changed

    rows = drafting.content()["rows"]
    rows[0]["activities"][0].update(target_en="150", indicator_km="ចំនួនអ្នក")
    newer = drafting.save(rows=rows).revision
    with override("en"):
        assert redline.rows_changes(old.rows, newer.rows, {}) == [
            "Activity 1.1: indicator changed (Khmer); target (English) 100 → 150"
        ]
    client.force_login(drafting.staff)
    compare = reverse("workplan:section-compare", args=[section.pk])
    page = client.get(compare, {"a": number, "b": newer.number}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["row_changes"] == ["Activity 1.1: indicator changed (Khmer); target (English) 100 → 150"]

    restored = services.section_restore(
        section_id=section.pk, revision_number=number, actor=drafting.staff, base_version=newer.number
    )
    assert restored.changed
    saved = stored(drafting)
    assert (saved.target_en, saved.indicator_km) == ("100", ""), "the old revision had no Khmer"
    assert restored.revision.rows == plan_rows.normalize(old.rows), "restored in today's shape"
    assert redline.rows_changes(old.rows, restored.revision.rows, {}) == []
    # The old revision is as it was saved, its fingerprint too.
    kept = SectionRevision.objects.get(section=section, number=number)
    assert kept.rows == old.rows and kept.content_hash == fingerprint == SectionRevision.hash_content(kept.content)
