"""Celery tasks of exports: building them, and re-queuing those a broker outage or a dead worker left.

Both take ids (or nothing) and are safe to run twice: the build claims its
row with a lease (workplan.exports.services).
"""

from celery import shared_task

from workplan.exports import services


# Named as they were before the work plan was cut into slices, so messages already queued still find them.
@shared_task(bind=True, max_retries=20, name="workplan.tasks.build_export")
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


@shared_task(name="workplan.tasks.requeue_stale_exports")
def requeue_stale_exports():
    """Queue again the exports waiting without a live builder; return how many were queued."""
    return services.requeue_stale()
