"""Every state change of a draft happens here, and nowhere else.

`run(name, ...)` takes one step declared in `workplan.workflow.steps`: in one transaction it locks the
draft row, checks that the draft's state allows the step (WorkflowConflict otherwise) and that the
person's role takes it (`workplan.policies.can_act`), checks the step's required inputs, makes the change,
records it (DraftTransition and an audit event) and runs the step's effect, which writes what the step
means (assignments, the Council's decision, the publication) and the notifications (outbox rows,
delivered after commit). Fifty people pressing the same button change the state once: the others wait
for the lock, then find the draft already moved and get a WorkflowConflict.

Each step also has a function of its own name (`submit_for_review(draft=..., actor=...)`) for code and
tests; it is `run` with the step's name.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from members import roles
from members.models import Organization
from notifications.services import notify
from workplan import notices, policies
from workplan.drafting import services
from workplan.models import Comment, CouncilDecision, Draft, DraftTransition, ReviewAssignment, Section
from workplan.workflow import publication, steps

State = Draft.State

# The ministry whose minister chairs the commission reviews sections that
# name no ministry (the front matter).
CHAIR_MINISTRY = "interior"
REVIEW_DAYS = 14


class WorkflowConflict(Exception):
    """The draft is not in a state that allows the action (409 in the API)."""


def actions_for(user, draft):
    """Return the names of the steps the user may take on the draft in its current state."""
    return [step.name for step in steps_for(user, draft)]


def steps_for(user, draft):
    """Return the steps the user may take on the draft in its current state."""
    return [step for step in steps.leaving(draft.state) if policies.can_act(user, step.name, draft)]


def _lock(draft_id):
    return Draft.objects.select_for_update().select_related("plan").get(pk=draft_id)


def _move(draft, step, actor, remarks="", **details):
    """Check the move, change the state and record it; return the previous state."""
    if draft.state != step.source:
        raise WorkflowConflict(
            _("This draft is %(state)s: it cannot be moved with “%(action)s” now.")
            % {"state": draft.get_state_display(), "action": step.label}
        )
    if not policies.can_act(actor, step.name, draft):
        raise PermissionDenied(_("Your role does not allow this step."))
    previous = draft.state
    draft.state = step.target
    draft.save(update_fields=["state"])
    DraftTransition.objects.create(
        draft=draft, action=step.name, from_state=previous, to_state=step.target, actor=actor, remarks=remarks
    )
    # Not the remarks: they are the draft's content (kept on the DraftTransition), and auditors read the log.
    audit.record(
        action=f"workflow.{step.name}",
        actor=actor,
        obj=draft,
        details={"from": previous, "to": step.target, **details},
    )
    return previous


_REQUIRED_MESSAGES = {
    "remarks": lambda: _("Say what should change: remarks are required when returning a draft."),
    "decision_reference": lambda: _("Give the reference of the Council's decision."),
    "decision_date": lambda: _("Give the date of the Council's decision."),
}


def _check_required(step, inputs):
    """Refuse a step whose required inputs are missing, each with its own message."""
    errors = {}
    for name in sorted(step.required):
        value = inputs.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = _REQUIRED_MESSAGES.get(name, lambda: _("This field is required."))()
    if errors:
        # A step that asks only for its remarks refuses with the sentence alone, as a page shows it.
        raise ValidationError(next(iter(errors.values())) if list(errors) == ["remarks"] else errors)


def run(action, *, draft, actor, **inputs):
    """Take the step called `action` on the draft; return what the step gives back (the draft, or its successor).

    `inputs` are the step's declared inputs (remarks, due date, the Council's decision and scan); an input
    the step does not take is refused.
    """
    step = steps.get(action)
    if step is None:
        raise ValidationError({"action": _("Unknown action “%(action)s”.") % {"action": action}})
    unknown = set(inputs) - set(step.input_names)
    if unknown:
        raise ValidationError(
            {name: _("“%(action)s” does not take this.") % {"action": step.label} for name in sorted(unknown)}
        )
    if "remarks" in step.required:
        _check_required(step, inputs)  # before the lock: nothing to wait for when the form is incomplete
    return _run(step, draft, actor, inputs)


@transaction.atomic
def _run(step, draft, actor, inputs):
    draft = _lock(draft.pk)
    details = {}
    if step.records_council_decision:
        details = {"reference": inputs.get("decision_reference"), "date": str(inputs.get("decision_date"))}
    _move(draft, step, actor, inputs.get("remarks", ""), **details)
    _check_required(step, inputs)
    result = step.effect(draft=draft, actor=actor, **inputs)
    return draft if result is None else result


def _reviewers_and_staff(draft):
    """Return everyone who wrote or reviewed the draft: its task forces' staff and the reviewing liaisons."""
    sections = Section.objects.filter(draft=draft)
    return list(policies.reviewers_of(sections)) + list(policies.drafting_staff(sections))


