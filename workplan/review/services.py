"""Review by the ministries, comment threads, and sharing a draft with a named person.

Each function asks workplan.policies, owns its transaction, writes the audit
event and queues the notifications with the change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit import services as audit
from members.models import Organization
from notifications.services import notify
from workplan import limits, notices, policies
from workplan.drafting.sanitize import html_to_text
from workplan.models import Comment, Draft, ReviewAssignment, Section
from workplan.search import services as search

Decision = ReviewAssignment.Decision


@transaction.atomic
def review_decide(*, assignment_id, actor, decision, remarks=""):
    """Record a liaison's decision on a section, at the section's current revision."""
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("section__draft", "ministry")
        .get(pk=assignment_id)
    )
    if not policies.can_review(actor, assignment):
        raise PermissionDenied(
            _("Only a liaison of %(ministry)s reviews this section.") % {"ministry": assignment.ministry}
        )
    if decision not in (Decision.APPROVE, Decision.REQUEST_CHANGES):
        raise ValidationError({"decision": _("Choose “approve” or “request changes”.")})
    if decision == Decision.REQUEST_CHANGES and not remarks.strip():
        raise ValidationError({"remarks": _("Say what should change: remarks are required when asking for changes.")})
    section = Section.objects.select_for_update().get(pk=assignment.section_id)
    assignment.decision = decision
    assignment.remarks = remarks
    assignment.revision_number = section.version
    assignment.decided_by = actor
    assignment.decided_at = timezone.now()
    assignment.save()
    audit.record(
        action="review.decide",
        actor=actor,
        obj=assignment,
        details={"decision": decision, "revision": section.version, "section": section.pk},
    )
    kind = notices.SECTION_APPROVED if decision == Decision.APPROVE else notices.CHANGES_REQUESTED
    recipients = list(policies.task_force_staff(section)) + list(policies.people_with_role("secretariat_chief"))
    if decision == Decision.REQUEST_CHANGES:
        recipients += list(policies.reviewers_of([section]))
    notify(recipients, kind, actor=actor, draft=section.draft, section=section)
    return assignment


@transaction.atomic
def review_assign(*, section, ministry_code, actor, due_on=None):
    """Add a ministry as a reviewer of a section (the chief)."""
    draft = Draft.objects.select_for_update().get(pk=section.draft_id)
    if not policies.can_manage(actor, "assign_reviewers", draft):
        raise PermissionDenied(_("Only the secretariat chief assigns reviewers."))
    ministry = Organization.objects.ministries().filter(code=ministry_code).first()
    if ministry is None:
        raise ValidationError({"ministry": _("Choose one of the commission's ministries.")})
    if ReviewAssignment.objects.filter(section=section, ministry=ministry, removed_at__isnull=True).exists():
        raise ValidationError({"ministry": _("This ministry already reviews this section.")})
    assignment = ReviewAssignment.objects.create(section=section, ministry=ministry, due_on=due_on)
    audit.record(action="review.assign", actor=actor, obj=assignment, details={"ministry": ministry.code})
    if draft.state == Draft.State.IN_REVIEW:
        notify(
            policies.reviewers_of([section]).filter(organization=ministry),
            notices.REVIEW_REQUESTED,
            actor=actor,
            draft=draft,
            section=section,
        )
    return assignment


@transaction.atomic
def review_remove(*, assignment_id, actor):
    """Take a ministry off a section's reviewers (the chief); its decision no longer counts."""
    assignment = ReviewAssignment.objects.select_for_update().select_related("section__draft").get(pk=assignment_id)
    if not policies.can_manage(actor, "assign_reviewers", assignment.section.draft):
        raise PermissionDenied(_("Only the secretariat chief assigns reviewers."))
    if assignment.removed_at is None:
        assignment.removed_at = timezone.now()
        assignment.save(update_fields=["removed_at"])
        audit.record(action="review.remove", actor=actor, obj=assignment, details={"ministry": assignment.ministry_id})
    return assignment


