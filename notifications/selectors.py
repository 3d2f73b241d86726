"""Reads of notifications, filtered through workplan.policies."""

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from workplan import policies
from workplan.models import Section

from .models import Notification


def _visible(user):
    """The user's notifications, without those about drafts they may no longer see."""
    drafts = policies.visible_drafts(user).values("pk")
    return Notification.objects.filter(recipient=user).filter(Q(draft__isnull=True) | Q(draft__in=drafts))


def unread_count(user):
    """Return how many of the user's visible notifications are unread (one query)."""
    return _visible(user).filter(read_at__isnull=True).count()


def notification_list(user, limit=100):
    """Return the user's latest notifications, unread first; those about drafts they may no longer see are hidden."""
    notifications = list(
        _visible(user)
        .select_related("actor", "draft__plan", "section", "review__ministry")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at")[:limit]
    )
    section_ids = {notification.section_id for notification in notifications if notification.section_id}
    allowed = set(
        policies.visible_sections(user, Section.objects.filter(pk__in=section_ids)).values_list("pk", flat=True)
    )
    for notification in notifications:
        notification.section_visible = notification.section_id in allowed
    return notifications


def mark_read(user, when):
    """Mark the user's notifications as read."""
    Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=when)


def outbox_backlog(now=None):
    """Return how many notifications wait for delivery, and how many seconds the oldest has waited (one query)."""
    waiting = Notification.objects.filter(delivered_at__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    oldest = waiting["oldest"]
    age = 0 if oldest is None else max(int(((now or timezone.now()) - oldest).total_seconds()), 0)
    return {"waiting": waiting["count"], "oldest_seconds": age}
