"""The workflow: one table of moves, the policy, review by ministry, publication."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from notifications.models import Notification
from tests.factories import UserFactory
from tests.workplan.builders import Review
from workplan import policies, workflow
from workplan.models import Draft, PublishedPlan, ReviewAssignment
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2010, 3, 1)


@pytest.fixture
def review():
    return Review()


def state(draft):
    return Draft.objects.get(pk=draft.pk).state


def test_submit_assigns_each_section_to_the_ministries_it_names(review):
    review.submit()
    assert state(review.draft) == "in_review"
    section_reviews = ReviewAssignment.objects.filter(section=review.section)
    assert set(section_reviews.values_list("ministry__code", flat=True)) == {"interior", "justice"}
    # Sections that name no ministry go to the chair's ministry (Interior).
    front = ReviewAssignment.objects.filter(section__task_force__isnull=True)
    assert set(front.values_list("ministry__code", flat=True)) == {"interior"}
    assert Notification.objects.filter(recipient=review.liaison, kind="review_requested").count() == 1
    assert Notification.objects.filter(recipient=review.other_liaison).count() == 0
    assert AuditEvent.objects.filter(action="workflow.submit_for_review").count() == 1


def test_wrong_state_is_a_conflict_and_wrong_role_is_refused(review):
    with pytest.raises(workflow.WorkflowConflict):
        workflow.chair_approve(draft=review.draft, actor=review.chair)
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(draft=review.draft, actor=review.staff)
    assert state(review.draft) == "drafting"


def test_liaisons_see_only_their_assigned_sections(review, client):
    from django.urls import reverse

    review.submit()
    client.force_login(review.other_liaison)
    assert client.get(reverse("workplan:draft", args=[review.draft.pk])).status_code == 404
    client.force_login(review.justice_liaison)
    assert client.get(reverse("workplan:draft", args=[review.draft.pk])).status_code == 200
    assert client.get(reverse("workplan:section", args=[review.section.pk])).status_code == 200
    front = review.draft.sections.get(task_force__isnull=True)
    assert client.get(reverse("workplan:section", args=[front.pk])).status_code == 404


def test_submit_to_chair_needs_every_current_approval_and_no_open_thread(review):
    review.submit()
    with pytest.raises(ValidationError, match="Not every section is approved"):
        workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    review.approve_all()
    thread = reviews.comment_create(section=review.section, actor=review.liaison, body="Check 1.1", quote="First")
    with pytest.raises(ValidationError, match="comment threads are still open"):
        workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    reviews.comment_resolve(thread=thread, actor=review.staff)
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    assert state(review.draft) == "with_chair"


def test_editing_after_approval_makes_it_stale_and_asks_again(review):
    review.submit()
    review.approve_all()
    review.save(body_en="<p>Changed after approval.</p>")
    approvals = ReviewAssignment.objects.filter(section=review.section)
    assert all(not a.approves_current for a in approvals)
    assert {a.state for a in approvals} == {"pending"}
    assert Notification.objects.filter(recipient=review.liaison, kind="review_again").count() == 1
    with pytest.raises(ValidationError):
        workflow.submit_to_chair(draft=review.draft, actor=review.chief)


def test_a_stale_approval_asks_again_once_not_at_every_later_save(review):
    review.submit()
    review.approve_all()

    def asked_again(liaison):
        return Notification.objects.filter(recipient=liaison, kind="review_again").count()

    review.save(body_en="<p>Changed after approval.</p>")
    review.save(body_en="<p>Changed again.</p>")
    review.save(body_en="<p>And again.</p>")
    assert asked_again(review.liaison) == 1
    assert asked_again(review.justice_liaison) == 1
    # Approved anew, then changed: asked again, once more.
    assignment = ReviewAssignment.objects.get(section=review.section, ministry=review.interior)
    reviews.review_decide(assignment_id=assignment.pk, actor=review.liaison, decision="approve")
    review.save(body_en="<p>Changed after the second approval.</p>")
    review.save(body_en="<p>And once more.</p>")
    assert asked_again(review.liaison) == 2
    assert asked_again(review.justice_liaison) == 1
    assert asked_again(review.other_liaison) == 0


def test_request_changes_needs_remarks_and_tells_the_reviewers(review):
    review.submit()
    assignment = ReviewAssignment.objects.get(section=review.section, ministry=review.interior)
    with pytest.raises(ValidationError):
        reviews.review_decide(assignment_id=assignment.pk, actor=review.liaison, decision="request_changes")
    with pytest.raises(PermissionDenied):
        reviews.review_decide(assignment_id=assignment.pk, actor=review.justice_liaison, decision="approve")
    reviews.review_decide(
        assignment_id=assignment.pk, actor=review.liaison, decision="request_changes", remarks="Budget too low"
    )
    assert Notification.objects.filter(recipient=review.staff, kind="changes_requested").exists()
    workflow.reopen(draft=review.draft, actor=review.chief)
    assert Notification.objects.filter(recipient=review.justice_liaison, kind="draft_returned").exists()


def test_the_whole_path_to_publication(review):
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    with pytest.raises(ValidationError, match="remarks are required"):
        workflow.chair_return(draft=review.draft, actor=review.chair, remarks=" ")
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    with pytest.raises(ValidationError):
        workflow.council_approve(draft=review.draft, actor=review.chief, decision_date=TODAY, decision_reference="")
    workflow.council_approve(draft=review.draft, actor=review.chief, decision_date=TODAY, decision_reference="123 SSR")
    assert state(review.draft) == "published"
    publication = PublishedPlan.objects.get(draft=review.draft)
    section = next(s for s in publication.document["sections"] if s["key"] == "prevention")
    revision = review.section.revisions.order_by("-number").first()
    assert section["revision_hash"] == revision.content_hash
    assert publication.document["council_decision"]["reference"] == "123 SSR"
    # Published drafts are frozen.
    with pytest.raises(PermissionDenied):
        review.save(body_en="<p>After publication</p>")
    with pytest.raises(workflow.WorkflowConflict):
        workflow.reopen(draft=review.draft, actor=review.chief)


def test_council_return_ends_the_draft_and_opens_the_next(review):
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    successor = workflow.council_return(
        draft=review.draft, actor=review.chief, decision_date=TODAY, decision_reference="9 SSR", remarks="Redo budget"
    )
    assert state(review.draft) == "returned"
    assert (successor.number, successor.based_on_id, successor.state) == (2, review.draft.pk, "drafting")
    assert successor.sections.count() == review.draft.sections.count()


def test_sharing_grants_and_revokes_access(review):
    outsider = UserFactory(username="guest")
    assert not policies.can_see_draft(outsider, review.draft)
    reviews.draft_share(draft=review.draft, actor=review.chief, person=outsider)
    assert policies.can_see_draft(outsider, review.draft)
    assert policies.can_see_section(outsider, review.section)
    reviews.draft_unshare(draft=review.draft, actor=review.chief, person=outsider)
    assert not policies.can_see_draft(outsider, review.draft)
    assert AuditEvent.objects.filter(action__startswith="grant.").count() == 2
