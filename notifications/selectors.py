"""Reads of notifications, filtered through what the apps registered (notifications.registry)."""

from django.db.models import Count, F, Min
from django.utils import timezone

from . import registry
from .models import Notification


def _visible(user):
    """The user's notifications, without those about what they may no longer see."""
    return Notification.objects.filter(recipient=user).filter(registry.visible_q(user))


def unread_count(user):
    """Return how many of the user's visible notifications are unread (one query)."""
    return _visible(user).filter(read_at__isnull=True).count()


def notification_list(user, limit=100):
    """Return the user's latest notifications, unread first, each with its link and details for the user.

    Those about what the user may no longer see are hidden; a link points
    only to what the user may see now (notifications.registry.present).
    """
    notifications = list(
        _visible(user).select_related("actor").order_by(F("read_at").asc(nulls_first=True), "-created_at")[:limit]
    )
    return registry.present(user, notifications)


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
