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
from django.utils.translation import ngettext

from audit import services as audit
from core import rules as db_rules
from taskforces.models import TaskForce
from workplan import limits, policies
from workplan.drafting import autosave, merge, rows
from workplan.drafting.sanitize import clean_html
from workplan.models import (
    Activity,
    ConflictCopy,
    Draft,
    Plan,
    Section,
    SectionPresence,
    SectionRevision,
    content_of,
)
from workplan.review import services as reviews
from workplan.search import services as search


class SectionConflict(Exception):
    """Someone saved the section after the version the user started from, changing what the user changed too.

    `copy` is the user's text, kept on the server; `conflicts` the places
    where both changed the same thing differently (workplan.drafting.merge),
    each waiting for the user's choice.
    """

    def __init__(self, copy, conflicts):
        super().__init__(f"section {copy.section_id} is at version {copy.current_version}, not {copy.base_version}")
        self.copy = copy
        self.conflicts = conflicts


@dataclass(frozen=True)
class SaveResult:
    section: Section
    revision: SectionRevision | None
    # The section's content as stored after the call (rows as rows.snapshot() gives them).
    content: dict | None = None
    # The version a stale save was merged with (None when the user saved from the current one).
    merged_with: int | None = None

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


def _with_rows(stored, section_rows):
    """Return the stored content with other rows: its texts, stored clean, are not sanitised again."""
    return {**stored, "rows": rows.normalize(section_rows)}


def _locked_section(section_id):
    """Return the section, its draft, plan and task force, with the section row locked."""
    return (
        Section.objects.select_for_update(of=("self",)).select_related("draft__plan", "task_force").get(pk=section_id)
    )


def _write(section, content, *, actor, summary, organizations, current):
    """Store new content as the next version and revision of the locked section.

    `current` is the section's rows as rows.stored() read them under the lock.
    """
    before = content_of(section, rows=current.rows)
    section.title_en, section.title_km = content["title_en"], content["title_km"]
    section.body_en, section.body_km = content["body_en"], content["body_km"]
    section.version += 1
    section.updated_by = actor
    section.save()
    placed = rows.replace(section, content["rows"], organizations, current)
    search.section_index(section, content, placed, before)
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


def section_save(*, section_id, actor, base_version, content, summary="", choices=None):
    """Save a section from the version the user started from, merging a stale save with what was saved since.

    `content` holds titles, texts and rows; what it leaves out stays as it was
    in the version the user started from, and so does a measure (indicator,
    baseline, target, means of verification, in either language) that an
    activity of the rows leaves out (rows.fill_in_measures). A save that
    changes nothing makes no revision. When someone saved since
    `base_version`, the user's changes are merged with theirs
    (workplan.drafting.merge): what only one side changed keeps that side's
    change, and the merged content is saved as the next version. Where both
    changed the same thing differently, the user's `choices` ({conflict key:
    "mine" or "theirs"}) settle it; a conflict without a choice stores the
    user's text as a ConflictCopy, committed so it is kept on the server, and
    raises SectionConflict carrying it and the conflicts. Nothing anyone saved
    is ever reverted without a choice.
    """
    check_lengths(content)
    result = _save(
        section_id=section_id,
        actor=actor,
        base_version=base_version,
        content=content,
        summary=summary,
        choices=choices or {},
    )
    if isinstance(result, SectionConflict):
        raise result
    autosave.working_copy_discard(section_id=section_id, actor=actor)
    return result


CONTENT_KEYS = ("title_en", "title_km", "body_en", "body_km", "rows")


def check_lengths(values):
    """Refuse a text longer than workplan.limits allows, before any work: section texts, rows and their texts."""
    for name in ("body_en", "body_km"):
        limits.check(values.get(name), limits.BODY, name)
    texts = [values]
    for objective in values.get("rows") or []:
        if isinstance(objective, dict):
            texts += [objective, *(row for row in objective.get("activities") or [] if isinstance(row, dict))]
    for row in texts:
        for name in ("text_en", "text_km"):
            limits.check(row.get(name), limits.ROW_TEXT, name)


