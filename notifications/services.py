"""Queue notifications: rows written in the transaction of the change that caused them."""

from .models import Notification


def notify(recipients, kind, *, actor=None, draft=None, section=None):
    """Write one notification per recipient (except the actor), in the caller's transaction."""
    rows = [
        Notification(recipient=person, kind=kind, actor=actor, draft=draft, section=section)
        for person in {person.pk: person for person in recipients}.values()
        if actor is None or person.pk != actor.pk
    ]
    Notification.objects.bulk_create(rows)
    return rows