def notify_review_again(section, actor):
    """Ask the ministries whose approval this save made stale to review the section again.

    Call it after the save that made `section.version`. Only an approval of the
    version just before is stale since this save: an approval of an older one
    went stale at an earlier save, whose notification already asked its
    ministry, so later saves do not ask again.
    """
    stale = ReviewAssignment.objects.filter(
        section=section, removed_at__isnull=True, decision=Decision.APPROVE, revision_number=section.version - 1
    )
    ministries = list(stale.order_by().values_list("ministry", flat=True))
    if ministries:
        notify(
            policies.reviewers_of([section]).filter(organization__in=ministries),
            notices.REVIEW_AGAIN,
            actor=actor,
            draft=section.draft,
            section=section,
        )


@transaction.atomic
def comment_create(*, section, actor, body, quote="", parent=None):
    """Start a thread on a section (optionally on a quoted passage), or reply in one."""
    if not policies.can_comment(actor, section):
        raise PermissionDenied(_("You cannot comment on this section now."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment before sending it.")})
    limits.check(body, limits.COMMENT, "body")
    if "\x00" in body or "\x00" in quote:
        raise ValidationError({"body": _("The comment holds a character that cannot be stored (NUL). Remove it.")})
    if parent is not None:
        if parent.section_id != section.pk or parent.parent_id is not None:
            raise ValidationError({"parent": _("Reply to a thread of this section.")})
        quote = ""
    comment = Comment.objects.create(section=section, author=actor, body=body, quote=quote.strip()[:500], parent=parent)
    search.comment_index(comment)
    audit.record(action="comment.create", actor=actor, obj=comment, details={"section": section.pk})
    thread = parent or comment
    recipients = list(policies.task_force_staff(section))
    recipients += [reply.author for reply in thread.replies.select_related("author")] + [thread.author]
    recipients += list(policies.reviewers_of([section]))
    notify(
        policies.section_readers(section, recipients),
        notices.COMMENT,
        actor=actor,
        draft=section.draft,
        section=section,
    )
    return comment


@transaction.atomic
def comment_resolve(*, thread, actor, resolved=True):
    """Resolve a thread, or reopen it."""
    thread = Comment.objects.select_for_update().select_related("section__draft").get(pk=thread.pk)
    if thread.parent_id is not None:
        raise ValidationError(_("Only a thread is resolved, not a reply in it."))
    if not policies.can_resolve(actor, thread):
        raise PermissionDenied(_("You cannot resolve this thread."))
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = actor if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    audit.record(action="comment.resolve" if resolved else "comment.reopen", actor=actor, obj=thread)
    return thread


def quote_found(thread, section):
    """Return whether a thread's quoted passage still appears in the section's text."""
    if not thread.quote:
        return True
    text = " ".join([html_to_text(section.body_en), html_to_text(section.body_km), section.title_en, section.title_km])
    return " ".join(thread.quote.split()) in " ".join(text.split())


@transaction.atomic
def draft_share(*, draft, actor, person):
    """Share the whole draft with a named person, until revoked."""
    if not policies.can_manage(actor, "share_draft", draft):
        raise PermissionDenied(_("Only the secretariat chief shares drafts."))
    if not person.is_active:
        raise ValidationError({"person": _("This account is deactivated.")})
    assign_perm("workplan.view_draft", person, draft)
    audit.record(action="grant.add", actor=actor, obj=draft, details={"person": person.username})
    notify([person], notices.DRAFT_SHARED, actor=actor, draft=draft)


@transaction.atomic
def draft_unshare(*, draft, actor, person):
    """Revoke a draft shared with a person; it stops working from their next request."""
    if not policies.can_manage(actor, "revoke_share", draft):
        raise PermissionDenied(_("Only the secretariat chief shares drafts."))
    remove_perm("workplan.view_draft", person, draft)
    audit.record(action="grant.remove", actor=actor, obj=draft, details={"person": person.username})
