"""Exports: asked for in a request, built by a task, safe to build twice.

The request writes the Export row (and, for a draft, its audit event) and
queues the build on commit. The build claims the row with a conditional
UPDATE and a lease, so two workers never build it at once and a worker that
dies only delays it: once the lease runs out, the sweep (beat, every minute)
queues it again. It writes its progress in short committed updates the
browser follows, never holds a transaction open while Chromium prints, stores
the file under the export's id, and finishes with an UPDATE that only the
claim it made can pass: `export.built` is audited once, with that update.
"""

import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from audit import services as audit
from core.queue import enqueue, enqueue_on_commit
from workplan import policies
from workplan.exports import document
from workplan.models import Draft, Export

logger = logging.getLogger(__name__)

Status = Export.Status


def lease():
    """How long a claim holds without news from its builder (each progress update renews it).

    A build takes seconds; a worker that dies leaves the export to the next
    delivery of its task, or to the sweep, once this has passed.
    """
    return timedelta(seconds=settings.EXPORT_LEASE_SECONDS)


# A row still pending this long after it was queued is queued again (its message was lost, or never sent).
RESEND_AFTER = timedelta(minutes=1)
# A build that died this many times (a worker killed by it, say) is failed rather than tried forever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Kind:
    """How one format is built and sent."""

    build: object
    content_type: str
    extension: str


FORMATS = {
    Export.Format.PDF: Kind("workplan.exports.pdf.build", "application/pdf", "pdf"),
    Export.Format.DOCX: Kind(
        "workplan.exports.word.build", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    ),
    Export.Format.CSV: Kind("workplan.exports.flat.build_csv", "text/csv; charset=utf-8", "csv"),
    Export.Format.JSON: Kind("workplan.exports.flat.build_json", "application/json", "json"),
}


def _check_choice(fmt, language):
    if fmt not in Export.Format.values:
        raise ValidationError(_("Choose one of the formats offered."), code="export_format")
    if language not in Export.Language.values:
        raise ValidationError(_("Choose Khmer or English."), code="export_language")


def watermark_text(user, draft, moment, language):
    """Return the line a confidential export carries on every page: for whom, what, when (Phnom Penh time)."""
    with translation.override(language):
        local = timezone.localtime(moment)
        offset = local.strftime("%z")
        return _("Confidential — prepared for %(name)s — Draft %(number)s of %(plan)s — %(time)s") % {
            "name": user.display_name,
            "number": draft.number,
            "plan": draft.plan.name,
            "time": f"{local:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})",
        }


def _queue(export):
    from workplan.exports import tasks

    enqueue_on_commit(tasks.build_export, str(export.pk))


def _check_in_flight(user):
    """Refuse a person's export while EXPORTS_PER_PERSON of theirs wait or are being built.

    Refused, not queued: one person asking for many exports would otherwise
    fill the workers' queue and make everyone else's wait. The person's row is
    locked for the rest of the transaction, so two requests at once are
    counted one after the other.
    """
    from members.models import User

    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    in_flight = Export.objects.filter(requested_by=user, status__in=(Status.PENDING, Status.RUNNING)).count()
    if in_flight >= settings.EXPORTS_PER_PERSON:
        raise ValidationError(
            _(
                "You already have %(count)s exports being prepared, as many as one person may at once. "
                "When one of them is ready, ask again."
            )
            % {"count": in_flight},
            code="too_many_exports",
        )


def export_request(user, draft, fmt, language, *, request=None):
    """Ask for an export of a draft: a confidential one for the user, or the published plan's shared one.

    Raise PermissionDenied when the user may not export the draft and
    ValidationError for a format or language not offered, or while the user
    has EXPORTS_PER_PERSON exports waiting or being built.
    """
    # Decide on the draft as it is now, not as the caller last read it (it may have been published since).
    draft = Draft.objects.select_related("plan").get(pk=draft.pk)
    if not policies.can_export(user, draft):
        raise PermissionDenied(_("You cannot export this draft."))
    _check_choice(fmt, language)
    if draft.state == Draft.State.PUBLISHED:
        # What was published is what the Council approved: its stored document, for everyone, built once.
        return published_export(draft.publication, fmt, language)
    now = timezone.now()
    with transaction.atomic():
        _check_in_flight(user)
        export = Export.objects.create(
            draft=draft,
            requested_by=user,
            format=fmt,
            language=language,
            watermark=watermark_text(user, draft, now, language),
            lease_until=now + RESEND_AFTER,
        )
        audit.record(
            action="export.requested",
            actor=user,
            obj=export,
            request=request,
            details={"draft": draft.pk, "format": fmt, "language": language},
        )
        _queue(export)
    return export


def published_export(publication, fmt, language):
    """Return the published plan's export in this format and language, built once and reused by everyone."""
    _check_choice(fmt, language)
    export, created = Export.objects.get_or_create(
        publication=publication,
        format=fmt,
        language=language,
        defaults={"lease_until": timezone.now() + RESEND_AFTER},
    )
    if created:
        _queue(export)
        export.refresh_from_db()  # with tasks inline (no broker), it is built already
    return export


