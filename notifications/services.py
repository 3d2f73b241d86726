"""Queue notifications: rows written in the transaction of the change that caused them.

A row is the in-app notification from the moment the change commits; the relay
(notifications.delivery, run by a Celery task) e-mails it afterwards. The task
is only sent after the commit, and if the broker is down the row simply waits
for the next sweep: nothing is lost.
"""

from core.queue import enqueue_on_commit

from . import registry
from .models import Notification
from .tasks import deliver_notifications


def notification_build(recipient, kind, *, actor=None, dedupe_key="", **about):
    """Return an unsaved notification of a declared `kind` to `recipient` (for callers that write many at once).

    `about` names what it is about by the keywords apps registered their
    subjects under (the work plan's: `draft=`, `section=`, `review=`); the
    most specific one given is kept (notifications.registry).
    """
    return _row(recipient, registry.kind(kind), actor, _about(about), dedupe_key)


def notify(recipients, kind, *, actor=None, dedupe_key="", **about):
    """Write one notification per recipient (except the actor), in the caller's transaction.

    `about` names what it is about, as for notification_build. With a
    `dedupe_key`, a recipient who already has a row with that key gets no
    second one (the database refuses it), however often the caller runs.
    """
    kind, subject = registry.kind(kind), _about(about)
    rows = [
        _row(person, kind, actor, subject, dedupe_key)
        for person in {person.pk: person for person in recipients}.values()
        if actor is None or person.pk != actor.pk
    ]
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    enqueue_on_commit(deliver_notifications)
    return rows


def _about(about):
    """Return the subject named in `about` and its scope, followed once for every recipient."""
    subject = registry.subject_of(about)
    return subject, None if subject is None else registry.scope_of(subject, about)


def _row(recipient, kind, actor, about, dedupe_key):
    # registry.kind() has refused an undeclared kind (it would have no label and no e-mail).
    row = Notification(recipient=recipient, kind=str(kind), actor=actor, dedupe_key=dedupe_key)
    row.set_subject(*about)
    return row
