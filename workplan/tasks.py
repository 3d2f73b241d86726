"""Celery tasks of the work plan: building exports, and re-queuing those a broker outage or a dead worker left.

Both take ids (or nothing) and are safe to run twice: the build claims its
row with a lease (workplan.exports.services).
"""

from celery import shared_task

from workplan.exports import services


@shared_task
def build_export(export_id):
    """Build one export; return whether this run finished it (False: done already, or someone else has it)."""
    return services.export_build(export_id)


@shared_task
def requeue_stale_exports():
    """Queue again the exports waiting without a live builder; return how many were queued."""
    return services.requeue_stale()
