"""Exports on real workers: a worker killed with SIGKILL in the middle of a build; a new one finishes it, once."""

import subprocess

import pytest

from audit.models import AuditEvent
from tests.workplan.builders import Review
from workplan.exports import services
from workplan.models import Export

from .services import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Short enough for a test: the killed build's message comes back after 4 s, its lease runs out after 4 s.
QUICK = {"CELERY_VISIBILITY_TIMEOUT": 4, "EXPORT_LEASE_SECONDS": 4}


def test_a_worker_killed_mid_export_leaves_it_to_a_new_worker_which_finishes_it_once(
    machine_broker, celery, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    review = Review()
    doomed = celery("worker", machine_broker, name="doomed", **QUICK)
    export = services.export_request(review.chief, review.draft, Export.Format.PDF, "en")
    wait_until(
        lambda: Export.objects.filter(pk=export.pk, status=Export.Status.RUNNING, progress__gte=10).exists(),
        60,
        interval=0.02,
        message="the build started",
    )
    doomed.kill()
    killed = Export.objects.get(pk=export.pk)
    assert killed.status == Export.Status.RUNNING and killed.attempts == 1, "killed in the middle of the build"

    celery("worker", machine_broker, name="successor", **QUICK)
    wait_until(
        lambda: Export.objects.filter(pk=export.pk, status=Export.Status.DONE).exists(),
        90,
        interval=0.5,
        message="the export finished by the new worker",
    )
    export.refresh_from_db()
    assert export.attempts == 2 and export.progress == 100
    built = AuditEvent.objects.filter(action="export.built", object_id=str(export.pk))
    assert built.count() == 1 and built.get().details["attempt"] == 2
    assert "ForkPoolWorker" in (tmp_path / "successor.log").read_text()
    text = subprocess.run(
        ["pdftotext", "-layout", export.file.path, "-"], capture_output=True, check=True, text=True
    ).stdout
    assert review.chief.display_name in text and "Draft 1" in text
