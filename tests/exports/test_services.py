"""Building exports: once, whatever runs it twice; a dead builder's export is built by the next one; published
exports are built once and reused."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from workplan.exports import services, tasks
from workplan.models import Export

pytestmark = pytest.mark.django_db


def built_events(export):
    return AuditEvent.objects.filter(action="export.built", object_id=str(export.pk))


def request_csv(plan, user=None):
    """Ask for an export without running the build (the on-commit callbacks are not run)."""
    return services.export_request(user or plan.staff, plan.draft, "csv", "en")


def test_a_request_queues_the_build_on_commit_and_audits_the_request(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        export = request_csv(plan)
    assert export.status == Export.Status.PENDING and export.progress == 0
    assert len(callbacks) == 1  # the build is queued only once the request's transaction commits
    event = AuditEvent.objects.get(action="export.requested", object_id=str(export.pk))
    assert event.actor == plan.staff
    assert event.details == {"draft": plan.draft.pk, "format": "csv", "language": "en"}
    assert plan.plan.name_en not in str(event.details)  # the audit log names ids, not confidential text
    with mock.patch.object(tasks.build_export, "apply_async") as sent:
        callbacks[0]()
    sent.assert_called_once_with(args=(str(export.pk),), retry=False)


def test_a_build_run_twice_builds_once_and_audits_once(plan):
    export = request_csv(plan)
    assert services.export_build(export.pk) is True
    export.refresh_from_db()
    first = (export.file.name, export.sha256, export.finished_at)
    assert services.export_build(export.pk) is False  # done already: nothing happens
    tasks.build_export.delay(str(export.pk))  # the task, as a worker receiving the message twice would run it
    export.refresh_from_db()
    assert (export.file.name, export.sha256, export.finished_at) == first
    assert export.status == "done" and export.attempts == 1 and export.progress == 100
    assert built_events(export).count() == 1


def test_a_build_whose_lease_ran_out_is_taken_over_and_finished_once(plan):
    export = request_csv(plan)
    # A worker claimed it and died: running, its lease in the past.
    Export.objects.filter(pk=export.pk).update(
        status="running", attempts=1, lease_until=timezone.now() - datetime.timedelta(seconds=1), progress=40
    )
    assert services.export_build(export.pk) is True
    assert services.export_build(export.pk) is False
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2
    assert built_events(export).count() == 1
    assert built_events(export).get().details["attempt"] == 2


def test_a_build_with_a_live_lease_is_left_to_its_builder(plan):
    export = request_csv(plan)
    Export.objects.filter(pk=export.pk).update(
        status="running", attempts=1, lease_until=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert services.export_build(export.pk) is False
    export.refresh_from_db()
    assert export.status == "running" and export.attempts == 1
    assert not built_events(export).exists()


def test_a_builder_whose_claim_was_taken_over_cannot_finish(plan):
    export = request_csv(plan)
    # The first builder claimed it (attempt 1) and stalled past its lease; a second one took over and finished.
    attempt = services._claim(export.pk, timezone.now() - services.lease() - datetime.timedelta(seconds=1))
    assert attempt == 1
    assert services.export_build(export.pk) is True
    # The stalled first builder wakes up: its updates touch nothing.
    assert services._mine(export.pk, attempt).update(status="failed") == 0
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2
    assert built_events(export).count() == 1


def test_progress_is_written_in_steps_the_browser_can_see(plan, monkeypatch):
    export = request_csv(plan)
    seen = []
    original = services._progress

    def spy(export_id, attempt, percent):
        original(export_id, attempt, percent)
        seen.append(Export.objects.values_list("progress", flat=True).get(pk=export_id))

    monkeypatch.setattr(services, "_progress", spy)
    services.export_build(export.pk)
    assert seen == [10, 40, 80]
    export.refresh_from_db()
    assert export.progress == 100


def test_a_failing_build_is_marked_failed_with_a_readable_message(plan, monkeypatch, caplog):
    export = request_csv(plan)
    monkeypatch.setattr("workplan.exports.flat.build_csv", mock.Mock(side_effect=RuntimeError("boom")))
    assert services.export_build(export.pk) is False
    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error.startswith("The export could not be built.")
    assert "boom" not in export.error
    assert "boom" in caplog.text  # the cause is in the log, for the people who run the portal
    assert not built_events(export).exists()
    # Try again: pending, queued, then built.
    monkeypatch.undo()
    assert services.export_retry(plan.staff, export) is True
    services.export_build(export.pk)
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2 and export.error == ""


def test_the_sweep_queues_again_what_waits_without_a_builder(plan, settings):
    settings.EXPORTS_PER_PERSON = 5  # five of one person's exports in flight, in every state the sweep meets
    now = timezone.now()
    lost = request_csv(plan)  # its message was lost (Redis was down): pending, past its resend time
    Export.objects.filter(pk=lost.pk).update(lease_until=now - datetime.timedelta(seconds=1))
    fresh = request_csv(plan)  # just queued: left alone
    dead = request_csv(plan)  # its worker died
    Export.objects.filter(pk=dead.pk).update(
        status="running", attempts=1, lease_until=now - datetime.timedelta(seconds=1)
    )
    alive = request_csv(plan)
    Export.objects.filter(pk=alive.pk).update(
        status="running", attempts=1, lease_until=now + datetime.timedelta(minutes=1)
    )
    exhausted = request_csv(plan)
    Export.objects.filter(pk=exhausted.pk).update(
        status="running", attempts=services.MAX_ATTEMPTS, lease_until=now - datetime.timedelta(seconds=1)
    )
    with mock.patch.object(tasks.build_export, "apply_async") as sent:
        assert tasks.requeue_stale_exports() == 2
    assert sorted(call.kwargs["args"][0] for call in sent.call_args_list) == sorted([str(lost.pk), str(dead.pk)])
    lost.refresh_from_db()
    assert lost.lease_until > now  # not sent again at the next sweep
    exhausted.refresh_from_db()
    assert exhausted.status == "failed" and "took too long" in exhausted.error
    fresh.refresh_from_db()
    assert fresh.status == "pending"
    # With tasks inline, the sweep builds them.
    Export.objects.filter(pk=lost.pk).update(lease_until=now - datetime.timedelta(seconds=1))
    services.requeue_stale()
    lost.refresh_from_db()
    assert lost.status == "done"


def test_the_sweep_survives_a_broker_outage(plan, monkeypatch):
    from kombu.exceptions import OperationalError

    from core import queue

    export = request_csv(plan)
    Export.objects.filter(pk=export.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    monkeypatch.setattr(tasks.build_export, "apply_async", mock.Mock(side_effect=OperationalError("down")))
    try:
        assert services.requeue_stale() == 1  # logged, not raised: the next sweep tries again
    finally:
        queue.resume()
    export.refresh_from_db()
    assert export.status == "pending"


def test_the_published_plan_is_built_once_and_reused(plan, django_capture_on_commit_callbacks):
    publication = plan.publish()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = services.published_export(publication, "csv", "km")
    assert len(callbacks) == 1
    first.refresh_from_db()
    assert first.status == "done"
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mock.patch.object(services, "export_build") as build,
    ):
        second = services.published_export(publication, "csv", "km")
    assert second.pk == first.pk and callbacks == [] and not build.called
    assert Export.objects.filter(publication=publication).count() == 1
    assert built_events(first).count() == 1
    # Asking for an export of the published draft gives the same shared export, for anyone who may see it.
    assert services.export_request(plan.outsider, plan.draft, "csv", "km").pk == first.pk
    assert Export.objects.count() == 1
    assert not AuditEvent.objects.filter(action="export.requested").exists()


def test_one_row_per_published_format_and_language_is_a_database_rule(plan):
    from django.db import IntegrityError, transaction

    publication = plan.publish()
    Export.objects.create(publication=publication, format="pdf", language="km")
    Export.objects.create(publication=publication, format="pdf", language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        Export.objects.create(publication=publication, format="pdf", language="km")
    with pytest.raises(IntegrityError), transaction.atomic():
        Export.objects.create(draft=plan.draft, format="pdf", language="km")  # a draft's export has a requester


def test_only_who_reads_the_whole_draft_may_export_it(plan, liaison):
    plan.submit()
    with pytest.raises(PermissionDenied):
        services.export_request(plan.liaison, plan.draft, "csv", "km")  # reads only the assigned sections
    with pytest.raises(PermissionDenied):
        services.export_request(liaison, plan.draft, "csv", "km")
    with pytest.raises(ValidationError):
        services.export_request(plan.staff, plan.draft, "xls", "km")
    with pytest.raises(ValidationError):
        services.export_request(plan.staff, plan.draft, "csv", "fr")
    assert not Export.objects.exists()


def test_a_task_that_finds_a_live_builder_looks_again_when_its_lease_runs_out(plan, monkeypatch):
    """A message delivered again while its first builder still holds the lease is retried, not dropped."""
    export = request_csv(plan)
    services._claim(export.pk, timezone.now())  # another builder holds it now
    assert 0 < services.lease_remaining(export.pk) <= services.lease().total_seconds()
    retried = []

    def retry(**kwargs):
        retried.append(kwargs)
        raise RuntimeError("retry")

    monkeypatch.setattr(tasks.build_export, "retry", retry)
    with pytest.raises(RuntimeError, match="retry"):
        tasks.build_export.run(str(export.pk))
    assert len(retried) == 1 and 1 < retried[0]["countdown"] <= services.lease().total_seconds() + 1
    # Once the export is done, a late message finds nothing to do and no lease to wait for.
    Export.objects.filter(pk=export.pk).update(status="done", lease_until=None)
    assert tasks.build_export.run(str(export.pk)) is False
    assert services.lease_remaining(export.pk) is None
