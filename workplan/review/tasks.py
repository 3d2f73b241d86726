"""Celery tasks of review: reminders of reviews due soon or overdue (beat).

Safe to run twice: reminders are unique per assignment, person and day.
"""

from celery import shared_task

from core.queue import enqueue
from notifications.tasks import deliver_notifications
from workplan.review import reminders


# Named as it was before the work plan was cut into slices, so beat's schedule and queued messages find it.
@shared_task(name="workplan.tasks.send_review_reminders")
def send_review_reminders():
    """Queue today's reminders of reviews due within two days and overdue ones; return how many were queued."""
    queued = reminders.queue_reminders()
    if queued:
        enqueue(deliver_notifications)
    return queued
