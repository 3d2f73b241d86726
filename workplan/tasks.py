"""Celery tasks of the work plan: building exports, re-queuing those a broker outage or a dead worker left,
and review reminders (beat).

All take ids (or nothing) and are safe to run twice: the build claims its
row with a lease (workplan.exports.services); reminders are unique per
assignment, person and day.
"""

from celery import shared_task

from core.queue import enqueue
from notifications.tasks import deliver_notifications
from workplan import reminders
from workplan.exports import services


@shared_task(bind=True, max_retries=20)
def build_export(self, export_id):
    """Build one export; return whether this run finished it (False: done already, or someone else has it).

    When another builder holds the export (its message was delivered again
    because its worker died, or twice), look again once that builder's lease
    has run out: if the builder is dead, this run takes the export over.
    """
    finished = services.export_build(export_id)
    if not finished and (wait := services.lease_remaining(export_id)) is not None:
        raise self.retry(countdown=wait + 1)
    return finished


@shared_task
def requeue_stale_exports():
    """Queue again the exports waiting without a live builder; return how many were queued."""
    return services.requeue_stale()


@shared_task
def send_review_reminders():
    """Queue today's reminders of reviews due within two days and overdue ones; return how many were queued."""
    queued = reminders.queue_reminders()
    if queued:
        enqueue(deliver_notifications)
    return queued
