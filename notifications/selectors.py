"""Reads of notifications, filtered through workplan.policies."""

from django.db.models import F, Q

from workplan import policies
from workplan.models import Section

from .models import Notification


def notification_list(user, limit=100):
    """Return the user's latest notifications, unread first; those about drafts they may no longer see are hidden."""
    drafts = policies.visible_drafts(user).values("pk")
    notifications = list(
        Notification.objects.filter(recipient=user)
        .filter(Q(draft__isnull=True) | Q(draft__in=drafts))
        .select_related("actor", "draft__plan", "section")
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
