"""Every state change of a draft happens here, and nowhere else.

Each action is one function: in one transaction it locks the draft row,
looks the move up in TRANSITIONS, asks workplan.policies, makes the change,
writes the audit event and the notifications (outbox rows, delivered after
commit). Fifty people pressing the same button change the state once: the
others wait for the lock, then find the draft already moved and get a
WorkflowConflict.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from members import roles
from members.models import Organization
from notifications.services import notify

from . import notices, policies, publication, services
from .models import Comment, CouncilDecision, Draft, DraftTransition, ReviewAssignment, Section

State = Draft.State

# (state, action) -> next state. The only table of moves.
TRANSITIONS = {
    (State.DRAFTING, "submit_for_review"): State.IN_REVIEW,
    (State.IN_REVIEW, "reopen"): State.DRAFTING,
    (State.IN_REVIEW, "submit_to_chair"): State.WITH_CHAIR,
    (State.WITH_CHAIR, "chair_return"): State.DRAFTING,
    (State.WITH_CHAIR, "chair_approve"): State.WITH_COUNCIL,
    (State.WITH_COUNCIL, "council_return"): State.RETURNED,
    (State.WITH_COUNCIL, "council_approve"): State.PUBLISHED,
}

ACTION_LABELS = {
    "submit_for_review": gettext_lazy("Submit for review by the ministries"),
    "reopen": gettext_lazy("Reopen for drafting"),
    "submit_to_chair": gettext_lazy("Submit to the chair"),
    "chair_return": gettext_lazy("Return to the secretariat"),
    "chair_approve": gettext_lazy("Approve and send to the Council of Ministers"),
    "council_return": gettext_lazy("Record the Council's decision: returned"),
    "council_approve": gettext_lazy("Record the Council's decision: approved"),
}

# The ministry whose minister chairs the commission reviews sections that
# name no ministry (the front matter).
CHAIR_MINISTRY = "interior"
REVIEW_DAYS = 14


class WorkflowConflict(Exception):
    """The draft is not in a state that allows the action (409 in the API)."""


def actions_for(user, draft):
    """Return the workflow actions the user may take on the draft in its current state."""
    return [action for (state, action) in TRANSITIONS if state == draft.state and policies.can_act(user, action, draft)]


def _lock(draft_id):
    return Draft.objects.select_for_update().select_related("plan").get(pk=draft_id)


def _move(draft, action, actor, remarks="", **details):
    """Check the move, change the state and record it; return the previous state."""
    try:
        target = TRANSITIONS[(draft.state, action)]
    except KeyError:
        raise WorkflowConflict(
            _("This draft is %(state)s: it cannot be moved with “%(action)s” now.")
            % {"state": draft.get_state_display(), "action": ACTION_LABELS.get(action, action)}
        ) from None
    if not policies.can_act(actor, action, draft):
        raise PermissionDenied(_("Your role does not allow this step."))
    previous = draft.state
    draft.state = target
    draft.save(update_fields=["state"])
    DraftTransition.objects.create(
        draft=draft, action=action, from_state=previous, to_state=target, actor=actor, remarks=remarks
    )
    # Not the remarks: they are the draft's content (kept on the DraftTransition), and auditors read the log.
    audit.record(
        action=f"workflow.{action}",
        actor=actor,
        obj=draft,
        details={"from": previous, "to": target, **details},
    )
    return previous


def _reviewers_and_staff(draft):
    """Return everyone who wrote or reviewed the draft: its task forces' staff and the reviewing liaisons."""
    sections = Section.objects.filter(draft=draft)
    return list(policies.reviewers_of(sections)) + list(policies.drafting_staff(sections))


@transaction.atomic
def submit_for_review(*, draft, actor, remarks="", due_on=None):
    """Send the draft to the ministries: each section to every ministry its activities name."""
    draft = _lock(draft.pk)
    _move(draft, "submit_for_review", actor, remarks)
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
    return draft