@transaction.atomic
def _save(*, section_id, actor, base_version, content, summary, choices):
    section = _locked_section(section_id)
    if not policies.can_edit_section(actor, section):
        raise PermissionDenied(_("You cannot edit this section now."))
    if base_version > section.version:
        raise ValidationError(_("This section has no version %(version)s.") % {"version": base_version})
    organizations = rows.organization_index()
    # Read the rows once: to fill in what the user left out, to compare, and to write only what changed.
    current = rows.stored(section, organizations)
    stored = content_of(section, rows=current.rows)
    merged_with = None
    if section.version == base_version:
        content = _clean_content(_filled_in(content, stored))
    else:
        started_from = SectionRevision.objects.filter(section=section, number=base_version).first()
        # In today's shape (a revision may hold rows from before the measures had two languages).
        base = _clean_content(started_from.content) if started_from else None
        mine = _clean_content(_filled_in(content, base or stored))
        outcome = merge.merge(base, mine, stored, choices)
        if outcome.conflicts:
            rows.validate(mine["rows"], section.draft.plan, organizations)
            return SectionConflict(_keep_conflict(section, actor, base_version, mine, summary), outcome.conflicts)
        content = outcome.content
        # Merged "with what others saved meanwhile" only if someone else saved: the user's own row saves made
        # since they opened the texts are no one else's changes.
        others = SectionRevision.objects.filter(section=section, number__gt=base_version).exclude(author=actor)
        merged_with = section.version if others.exists() else None
    rows.validate(content["rows"], section.draft.plan, organizations)
    if content == stored:
        return SaveResult(section, None, stored, merged_with)
    if merged_with is not None:
        summary = summary or _("Merged with version %(version)s") % {"version": merged_with}
    revision = _write(section, content, actor=actor, summary=summary, organizations=organizations, current=current)
    return SaveResult(section, revision, content, merged_with)


def _filled_in(content, base):
    """Return `content` with what it leaves out taken from `base`: whole keys, and measures its activities omit."""
    content = {**base, **content}
    content["rows"] = rows.fill_in_measures(content["rows"], base["rows"])
    return content


def _keep_conflict(section, actor, base_version, content, summary):
    """Keep the user's refused text on the server, and in the audit log that it was refused."""
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


class ActivityConflict(Exception):
    """The activity changed since the version the user started from, and their change cannot be merged alone.

    `conflicts` lists where both changed the same field (empty when the save
    named no starting point to merge from); `current` is the row as it is now.
    """

    def __init__(self, activity, current, conflicts):
        super().__init__(f"activity {activity.pk} is at version {activity.version}")
        self.activity = activity
        self.current = current
        self.conflicts = conflicts


@dataclass(frozen=True)
class ActivitySaveResult:
    activity: object
    # The row as stored after the call (rows data, with its "objective" code).
    row: dict
    section: Section
    revision: SectionRevision | None
    merged_with: int | None = None


# What saving one activity may change: every field of its row but its code, which names it.
ACTIVITY_CHANGES = frozenset(name for name in rows.ACTIVITY_FIELDS if name != "code") | {"objective"}