@steps.effect("submit_for_review")
def _submit_for_review(*, draft, actor, remarks="", due_on=None):
    """Send the draft to the ministries: each section to every ministry its activities name."""
    due_on = due_on or timezone.localdate() + datetime.timedelta(days=REVIEW_DAYS)
    assignments = []
    sections = list(Section.objects.filter(draft=draft).prefetch_related("objectives__activities__partners"))
    chair_ministry = Organization.objects.filter(code=CHAIR_MINISTRY).values_list("pk", flat=True).first()
    ministry_ids = set(Organization.objects.ministries().values_list("pk", flat=True))
    live = set(
        ReviewAssignment.objects.filter(section__draft=draft, removed_at__isnull=True).values_list(
            "section_id", "ministry_id"
        )
    )
    for section in sections:
        named = set()
        for objective in section.objectives.all():
            for activity in objective.activities.all():
                named.add(activity.lead_ministry_id)
                named |= {partner.pk for partner in activity.partners.all() if partner.pk in ministry_ids}
        if not named and chair_ministry:
            named = {chair_ministry}
        assignments += [
            ReviewAssignment(section=section, ministry_id=ministry, due_on=due_on)
            for ministry in sorted(named)
            if (section.pk, ministry) not in live
        ]
    ReviewAssignment.objects.bulk_create(assignments)
    notify(policies.reviewers_of(sections), notices.REVIEW_REQUESTED, actor=actor, draft=draft)


@steps.effect("reopen")
def _reopen(*, draft, actor, remarks=""):
    """Take the draft back from review into drafting."""
    notify(_reviewers_and_staff(draft), notices.DRAFT_RETURNED, actor=actor, draft=draft)


def unapproved_sections(draft):
    """Return the sections not approved by every assigned ministry at their current revision."""
    waiting = []
    for section in Section.objects.filter(draft=draft).prefetch_related("reviews"):
        live = [review for review in section.reviews.all() if review.removed_at is None]
        for review in live:
            review.section = section
        if not live or not all(review.approves_current for review in live):
            waiting.append(section)
    return waiting


@steps.effect("submit_to_chair")
def _submit_to_chair(*, draft, actor, remarks=""):
    """Send the draft to the chair, once every section is approved and every thread resolved."""
    waiting = unapproved_sections(draft)
    if waiting:
        raise ValidationError(
            _("Not every section is approved at its current revision yet: %(sections)s.")
            % {"sections": ", ".join(section.title for section in waiting)}
        )
    open_threads = Comment.objects.filter(section__draft=draft, parent__isnull=True, resolved_at__isnull=True)
    if open_threads.exists():
        raise ValidationError(
            _("%(count)s comment threads are still open: resolve them before submitting to the chair.")
            % {"count": open_threads.count()}
        )
    notify(policies.people_with_role(roles.CHAIR), notices.SUBMITTED_TO_CHAIR, actor=actor, draft=draft)


@steps.effect("chair_return")
def _chair_return(*, draft, actor, remarks):
    """Return the draft to the secretariat for drafting, with the chair's remarks."""
    everyone = _reviewers_and_staff(draft) + list(policies.people_with_role(roles.CHIEF))
    notify(everyone, notices.DRAFT_RETURNED, actor=actor, draft=draft)


@steps.effect("chair_approve")
def _chair_approve(*, draft, actor, remarks=""):
    """Approve the draft and send it to the Council of Ministers."""
    notify(policies.people_with_role(roles.CHIEF), notices.CHAIR_APPROVED, actor=actor, draft=draft)


def _record_decision(draft, actor, outcome, decision_date, decision_reference, remarks, scan):
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("The Council's decision cannot be dated in the future.")})
    return CouncilDecision.objects.create(
        draft=draft,
        outcome=outcome,
        decided_on=decision_date,
        reference=decision_reference.strip(),
        remarks=remarks,
        scan=scan or "",
        recorded_by=actor,
    )


@steps.effect("council_return")
def _council_return(*, draft, actor, decision_date, decision_reference, remarks="", scan=None):
    """Record that the Council returned the draft; it ends as returned and the next draft opens."""
    _record_decision(draft, actor, CouncilDecision.Outcome.RETURN, decision_date, decision_reference, remarks, scan)
    successor = services.draft_open(plan=draft.plan, actor=actor)
    everyone = _reviewers_and_staff(draft) + list(policies.people_with_role(roles.CHAIR))
    notify(everyone, notices.DRAFT_RETURNED, actor=actor, draft=draft)
    return successor


@steps.effect("council_approve")
def _council_approve(*, draft, actor, decision_date, decision_reference, remarks="", scan=None):
    """Record that the Council approved the draft, and publish it: frozen, public, with its revision hashes."""
    decision = _record_decision(
        draft, actor, CouncilDecision.Outcome.APPROVE, decision_date, decision_reference, remarks, scan
    )
    publication.publish(draft, decision)
    everyone = _reviewers_and_staff(draft) + list(policies.people_with_role(roles.CHAIR))
    notify(everyone, notices.DECISION_RECORDED, actor=actor, draft=draft)


def _named(name):
    def take(*, draft, actor, **inputs):
        return run(name, draft=draft, actor=actor, **inputs)

    take.__name__ = take.__qualname__ = name
    take.__doc__ = f"Take the workflow step “{name}” ({steps.STEPS[name].source} → {steps.STEPS[name].target})."
    return take


submit_for_review = _named("submit_for_review")
reopen = _named("reopen")
submit_to_chair = _named("submit_to_chair")
chair_return = _named("chair_return")
chair_approve = _named("chair_approve")
council_return = _named("council_return")
council_approve = _named("council_approve")
