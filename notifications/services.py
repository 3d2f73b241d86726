"""Queue notifications: rows written in the transaction of the change that caused them.

A row is the in-app notification from the moment the change commits; the relay
(notifications.delivery, run by a Celery task) e-mails it afterwards. The task
is only sent after the commit, and if the broker is down the row simply waits
for the next sweep: nothing is lost.
"""

from core.queue import enqueue_on_commit

from .models import Notification
from .tasks import deliver_notifications


def notify(recipients, kind, *, actor=None, draft=None, section=None, review=None, dedupe_key=""):
    """Write one notification per recipient (except the actor), in the caller's transaction.

    With a `dedupe_key`, a recipient who already has a row with that key gets no
    second one (the database refuses it), however often the caller runs.
    """
    rows = [
        Notification(
            recipient=person, kind=kind, actor=actor, draft=draft, section=section, review=review, dedupe_key=dedupe_key
        )
        for person in {person.pk: person for person in recipients}.values()
        if actor is None or person.pk != actor.pk
    ]
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    enqueue_on_commit(deliver_notifications)
    return rows