def activity_save(*, activity_id, actor, base_version, changes, started_from=None, choices=None, summary=""):
    """Save one activity of a section from the version of that row the user started from.

    Two people editing different activities of a section never meet: each
    row has its own version. The save is still a revision of the whole
    section (its history records every change, who made it and when) and
    its audit event. When the row changed since `base_version`, the user's
    `changes` are merged with what changed (merge.merge_activity) against
    `started_from`, the row as they opened it (or a function returning it,
    called only then); without it, or where both
    changed the same field without a choice in `choices`, ActivityConflict
    is raised and nothing is written. `changes` may name a new objective
    (its code) to move the activity to the end of it.
    """
    check_lengths(changes)
    unknown = set(changes) - ACTIVITY_CHANGES
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        section_id = Activity.objects.filter(pk=activity_id).values_list("objective__section_id", flat=True).first()
        if section_id is None:
            raise Activity.DoesNotExist
        section = _locked_section(section_id)
        if not policies.can_edit_section(actor, section):
            raise PermissionDenied(_("You cannot edit this section now."))
        organizations = rows.organization_index()
        current = rows.stored(section, organizations)
        activity = next(activity for activity in current.activities if activity.pk == activity_id)
        stored = content_of(section, rows=current.rows)
        theirs = _row_of(stored["rows"], activity.code)
        merged_with = None
        if activity.version == base_version:
            row = {**theirs, **changes}
        else:
            # Read only now that it is needed (a function giving it, from the page): most saves are not stale.
            started_from = started_from() if callable(started_from) else started_from
            if started_from is None:
                raise ActivityConflict(activity, theirs, [])
            # In canonical form on every side, so that "40000" and "40000.00" are not taken for a change.
            base = _normal_row({**theirs, **started_from, "code": activity.code})
            outcome = merge.merge_activity(base, _normal_row({**base, **changes}), theirs, choices)
            if outcome.conflicts:
                raise ActivityConflict(activity, theirs, outcome.conflicts)
            row, merged_with = outcome.content, activity.version
        content = _with_rows(stored, _with_row(stored["rows"], row))
        rows.validate(content["rows"], section.draft.plan, organizations)
        revision = None
        if content != stored:
            summary = summary or _("Activity %(code)s changed") % {"code": activity.code}
            revision = _write(
                section, content, actor=actor, summary=summary, organizations=organizations, current=current
            )
        activity = Activity.objects.select_related("objective", "lead_ministry").get(pk=activity_id)
        return ActivitySaveResult(activity, _row_of(content["rows"], activity.code), section, revision, merged_with)


def _normal_row(row):
    """Return an activity row (with its objective's code) in the canonical form rows.normalize() gives."""
    (objective,) = rows.normalize([{"code": row["objective"], "activities": [row]}])
    return {**objective["activities"][0], "objective": objective["code"]}


def _row_of(section_rows, code):
    """Return the activity row with `code`, with the code of its objective."""
    for objective in section_rows:
        for row in objective["activities"]:
            if row["code"] == code:
                return {**row, "objective": objective["code"]}
    raise KeyError(code)


def _with_row(section_rows, row):
    """Return the rows with the activity `row` in place of its old self (at the end of its new objective if moved)."""
    row = dict(row)
    objective_code = row.pop("objective")
    if objective_code not in {objective["code"] for objective in section_rows}:
        raise ValidationError(_("This section has no objective %(code)s.") % {"code": objective_code})
    result = []
    for objective in section_rows:
        activities = []
        for activity in objective["activities"]:
            if activity["code"] != row["code"]:
                activities.append(activity)
            elif objective["code"] == objective_code:
                activities.append(row)
        if objective["code"] == objective_code and row not in activities:
            activities.append(row)
        result.append({**objective, "activities": activities})
    return result


# --- Rows one at a time: add, move and remove activities and objectives ----------------------------------
#
# Each is a change of the whole section under its lock, like a save: a revision (who, what, when) and an audit
# event, and the review asked again when the draft is in review. They change the rows as they are now, not as
# the user saw them: adding takes the next free code at that moment, moving swaps with the neighbour the row has
# now. Removing an activity someone changed since the user saw it is refused, so that it is not removed unseen.


def _change_rows(section_id, actor, change, summary):
    """Apply change(rows as stored) -> new rows to the locked section and save them as its next version.

    `summary` is the revision's, or a function returning it once the change has run. Returns SaveResult.
    """
    section = _locked_section(section_id)
    if not policies.can_edit_section(actor, section):
        raise PermissionDenied(_("You cannot edit this section now."))
    organizations = rows.organization_index()
    current = rows.stored(section, organizations)
    stored = content_of(section, rows=current.rows)
    content = _with_rows(stored, change(current.rows))
    rows.validate(content["rows"], section.draft.plan, organizations)
    if content == stored:
        return SaveResult(section, None, stored)
    summary = summary() if callable(summary) else summary
    revision = _write(section, content, actor=actor, summary=summary, organizations=organizations, current=current)
    return SaveResult(section, revision, content)


