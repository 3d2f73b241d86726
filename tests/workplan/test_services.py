"""Saving sections: versions, revisions, conflicts kept on the server, restores, new drafts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.workplan.builders import Drafting, activity, rows_with
from workplan import services
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
        ({"target": ""}, "an indicator needs a target"),
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
    for change in ({"budget": -5}, {"end_year": 2000}, {"target": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Activity.objects.filter(pk=activity_row.pk).update(**change)
    assert Section.objects.filter(pk=drafting.section.pk).exists()
