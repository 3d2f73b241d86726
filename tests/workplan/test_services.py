"""Saving sections: versions, revisions, conflicts kept on the server, restores, new drafts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.workplan.builders import Drafting, activity, rows_with
from workplan.drafting import services
from workplan.models import ConflictCopy, Draft, Section, SectionRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafting():
    return Drafting()


def test_a_save_makes_a_revision_with_a_snapshot(drafting):
    section = drafting.section
    section.refresh_from_db()
    assert section.version == 2
    revision = SectionRevision.objects.get(section=section, number=2)
    assert revision.author == drafting.staff
    assert revision.body_en == "<p>First text.</p>"
    assert [a["code"] for o in revision.rows for a in o["activities"]] == ["1.1", "2.1", "3.1"]
    assert revision.content_hash == SectionRevision.hash_content(revision.content)
    assert len(revision.content_hash) == 64


def test_a_save_that_changes_nothing_makes_no_revision(drafting):
    result = drafting.save()
    assert not result.changed
    assert SectionRevision.objects.filter(section=drafting.section).count() == 2
    drafting.section.refresh_from_db()
    assert drafting.section.version == 2


def test_equivalent_html_is_no_change(drafting):
    # The editor may send the same text with different but equivalent markup.
    result = drafting.save(body_en="<p>First text.</p>\n", body_km="<p>អត្ថបទដំបូង។</p>")
    assert not result.changed


def test_a_stale_save_is_refused_and_the_text_kept(drafting):
    drafting.section.refresh_from_db()
    base = drafting.section.version
    drafting.save(actor=drafting.colleague, body_en="<p>The colleague's text.</p>")
    mine = drafting.content(body_en="<p>My text, which must not be lost.</p>")
    with pytest.raises(services.SectionConflict) as raised:
        services.section_save(
            section_id=drafting.section.pk, actor=drafting.staff, base_version=base, content=mine, summary="mine"
        )
    copy = raised.value.copy
    stored = ConflictCopy.objects.get(pk=copy.pk)
    assert stored.content["body_en"] == "<p>My text, which must not be lost.</p>"
    assert (stored.base_version, stored.current_version) == (base, base + 1)
    drafting.section.refresh_from_db()
    assert drafting.section.body_en == "<p>The colleague's text.</p>"
    # Merging and saving from the current version works, and settles the copy.
    drafting.save(body_en="<p>The colleague's text. My text, which must not be lost.</p>")
    stored.refresh_from_db()
    assert stored.resolved_at is not None


def test_a_stale_save_of_other_fields_is_merged_and_keeps_what_was_saved_meanwhile(drafting):
    drafting.section.refresh_from_db()
    base = drafting.section.version
    drafting.save(actor=drafting.colleague, title_en="Theirs", rows=rows_with(2))
    result = services.section_save(
        section_id=drafting.section.pk,
        actor=drafting.staff,
        base_version=base,
        content={"body_en": "<p>Mine.</p>"},
    )
    assert result.merged_with == base + 1 and result.section.version == base + 2
    drafting.section.refresh_from_db()
    assert (drafting.section.title_en, drafting.section.body_en) == ("Theirs", "<p>Mine.</p>")
    assert drafting.content()["rows"] == rows_with(2), "the colleague's rows are not undone"
    assert not ConflictCopy.objects.exists()


def test_a_conflict_keeps_what_the_user_left_out_as_they_started_from(drafting):
    drafting.section.refresh_from_db()
    base = drafting.section.version
    started_from = drafting.content()
    drafting.save(actor=drafting.colleague, title_en="Theirs", body_en="<p>Theirs.</p>", rows=rows_with(2))
    with pytest.raises(services.SectionConflict) as raised:
        services.section_save(
            section_id=drafting.section.pk,
            actor=drafting.staff,
            base_version=base,
            content={"body_en": "<p>Mine.</p>"},
        )
    assert [conflict.path for conflict in raised.value.conflicts] == [("body_en", 0)]
    copy = raised.value.copy.content
    assert copy["body_en"] == "<p>Mine.</p>"
    assert (copy["title_en"], copy["rows"]) == (started_from["title_en"], started_from["rows"])


def test_rich_text_is_sanitised_on_save(drafting):
    drafting.save(body_en='<p onclick="x()">Hi<script>window.__xss=1</script></p><img src=x onerror=alert(1)>')
    drafting.section.refresh_from_db()
    assert drafting.section.body_en == "<p>Hi</p>"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lead_ministry": ""}, "choose the ministry that leads it"),
        ({"start_year": 2009}, "2009 is outside the plan period 2010–2014"),
        ({"end_year": 2015}, "2015 is outside the plan period 2010–2014"),
        ({"start_year": 2013, "end_year": 2011}, "the last year cannot come before the first year"),
        ({"budget": "-1.00"}, "a budget cannot be negative"),
        ({"target_en": ""}, "an indicator needs a target"),
        ({"target_en": "", "indicator_en": "", "indicator_km": "ចំនួនអ្នកបានបណ្តុះបណ្តាល"}, "an indicator needs a target"),
        ({"lead_ministry": "aple"}, "is not a ministry of the commission"),
        ({"partners": ["nowhere"]}, "unknown partner organisations: nowhere"),
    ],
)
def test_rows_are_validated_with_clear_messages(drafting, change, message):
    rows = [{"code": "1", "text_en": "", "text_km": "", "activities": [activity("1.1", **change)]}]
    with pytest.raises(ValidationError) as raised:
        drafting.save(rows=rows)
    assert any(message in text and "Activity 1.1" in text for text in raised.value.messages), raised.value.messages


def test_duplicate_codes_are_refused(drafting):
    rows = [{"code": "1", "text_en": "", "text_km": "", "activities": [activity("1.1"), activity("1.1")]}]
    with pytest.raises(ValidationError, match="used twice"):
        drafting.save(rows=rows)


def test_only_the_task_force_edits_its_section(drafting):
    with pytest.raises(PermissionDenied):
        drafting.save(actor=drafting.outsider, body_en="<p>Not mine</p>")
    with pytest.raises(PermissionDenied):
        drafting.save(actor=drafting.chief, body_en="<p>The chief writes the front matter only</p>")


def test_a_closed_draft_cannot_be_edited(drafting):
    Draft.objects.filter(pk=drafting.draft.pk).update(state=Draft.State.WITH_CHAIR)
    with pytest.raises(PermissionDenied):
        drafting.save(body_en="<p>Too late</p>")


def test_restore_makes_a_new_revision(drafting):
    drafting.save(body_en="<p>Second text.</p>")
    drafting.section.refresh_from_db()
    result = services.section_restore(
        section_id=drafting.section.pk, revision_number=2, actor=drafting.staff, base_version=drafting.section.version
    )
    assert result.changed
    assert result.revision.number == 4
    assert result.revision.body_en == "<p>First text.</p>"
    assert result.revision.summary == "Restored revision 2"


def test_restore_from_a_stale_history_is_refused(drafting):
    drafting.save(body_en="<p>Second text.</p>")
    with pytest.raises(ValidationError, match="Someone saved this section"):
        services.section_restore(
            section_id=drafting.section.pk, revision_number=2, actor=drafting.staff, base_version=2
        )


def test_revisions_are_immutable_in_the_database(drafting):
    revision = SectionRevision.objects.filter(section=drafting.section).first()
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionRevision.objects.filter(pk=revision.pk).update(summary="rewritten")


def test_a_new_draft_copies_every_section_and_row(drafting):
    drafting.save(rows=rows_with(5), body_km="<p>អត្ថបទ</p>")
    with pytest.raises(ValidationError, match="already has an open draft"):
        services.draft_open(plan=drafting.plan, actor=drafting.chief)
    Draft.objects.filter(pk=drafting.draft.pk).update(state=Draft.State.RETURNED)
    second = services.draft_open(plan=drafting.plan, actor=drafting.chief)
    assert (second.number, second.based_on_id) == (2, drafting.draft.pk)
    assert second.sections.count() == drafting.draft.sections.count() == 3
    copied = second.sections.get(task_force=drafting.task_force)
    assert copied.body_km == "<p>អត្ថបទ</p>"
    codes = sorted(copied.objectives.values_list("activities__code", flat=True))
    assert codes == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert copied.revisions.get().summary == "Copied from draft 1"


def test_only_the_chief_opens_drafts(drafting):
    Draft.objects.filter(pk=drafting.draft.pk).update(state=Draft.State.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.draft_open(plan=drafting.plan, actor=drafting.staff)


def test_one_open_draft_per_plan_is_kept_by_the_database(drafting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(plan=drafting.plan, number=9, created_by=drafting.chief)


def test_database_refuses_bad_rows(drafting):
    from workplan.models import Activity

    activity_row = Activity.objects.filter(objective__section=drafting.section).first()
    for change in ({"budget": -5}, {"end_year": 2000}, {"target_en": ""}, {"indicator_km": "សូចនាករ", "target_en": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Activity.objects.filter(pk=activity_row.pk).update(**change)
    assert Section.objects.filter(pk=drafting.section.pk).exists()


def stored_rows(section):
    """Return every stored field of the section's rows except ids and versions, in their stored order."""
    from workplan.models import Activity, Objective

    # A version counts the row's changes: the row written afresh starts again at 1.
    fields = [f.name for f in Activity._meta.concrete_fields if f.name not in ("id", "objective", "version")]
    return [
        {
            **{name: getattr(objective, name) for name in ("code", "order", "text_en", "text_km")},
            "activities": [
                {
                    **{name: getattr(row, name) for name in fields},
                    "partners": sorted(partner.code for partner in row.partners.all()),
                }
                for row in Activity.objects.filter(objective=objective).order_by("order", "id")
            ],
        }
        for objective in Objective.objects.filter(section=section).order_by("order", "id")
    ]