def next_code(prefix, codes):
    """Return the code after the highest numbered one that starts with `prefix`, and not in `codes`.

    "3" after objectives "1" and "2"; "2.5" after activities "2.1" to "2.4" (prefix "2.").
    """
    numbers = [int(code[len(prefix) :]) for code in codes if code.startswith(prefix) and code[len(prefix) :].isdigit()]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number}" in codes:
        number += 1
    return f"{prefix}{number}"


def _swapped(items, index, direction):
    """Return the list with the item at `index` swapped with its neighbour above or below (unchanged at an end)."""
    items = list(items)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


def _activity_codes(section_rows):
    return {activity["code"] for objective in section_rows for activity in objective["activities"]}


def next_activity_code(section_rows, objective_code):
    """Return the code a new activity of the objective gets: its objective's code, a dot, the next number."""
    return next_code(f"{objective_code}.", _activity_codes(section_rows))


def next_objective_code(section_rows):
    return next_code("", {objective["code"] for objective in section_rows})


def _objective_of(section_rows, code):
    for objective in section_rows:
        if objective["code"] == code:
            return objective
    raise ValidationError(_("This section has no objective %(code)s.") % {"code": code})


@transaction.atomic
def activity_add(*, section_id, actor, objective, values, summary=""):
    """Add an activity at the end of the objective with code `objective`, with the next free code.

    `values` holds the row's fields (ACTIVITY_CHANGES but the objective); a
    code in it is ignored: the code is the objective's next, taken under the lock.
    Returns ActivitySaveResult.
    """
    check_lengths(values)
    unknown = set(values) - ACTIVITY_CHANGES - {"code"}
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    added = {}

    def change(section_rows):
        _objective_of(section_rows, objective)
        code = next_activity_code(section_rows, objective)
        row = {**values, "code": code}
        row.pop("objective", None)
        added["code"] = code
        return [
            {**row_, "activities": [*row_["activities"], row]} if row_["code"] == objective else row_
            for row_ in section_rows
        ]

    result = _change_rows(
        section_id, actor, change, summary or (lambda: _("Activity %(code)s added") % {"code": added["code"]})
    )
    activity = Activity.objects.select_related("objective").get(objective__section_id=section_id, code=added["code"])
    return ActivitySaveResult(activity, _row_of(result.content["rows"], activity.code), result.section, result.revision)


def _section_of_activity(activity_id):
    section_id = Activity.objects.filter(pk=activity_id).values_list("objective__section_id", flat=True).first()
    if section_id is None:
        raise Activity.DoesNotExist
    return section_id


