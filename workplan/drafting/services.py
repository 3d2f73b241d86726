"""Writes to the work plan: opening drafts, saving and restoring sections, editor presence.

Every function asks workplan.policies first and owns its transaction.
State changes of drafts (submit, approve, return, publish) live in
workplan.workflow, not here.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core import rules as db_rules
from taskforces.models import TaskForce
from workplan import policies
from workplan.drafting import rows
from workplan.drafting.sanitize import clean_html
from workplan.models import ConflictCopy, Draft, Plan, Section, SectionPresence, SectionRevision, content_of
from workplan.review import services as reviews


class SectionConflict(Exception):
    """Someone saved the section after the version the user started from."""

    def __init__(self, copy):
        super().__init__(f"section {copy.section_id} is at version {copy.current_version}, not {copy.base_version}")
        self.copy = copy


@dataclass(frozen=True)
class SaveResult:
    section: Section
    revision: SectionRevision | None
    # The section's content as stored after the call (rows as rows.snapshot() gives them).
    content: dict | None = None

    @property
    def changed(self):
        return self.revision is not None


def _clean_content(content):
    """Return the content with rich text sanitised and rows in canonical form."""
    return {
        "title_en": content["title_en"].strip(),
        "title_km": content["title_km"].strip(),
        "body_en": clean_html(content.get("body_en", "")),
        "body_km": clean_html(content.get("body_km", "")),
        "rows": rows.normalize(content.get("rows", [])),
    }


def _locked_section(section_id):
    """Return the section, its draft, plan and task force, with the section row locked."""
    return (
        Section.objects.select_for_update(of=("self",)).select_related("draft__plan", "task_force").get(pk=section_id)
    )


def _write(section, content, *, actor, summary, organizations, current):
    """Store new content as the next version and revision of the locked section.

    `current` is the section's rows as rows.stored() read them under the lock.
    """
    section.title_en, section.title_km = content["title_en"], content["title_km"]
    section.body_en, section.body_km = content["body_en"], content["body_km"]
    section.version += 1
    section.updated_by = actor
    section.save()
    rows.replace(section, content["rows"], organizations, current)
    revision = SectionRevision.objects.create(
        section=section,
        number=section.version,
        author=actor,
        summary=summary[:300],
        content_hash=SectionRevision.hash_content(content),
        **content,
    )
    ConflictCopy.objects.filter(section=section, author=actor, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    audit.record(
        action="section.save",
        actor=actor,
        obj=section,
        # Not the summary: it is the draft's content, and auditors read the log. The hash names the revision.
        details={"version": section.version, "hash": revision.content_hash},
    )
    if section.draft.state == Draft.State.IN_REVIEW:
        reviews.notify_review_again(section, actor)
    return revision


def section_save(*, section_id, actor, base_version, content, summary=""):
    """Save a section from the version the user started from; refuse a stale save as a conflict.

    `content` holds titles, texts and rows; what it leaves out stays as it was
    in the version the user started from, and so does a measure (indicator,
    baseline, target, means of verification, in either language) that an
    activity of the rows leaves out (rows.fill_in_measures). A save that changes nothing makes
    no revision. A stale save stores the user's text as a ConflictCopy,
    committed so it is kept on the server, and raises SectionConflict carrying it.
    """
    result = _save(section_id=section_id, actor=actor, base_version=base_version, content=content, summary=summary)
    if isinstance(result, ConflictCopy):
        raise SectionConflict(result)
    return result


CONTENT_KEYS = ("title_en", "title_km", "body_en", "body_km", "rows")


@transaction.atomic
def _save(*, section_id, actor, base_version, content, summary):
    section = _locked_section(section_id)
    if not policies.can_edit_section(actor, section):
        raise PermissionDenied(_("You cannot edit this section now."))
    organizations = rows.organization_index()
    current = base = None
    if section.version == base_version:
        # Read the rows once: to fill in what the user left out, to compare, and to write only what changed.
        current = rows.stored(section, organizations)
        stored = base = content_of(section, rows=current.rows)
    elif not all(key in content for key in CONTENT_KEYS) or rows.leaves_out_measures(content["rows"]):
        # The conflict copy keeps what the user left out as it was in the version they started from.
        started_from = SectionRevision.objects.filter(section=section, number=base_version).first()
        base = (
            started_from.content if started_from else content_of(section, rows=rows.stored(section, organizations).rows)
        )
    if base is not None:
        content = {**base, **content}
        content["rows"] = rows.fill_in_measures(content["rows"], base["rows"])
    content = _clean_content(content)
    rows.validate(content["rows"], section.draft.plan, organizations)
    if current is None:
        copy = ConflictCopy.objects.create(
            section=section,
            author=actor,
            base_version=base_version,
            current_version=section.version,
            content=content,
            summary=summary[:300],
        )
        audit.record(
            action="section.conflict",
            actor=actor,
            obj=section,
            details={"base_version": base_version, "version": section.version, "copy": copy.pk},
        )
        return copy
    if content == stored:
        return SaveResult(section, None, stored)
    revision = _write(section, content, actor=actor, summary=summary, organizations=organizations, current=current)
    return SaveResult(section, revision, content)


@transaction.atomic
def section_restore(*, section_id, revision_number, actor, base_version):
    """Make an earlier revision's content the section's next version."""
    section = _locked_section(section_id)
    if not policies.can_edit_section(actor, section):
        raise PermissionDenied(_("You cannot edit this section now."))
    if section.version != base_version:
        raise ValidationError(
            _("Someone saved this section since you opened its history. Look at the history again before restoring.")
        )
    revision = SectionRevision.objects.get(section=section, number=revision_number)
    # Rows as a save stores them today: a revision saved before the measures were bilingual has the old keys.
    content = {**revision.content, "rows": rows.normalize(revision.rows)}
    organizations = rows.organization_index()
    current = rows.stored(section, organizations)
    stored = content_of(section, rows=current.rows)
    if content == stored:
        return SaveResult(section, None, stored)
    summary = _("Restored revision %(number)s") % {"number": revision.number}
    revision = _write(section, content, actor=actor, summary=summary, organizations=organizations, current=current)
    return SaveResult(section, revision, content)


@transaction.atomic
def draft_open(*, plan, actor):
    """Open the plan's next draft, copying every section and row of the latest one."""
    if not policies.can_open_draft(actor, plan):
        raise PermissionDenied(_("Only the secretariat chief opens drafts."))
    Plan.objects.select_for_update().get(pk=plan.pk)
    previous = plan.drafts.order_by("-number").first()
    number = (plan.drafts.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = Draft(plan=plan, number=number, based_on=previous, created_by=actor)
    draft.validate_constraints()
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError as error:
        raise db_rules.as_validation_error(error) or error from error
    if previous is None:
        _create_empty_sections(draft, actor)
    else:
        _copy_sections(previous, draft, actor)
    audit.record(
        action="draft.open", actor=actor, obj=draft, details={"number": number, "based_on": previous and previous.pk}
    )
    return draft


def _create_empty_sections(draft, actor):
    sections = [Section(draft=draft, order=0, title_en="Introduction", title_km="សេចក្តីផ្តើម", updated_by=actor)]
    sections += [
        Section(
            draft=draft,
            task_force=task_force,
            order=task_force.order,
            title_en=task_force.name_en,
            title_km=task_force.name_km,
            updated_by=actor,
        )
        for task_force in TaskForce.objects.order_by("order", "code")
    ]
    for section in Section.objects.bulk_create(sections):
        _first_revision(section, actor, [], _("Opened"))


def _copy_sections(previous, draft, actor):
    """Copy every section, objective and activity of `previous` into `draft`."""
    sources = list(
        previous.sections.prefetch_related("objectives__activities__lead_ministry", "objectives__activities__partners")
    )
    for source in sources:
        snapshot = rows.snapshot(source)
        section = Section.objects.create(
            draft=draft,
            task_force_id=source.task_force_id,
            order=source.order,
            title_en=source.title_en,
            title_km=source.title_km,
            body_en=source.body_en,
            body_km=source.body_km,
            updated_by=actor,
        )
        rows.replace(section, snapshot, current=rows.Stored())
        summary = _("Copied from draft %(number)s") % {"number": previous.number}
        _first_revision(section, actor, snapshot, summary)


def _first_revision(section, actor, snapshot, summary):
    content = content_of(section, rows=snapshot)
    SectionRevision.objects.create(
        section=section,
        number=section.version,
        author=actor,
        summary=summary,
        content_hash=SectionRevision.hash_content(content),
        **content,
    )


def presence_touch(*, section, actor):
    """Record that the user has the section open in the editor now."""
    # One upsert, the same single query whether or not the row exists yet.
    SectionPresence.objects.bulk_create(
        [SectionPresence(section=section, user=actor, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["section", "user"],
        update_fields=["seen_at"],
    )
