"""Exports of a draft or a published plan, built in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workplan.models.plans import Draft
from workplan.models.workflow import PublishedPlan


class Export(models.Model):
    """A draft or a published plan as a file (PDF, DOCX, CSV, JSON), built by a task (workplan.exports).

    An export of a draft is confidential: it is its requester's alone, carries
    their watermark, and is kept out of any public URL (files are read through
    the download view only). An export of a published plan is built once per
    format and language and served to everyone.
    """

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word document (DOCX)")
        CSV = "csv", _("Activities as a spreadsheet (CSV)")
        JSON = "json", _("Data (JSON)")

    class Language(models.TextChoices):
        KHMER = "km", _("Khmer")
        ENGLISH = "en", _("English")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be built")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    # A UUID, so the address of someone's export cannot be guessed from one's own.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="exports", null=True, blank=True
    )
    publication = models.ForeignKey(
        PublishedPlan,
        verbose_name=_("published plan"),
        on_delete=models.CASCADE,
        related_name="exports",
        null=True,
        blank=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    format = models.CharField(_("format"), max_length=8, choices=Format)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    watermark = models.TextField(_("watermark"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Whoever builds the export holds it until then; past it, the sweep hands it to another worker.
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=False, publication__isnull=True, requested_by__isnull=False)
                | Q(draft__isnull=True, publication__isnull=False, requested_by__isnull=True),
                name="workplan_export_of_a_draft_or_a_publication",
                violation_error_message=_(
                    "An export is either of a draft, for the person who asked, or of a published plan, for everyone."
                ),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="workplan_export_progress_at_most_100",
                violation_error_message=_("Progress is a percentage: at most 100."),
            ),
            # A published plan never changes: each format and language is built once and reused.
            models.UniqueConstraint(
                fields=["publication", "format", "language"],
                condition=Q(publication__isnull=False),
                name="workplan_export_published_once",
                violation_error_message=_("This published plan already has an export in this format and language."),
            ),
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="workplan_export_sweep")]

    def __str__(self):
        return _("%(format)s export (%(language)s) of %(subject)s") % {
            "format": self.get_format_display(),
            "language": self.get_language_display(),
            "subject": self.draft if self.draft_id else self.publication,
        }

    @property
    def is_confidential(self):
        """Return whether this is an export of a draft (confidential) rather than of a published plan."""
        return self.publication_id is None

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