def export_retry(user, export, *, request=None):
    """Queue a failed export again (a "try again" in the browser); anything else is left as it is."""
    if not policies.can_download_export(user, export):
        raise PermissionDenied(_("You cannot use this export."))
    with transaction.atomic():
        if export.status == Status.FAILED:
            _check_in_flight(user)
        again = Export.objects.filter(pk=export.pk, status=Status.FAILED).update(
            status=Status.PENDING, progress=0, error="", lease_until=timezone.now() + RESEND_AFTER
        )
        if again:
            if export.is_confidential:
                audit.record(
                    action="export.requested",
                    actor=user,
                    obj=export,
                    request=request,
                    details={"draft": export.draft_id, "format": export.format, "again": True},
                )
            _queue(export)
    return bool(again)


def _claim(export_id, now):
    """Take the export for this build if it is waiting or its last builder's lease ran out; return the attempt."""
    waiting = Q(status=Status.PENDING) | Q(status=Status.RUNNING, lease_until__lt=now)
    claimed = Export.objects.filter(waiting, pk=export_id).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        lease_until=now + lease(),
        started_at=now,
        progress=5,
        error="",
    )
    if not claimed:
        return None
    return Export.objects.filter(pk=export_id).values_list("attempts", flat=True).first()


def lease_remaining(export_id, now=None):
    """Return the seconds left on the lease of a build in progress, or None when none is running."""
    held = Export.objects.filter(pk=export_id, status=Status.RUNNING).values_list("lease_until", flat=True).first()
    if held is None:
        return None
    return max(int((held - (now or timezone.now())).total_seconds()), 0)


def _mine(export_id, attempt):
    """Return the rows of this export still held by this attempt (an UPDATE on it is a no-op otherwise)."""
    return Export.objects.filter(pk=export_id, status=Status.RUNNING, attempts=attempt)


def _progress(export_id, attempt, percent):
    # Outside any transaction: each update is committed at once, for the progress bar to see.
    _mine(export_id, attempt).update(progress=percent, lease_until=timezone.now() + lease())


def _gather(export):
    """Return the export's content in its language, read in one consistent snapshot."""
    with _snapshot():
        names = document.organization_names()
        if export.is_confidential:
            source = document.draft_source(export.draft)
            published = None
        else:
            source = export.publication.document
            published = export.publication
    return document.localize(
        source, language=export.language, names=names, watermark=export.watermark, publication=published
    )


@contextmanager
def _snapshot():
    """Read in one REPEATABLE READ transaction on PostgreSQL: sections and rows from the same moment."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def file_name(export):
    """Return where the export's file is stored: under its id, so a second build overwrites the first."""
    return f"exports/{export.pk}.{FORMATS[export.format].extension}"


def export_build(export_id):
    """Build the export if it waits (or its builder's lease ran out); return whether this call finished it.

    Safe to run twice or at once: only one build claims the row, and only the
    claim that is still current may finish it.
    """
    now = timezone.now()
    attempt = _claim(export_id, now)
    if attempt is None:
        return False
    export = Export.objects.select_related("draft__plan", "publication", "requested_by").get(pk=export_id)
    try:
        _progress(export_id, attempt, 10)
        doc = _gather(export)
        _progress(export_id, attempt, 40)
        data = import_string(FORMATS[export.format].build)(doc)
        _progress(export_id, attempt, 80)
        name = file_name(export)
        if default_storage.exists(name):
            default_storage.delete(name)
        name = default_storage.save(name, ContentFile(data))
    except Exception:
        logger.exception("Export %s (%s) failed on attempt %s", export_id, export.format, attempt)
        with translation.override(export.language):
            message = _("The export could not be built. Try again; if it fails again, tell the secretariat.")
        _mine(export_id, attempt).update(
            status=Status.FAILED, error=message, finished_at=timezone.now(), lease_until=None
        )
        return False
    with transaction.atomic():
        finished = _mine(export_id, attempt).update(
            status=Status.DONE,
            progress=100,
            file=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            finished_at=timezone.now(),
            lease_until=None,
        )
        if finished:
            audit.record(
                action="export.built",
                obj=export,
                details={
                    "draft": export.draft_id,
                    "publication": export.publication_id,
                    "format": export.format,
                    "language": export.language,
                    "attempt": attempt,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
            )
    return bool(finished)


def requeue_stale(now=None):
    """Queue again the exports whose message was lost or whose builder died; return how many were queued.

    An export that died MAX_ATTEMPTS times is failed instead, with a message
    the requester can act on (try again).
    """
    from workplan.exports import tasks

    now = now or timezone.now()
    expired = Q(lease_until__lt=now) | Q(lease_until__isnull=True)
    stale = Q(status=Status.RUNNING, lease_until__lt=now) | (Q(status=Status.PENDING) & expired)
    for export in Export.objects.filter(stale, status=Status.RUNNING, attempts__gte=MAX_ATTEMPTS).only(
        "pk", "language", "attempts"
    ):
        with translation.override(export.language):
            message = _("The export took too long and was stopped. Try again.")
        Export.objects.filter(pk=export.pk, status=Status.RUNNING, attempts=export.attempts).update(
            status=Status.FAILED, error=message, finished_at=now, lease_until=None
        )
    queued = 0
    for pk in Export.objects.filter(stale).values_list("pk", flat=True):
        # Pending rows wait RESEND_AFTER before the next send; a running one keeps its expired lease for the claim.
        Export.objects.filter(pk=pk, status=Status.PENDING).update(lease_until=now + RESEND_AFTER)
        enqueue(tasks.build_export, str(pk))
        queued += 1
    return queued