def edits():
    """Return a run of row edits: (what it does, function from rows to new rows)."""

    def edit_texts(rows):
        rows[0]["activities"][0]["text_en"] = "Edited in English"
        rows[1]["activities"][1]["budget"] = "123.45"
        rows[2]["text_km"] = "គោលបំណងថ្មី"
        return rows

    def add(rows):
        rows[1]["activities"].insert(0, activity("2.new", partners=["aple", "justice"]))
        rows.append({"code": "4", "text_en": "New", "text_km": "", "activities": [activity("4.new")]})
        return rows

    def remove(rows):
        del rows[0]["activities"][0]
        del rows[2]
        return rows

    def reorder_and_move(rows):
        rows[0], rows[1] = rows[1], rows[0]
        rows[1]["activities"].reverse()
        rows[1]["activities"].append(rows[0]["activities"].pop())
        return rows

    def partners_and_lead(rows):
        first, second = rows[0]["activities"][0], rows[1]["activities"][0]
        first["partners"] = ["social-affairs"]
        second["partners"] = ["aple", "social-affairs"]
        second["lead_ministry"] = "justice"
        return rows

    def move_off_a_removed_objective(rows):
        moved = rows.pop()["activities"]
        rows[0]["activities"] = moved + rows[0]["activities"]
        return rows

    def codes_used_before(rows):
        rows.append({"code": "3", "text_en": "Back", "text_km": "", "activities": [activity("3.1", budget=None)]})
        return rows

    def everything_out_and_in(rows):
        return [] if rows else rows_with(4)

    return [
        edit_texts,
        add,
        remove,
        reorder_and_move,
        partners_and_lead,
        move_off_a_removed_objective,
        codes_used_before,
        everything_out_and_in,
        everything_out_and_in,
    ]


