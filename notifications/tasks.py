"""Celery task of the outbox: delivery, after each change and every minute (beat).

It takes no arguments but the database's state and is safe to run twice or
at once: delivery locks each row.
"""

from celery import shared_task

from . import delivery


@shared_task
def deliver_notifications():
    """Deliver what waits in the outbox; return how many were delivered."""
    return delivery.deliver_waiting()