@transaction.atomic
def activity_move(*, activity_id, actor, direction):
    """Move the activity one place up or down within its objective (nothing happens at either end)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Say whether to move the row up or down."))
    code = Activity.objects.filter(pk=activity_id).values_list("code", flat=True).first()
    section_id = _section_of_activity(activity_id)

    def change(section_rows):
        result = []
        for objective in section_rows:
            activities = objective["activities"]
            codes = [activity["code"] for activity in activities]
            if code in codes:
                activities = _swapped(activities, codes.index(code), direction)
            result.append({**objective, "activities": list(activities)})
        return result

    summary = (_("Activity %(code)s moved up") if direction == "up" else _("Activity %(code)s moved down")) % {
        "code": code
    }
    return _change_rows(section_id, actor, change, summary)


@transaction.atomic
def activity_remove(*, activity_id, actor, base_version):
    """Remove the activity, if it is still at the version the user saw (else ActivityConflict: look again)."""
    section_id = _section_of_activity(activity_id)
    section = _locked_section(section_id)
    activity = Activity.objects.get(pk=activity_id)
    if activity.version != base_version:
        organizations = rows.organization_index()
        current = rows.stored(section, organizations)
        raise ActivityConflict(activity, _row_of(current.rows, activity.code), [])

    def change(section_rows):
        return [
            {**objective, "activities": [a for a in objective["activities"] if a["code"] != activity.code]}
            for objective in section_rows
        ]

    return _change_rows(section_id, actor, change, _("Activity %(code)s removed") % {"code": activity.code})


# What saving an objective may change: its texts. Its code names it, and its activities' codes begin with it.
OBJECTIVE_CHANGES = frozenset(merge.OBJECTIVE_FIELDS)


class ObjectiveConflict(Exception):
    """Both the user and someone else changed the same text of an objective since the user opened it."""

    def __init__(self, current, conflicts):
        super().__init__(f"objective {current['code']} changed meanwhile")
        self.current = current
        self.conflicts = conflicts


@transaction.atomic
def objective_save(*, section_id, actor, code, changes, started_from, choices=None):
    """Save an objective's texts, merged field by field with what changed since `started_from` (its texts then).

    A text only someone else changed keeps their change; where both changed the
    same text differently, the user's `choices` ({conflict key: "mine" or
    "theirs"}) settle it, or ObjectiveConflict is raised and nothing is written.
    """
    check_lengths(changes)
    unknown = set(changes) - OBJECTIVE_CHANGES
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    outcome = {}

    def change(section_rows):
        theirs = _objective_of(section_rows, code)
        base = {**theirs, **started_from}
        merged = merge.merge_objective(base, {**base, **changes}, theirs, choices)
        if merged.conflicts:
            raise ObjectiveConflict(theirs, merged.conflicts)
        outcome["merged"] = any(base[name] != theirs[name] for name in OBJECTIVE_CHANGES)
        return [{**row, **merged.content} if row["code"] == code else row for row in section_rows]

    result = _change_rows(section_id, actor, change, _("Objective %(code)s changed") % {"code": code})
    return result, outcome.get("merged", False)


@transaction.atomic
def objective_add(*, section_id, actor, texts):
    """Add an objective at the end of the section with the next free code; return (SaveResult, its code)."""
    check_lengths(texts)
    added = {}

    def change(section_rows):
        added["code"] = next_objective_code(section_rows)
        row = {"code": added["code"], "text_en": texts.get("text_en", ""), "text_km": texts.get("text_km", "")}
        return [*section_rows, {**row, "activities": []}]

    result = _change_rows(section_id, actor, change, lambda: _("Objective %(code)s added") % {"code": added["code"]})
    return result, added["code"]


@transaction.atomic
def objective_move(*, section_id, actor, code, direction):
    """Move the objective, with its activities, one place up or down (nothing happens at either end)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Say whether to move the row up or down."))

    def change(section_rows):
        _objective_of(section_rows, code)
        codes = [objective["code"] for objective in section_rows]
        return _swapped(section_rows, codes.index(code), direction)

    summary = (_("Objective %(code)s moved up") if direction == "up" else _("Objective %(code)s moved down")) % {
        "code": code
    }
    return _change_rows(section_id, actor, change, summary)


@transaction.atomic
def objective_remove(*, section_id, actor, code):
    """Remove an objective that has no activity left (its activities are moved or removed first, one by one)."""

    def change(section_rows):
        objective = _objective_of(section_rows, code)
        if objective["activities"]:
            raise ValidationError(
                ngettext(
                    "Objective %(code)s still has %(count)s activity: move it to another objective or remove it first.",
                    "Objective %(code)s still has %(count)s activities: move them to other objectives or remove "
                    "them first.",
                    len(objective["activities"]),
                )
                % {"code": code, "count": len(objective["activities"])}
            )
        return [row for row in section_rows if row["code"] != code]

    return _change_rows(section_id, actor, change, _("Objective %(code)s removed") % {"code": code})


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
    search.plan_index(plan)
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
    created = Section.objects.bulk_create(sections)
    for section in created:
        _first_revision(section, actor, [], _("Opened"))
    search.sections_index([(section, content_of(section, rows=[]), rows.Placed({}, {})) for section in created])


def _copy_sections(previous, draft, actor):
    """Copy every section, objective and activity of `previous` into `draft`."""
    sources = list(
        previous.sections.prefetch_related("objectives__activities__lead_ministry", "objectives__activities__partners")
    )
    copies = []
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
        placed = rows.replace(section, snapshot, current=rows.Stored())
        summary = _("Copied from draft %(number)s") % {"number": previous.number}
        _first_revision(section, actor, snapshot, summary)
        copies.append((section, content_of(section, rows=snapshot), placed))
    search.sections_index(copies)


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
