"""The liaison's dashboard lists the reviews waiting for their ministry, chosen in the database."""

import pytest
from django.urls import reverse

from tests.workplan.builders import Review
from workplan.models import ReviewAssignment
from workplan.review import services as reviews
from workplan.review.selectors import my_open_reviews, review_list

pytestmark = pytest.mark.django_db


def waiting_by_hand(user):
    """The rule as the dashboard said it before: the user's own reviews whose decision does not count as approval."""
    return sorted(review.pk for review in review_list(user) if review.mine and review.state != "approve")


def waiting(user):
    return sorted(review.pk for review in my_open_reviews(user))


def test_waiting_reviews_follow_every_decision_and_save(client):
    review = Review()
    review.submit()
    liaison = review.liaison
    stages = {}
    stages["submitted"] = waiting(liaison)
    assert stages["submitted"] and stages["submitted"] == waiting_by_hand(liaison)
    review.approve_all()
    assert waiting(liaison) == [] == waiting_by_hand(liaison)
    # A save moves the section past the approved revision: the approval waits again.
    review.save(body_en="<p>Changed after approval.</p>")
    stages["stale"] = waiting(liaison)
    assert stages["stale"] and stages["stale"] == waiting_by_hand(liaison)
    assignment = ReviewAssignment.objects.get(pk=stages["stale"][0])
    reviews.review_decide(
        assignment_id=assignment.pk,
        actor=liaison,
        decision=ReviewAssignment.Decision.REQUEST_CHANGES,
        remarks="Budget?",
    )
    assert waiting(liaison) == waiting_by_hand(liaison)
    assert assignment.pk in waiting(liaison)
    # Another ministry's reviews and removed ones are never listed.
    assert all(r.ministry_id == liaison.organization_id for r in my_open_reviews(liaison))
    ReviewAssignment.objects.filter(pk=assignment.pk).update(removed_at="2026-01-01T00:00Z")
    assert assignment.pk not in waiting(liaison)
    client.force_login(liaison)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for shown in my_open_reviews(liaison):
        assert reverse("workplan:section", args=[shown.section_id]) in page