@transaction.atomic
def reopen(*, draft, actor, remarks=""):
    """Take the draft back from review into drafting."""
    draft = _lock(draft.pk)
    _move(draft, "reopen", actor, remarks)
    notify(_reviewers_and_staff(draft), notices.DRAFT_RETURNED, actor=actor, draft=draft)
    return draft


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


@transaction.atomic
def submit_to_chair(*, draft, actor, remarks=""):
    """Send the draft to the chair, once every section is approved and every thread resolved."""
    draft = _lock(draft.pk)
    if draft.state == State.IN_REVIEW:
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
    _move(draft, "submit_to_chair", actor, remarks)
    notify(policies.people_with_role(roles.CHAIR), notices.SUBMITTED_TO_CHAIR, actor=actor, draft=draft)
    return draft


@transaction.atomic
def chair_return(*, draft, actor, remarks):
    """Return the draft to the secretariat for drafting, with the chair's remarks."""
    if not remarks.strip():
        raise ValidationError(_("Say what should change: remarks are required when returning a draft."))
    draft = _lock(draft.pk)
    _move(draft, "chair_return", actor, remarks)
    everyone = _reviewers_and_staff(draft) + list(policies.people_with_role(roles.CHIEF))
    notify(everyone, notices.DRAFT_RETURNED, actor=actor, draft=draft)
    return draft


@transaction.atomic
def chair_approve(*, draft, actor, remarks=""):
    """Approve the draft and send it to the Council of Ministers."""
    draft = _lock(draft.pk)
    _move(draft, "chair_approve", actor, remarks)
    notify(policies.people_with_role(roles.CHIEF), notices.CHAIR_APPROVED, actor=actor, draft=draft)
    return draft


def _record_decision(draft, actor, outcome, decision_date, decision_reference, remarks, scan):
    if not decision_reference or not decision_reference.strip():
        raise ValidationError({"decision_reference": _("Give the reference of the Council's decision.")})
    if decision_date is None:
        raise ValidationError({"decision_date": _("Give the date of the Council's decision.")})
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


@transaction.atomic
def council_return(*, draft, actor, decision_date, decision_reference, remarks="", scan=None):
    """Record that the Council returned the draft; it ends as returned and the next draft opens."""
    draft = _lock(draft.pk)
    _move(draft, "council_return", actor, remarks, reference=decision_reference, date=str(decision_date))
    _record_decision(draft, actor, CouncilDecision.Outcome.RETURN, decision_date, decision_reference, remarks, scan)
    successor = services.draft_open(plan=draft.plan, actor=actor)
    everyone = _reviewers_and_staff(draft) + list(policies.people_with_role(roles.CHAIR))
    notify(everyone, notices.DRAFT_RETURNED, actor=actor, draft=draft)
    return successor


@transaction.atomic
def council_approve(*, draft, actor, decision_date, decision_reference, remarks="", scan=None):
    """Record that the Council approved the draft, and publish it: frozen, public, with its revision hashes."""
    draft = _lock(draft.pk)
    _move(draft, "council_approve", actor, remarks, reference=decision_reference, date=str(decision_date))
    decision = _record_decision(
        draft, actor, CouncilDecision.Outcome.APPROVE, decision_date, decision_reference, remarks, scan
    )
    publication.publish(draft, decision)
    everyone = _reviewers_and_staff(draft) + list(policies.people_with_role(roles.CHAIR))
    notify(everyone, notices.DECISION_RECORDED, actor=actor, draft=draft)
    return draft


def run(action, *, draft, actor, **kwargs):
    """Run a workflow action by name (for views and the API)."""
    functions = {
        "submit_for_review": submit_for_review,
        "reopen": reopen,
        "submit_to_chair": submit_to_chair,
        "chair_return": chair_return,
        "chair_approve": chair_approve,
        "council_return": council_return,
        "council_approve": council_approve,
    }
    if action not in functions:
        raise ValidationError({"action": _("Unknown action “%(action)s”.") % {"action": action}})
    return functions[action](draft=draft, actor=actor, **kwargs)
