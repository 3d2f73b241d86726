"""Reads of review: assignments, decisions, comment threads and shares, each through workplan.policies."""

from django.db.models import F, Prefetch, Q
from django.http import Http404

from members import roles
from members.models import User
from workplan import policies
from workplan.drafting.selectors import get_or_404
from workplan.models import (
    Comment,
    Draft,
    DraftUserObjectPermission,
    ReviewAssignment,
)


def review_get(user, pk):
    """Return a review assignment on a section the user may read, or raise Http404."""
    queryset = policies.visible_reviews(user).select_related("section__draft", "ministry")
    try:
        return get_or_404(queryset, pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def comment_get(user, pk):
    """Return a comment on a section the user may read, or raise Http404."""
    queryset = policies.visible_comments(user).select_related("section__draft", "author")
    try:
        return get_or_404(queryset, pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def section_reviews(section):
    """Return the section's live review assignments with their ministries and deciders."""
    reviews = list(
        section.reviews.filter(removed_at__isnull=True)
        .select_related("ministry", "decided_by")
        .order_by("ministry__name_en")
    )
    for review in reviews:
        review.section = section
    return reviews


def section_threads(section):
    """Return the section's comment threads, each with its replies and authors (two queries)."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return list(
        Comment.objects.filter(section=section, parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("resolved_at", "created_at", "id")
    )


def draft_reviews(draft):
    """Return the live review assignments of a draft's sections, grouped by section id."""
    grouped = {}
    for review in ReviewAssignment.objects.filter(section__draft=draft, removed_at__isnull=True).select_related(
        "ministry", "section"
    ):
        grouped.setdefault(review.section_id, []).append(review)
    return grouped


def draft_shares(draft):
    """Return the people a draft is shared with."""
    granted = DraftUserObjectPermission.objects.filter(content_object=draft, permission__codename="view_draft")
    return User.objects.filter(pk__in=granted.values("user")).order_by("name_en")


def review_list(user):
    """Return the review assignments the user may see in drafts under review, theirs first."""
    queryset = (
        policies.visible_reviews(user)
        .filter(removed_at__isnull=True, section__draft__state=Draft.State.IN_REVIEW)
        .select_related("section__draft__plan", "ministry", "decided_by")
        .order_by("due_on", "section__order")
    )
    reviews = list(queryset)
    ministries = roles.liaison_ministries(user)
    for review in reviews:
        review.mine = review.ministry_id in ministries
    return sorted(reviews, key=lambda review: not review.mine)


def my_open_reviews(user):
    """Return the reviews waiting for the user's ministry in drafts under review, soonest due first.

    Filtered in the database: the dashboard shows the few that wait, not every review of every section.
    Waiting means no decision yet, changes asked, or an approval of a revision the section has since left.
    """
    current_approval = Q(decision=ReviewAssignment.Decision.APPROVE, revision_number=F("section__version"))
    return list(
        policies.reviews_to_decide(user)
        .exclude(current_approval)
        .select_related("section__draft__plan", "ministry", "decided_by")
        .order_by("due_on", "section__order", "pk")
    )
