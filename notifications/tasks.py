"""Celery tasks of the outbox: delivery (after each change and every minute) and review reminders (beat).

Both take no arguments but the database's state and are safe to run twice or
at once: delivery locks each row, reminders are unique per assignment, person
and day.
"""

from celery import shared_task

from core.queue import enqueue

from . import delivery, reminders


@shared_task
def deliver_notifications():
    """Deliver what waits in the outbox; return how many were delivered."""
    return delivery.deliver_waiting()


@shared_task
def send_review_reminders():
    """Queue today's reminders of reviews due within two days and overdue ones; return how many were queued."""
    queued = reminders.queue_reminders()
    if queued:
        enqueue(deliver_notifications)
    return queued