def test_saves_store_the_rows_as_a_fresh_insert_would(drafting):
    """Written row by row as they changed, the rows end up the same as if all were deleted and inserted again."""
    from workplan.drafting import rows as plan_rows
    from workplan.drafting.selectors import section_get
    from workplan.models import Objective

    drafting.save(rows=rows_with(6))
    reference = drafting.draft.sections.get(task_force=drafting.other_task_force)
    for edit in edits():
        wanted = edit(drafting.content()["rows"])
        drafting.save(rows=wanted)
        assert plan_rows.snapshot(section_get(drafting.chief, drafting.section.pk)) == plan_rows.normalize(wanted)
        Objective.objects.filter(section=reference).delete()
        plan_rows.replace(reference, plan_rows.normalize(wanted))
        assert stored_rows(drafting.section) == stored_rows(reference), edit.__name__


def test_a_save_writes_only_the_rows_that_changed(drafting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workplan.models import Activity

    drafting.save(rows=rows_with(6))
    before = dict(Activity.objects.filter(objective__section=drafting.section).values_list("code", "pk"))
    content = drafting.content()
    content["rows"][1]["activities"][0]["text_en"] = "Only this one changed"
    with CaptureQueriesContext(connection) as captured:
        services.section_save(
            section_id=drafting.section.pk, actor=drafting.staff, base_version=drafting.section.version, content=content
        )
    writes = [q["sql"] for q in captured if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    row_writes = [sql for sql in writes if "workplan_activity" in sql or "workplan_objective" in sql]
    assert len(row_writes) == 1 and row_writes[0].startswith('UPDATE "workplan_activity"'), row_writes
    after = dict(Activity.objects.filter(objective__section=drafting.section).values_list("code", "pk"))
    assert after == before


def test_a_save_costs_the_same_queries_for_6_and_60_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    drafting = Drafting()

    def costs(size):
        drafting.save(rows=rows_with(size))
        counts = []
        for edit in [*edits()[:7], lambda rows: rows, lambda rows: [{**rows[0], "text_en": "Only the objective"}]]:
            content = drafting.content()
            content["rows"] = edit(content["rows"])
            content["body_en"] = f"<p>Save {len(counts)}</p>"
            with CaptureQueriesContext(connection) as captured:
                services.section_save(
                    section_id=drafting.section.pk,
                    actor=drafting.staff,
                    base_version=drafting.section.version,
                    content=content,
                )
            counts.append(len(captured))
        return counts

    assert costs(6) == costs(60)
