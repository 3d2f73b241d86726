"""Sections of a draft, their revisions, conflict copies, plan rows and who has them open."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual
from workplan.models.plans import Draft


class Section(Bilingual, models.Model):
    """One task force's part of a draft (or the front matter), edited with optimistic concurrency."""

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="sections")
    task_force = models.ForeignKey(
        "taskforces.TaskForce",
        verbose_name=_("task force"),
        on_delete=models.PROTECT,
        related_name="sections",
        null=True,
        blank=True,
        help_text=_("Empty for the front matter."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title in English"), max_length=300)
    title_km = models.CharField(_("title in Khmer"), max_length=300)
    body_en = models.TextField(_("text in English"), blank=True)
    body_km = models.TextField(_("text in Khmer"), blank=True)
    # Every save names the version it started from; a save from an older
    # version is refused as a conflict instead of overwriting someone's work.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("last edited at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["draft", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "task_force"],
                name="workplan_one_section_per_task_force",
                violation_error_message=_("This draft already has a section for this task force."),
            ),
            models.UniqueConstraint(
                fields=["draft"],
                condition=Q(task_force__isnull=True),
                name="workplan_one_front_matter",
                violation_error_message=_("This draft already has front matter."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.bilingual("title")

    @property
    def key(self):
        """Name the section the same way in every draft: its task force's code, or "front"."""
        return self.task_force.code if self.task_force_id else "front"


class SectionRevision(models.Model):
    """An immutable snapshot of a section after a save: its text and its plan rows."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    summary = models.CharField(_("summary of changes"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300)
    title_km = models.CharField(_("title in Khmer"), max_length=300)
    body_en = models.TextField(_("text in English"), blank=True)
    body_km = models.TextField(_("text in Khmer"), blank=True)
    rows = models.JSONField(_("objectives and activities"), default=list)
    content_hash = models.CharField(_("content hash"), max_length=64)

    class Meta:
        ordering = ["section", "-number"]
        verbose_name = _("section revision")
        verbose_name_plural = _("section revisions")
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="workplan_revision_number_unique"),
        ]

    def __str__(self):
        return _("Revision %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A revision cannot be changed once it is saved."))
        super().save(*args, **kwargs)

    @property
    def content(self):
        return content_of(self)

    @staticmethod
    def hash_content(content):
        """Return the SHA-256 of a section's content in canonical JSON."""
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def content_of(obj, rows=None):
    """Return the comparable content of a section or revision: titles, texts and rows."""
    return {
        "title_en": obj.title_en,
        "title_km": obj.title_km,
        "body_en": obj.body_en,
        "body_km": obj.body_km,
        "rows": obj.rows if rows is None else rows,
    }


class ConflictCopy(models.Model):
    """A save refused because someone else saved first: the user's text, kept on the server."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="conflicts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE)
    base_version = models.PositiveIntegerField(_("started from version"))
    current_version = models.PositiveIntegerField(_("version saved meanwhile"))
    content = models.JSONField(_("the refused text"))
    summary = models.CharField(_("summary of changes"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("refused at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conflict copy")
        verbose_name_plural = _("conflict copies")

    def __str__(self):
        return _("Conflict copy of %(section)s by %(author)s") % {"section": self.section, "author": self.author}


class Objective(Bilingual, models.Model):
    """An objective of a section: what the task force sets out to achieve."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.TextField(_("text in English"), blank=True)
    text_km = models.TextField(_("text in Khmer"), blank=True)

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "code"],
                name="workplan_objective_code_unique",
                violation_error_message=_("Two objectives of a section cannot have the same code."),
            ),
        ]

    def __str__(self):
        return _("Objective %(code)s") % {"code": self.code}

    @property
    def text(self):
        return self.bilingual("text")


class Activity(Bilingual, models.Model):
    """A plan row: who does what, when, for how much, and how success is measured."""

    class Currency(models.TextChoices):
        USD = "USD", _("US dollars")
        KHR = "KHR", _("Riel")

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.TextField(_("text in English"), blank=True)
    text_km = models.TextField(_("text in Khmer"), blank=True)
    lead_ministry = models.ForeignKey(
        "members.Organization",
        verbose_name=_("lead ministry"),
        on_delete=models.PROTECT,
        related_name="led_activities",
        limit_choices_to={"kind": "ministry"},
    )
    partners = models.ManyToManyField(
        "members.Organization", verbose_name=_("partner organisations"), related_name="partner_activities", blank=True
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    budget = models.DecimalField(_("budget estimate"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency, default=Currency.USD)
    # How success is measured, in both languages like the activity's text. Officials read the plan in
    # Khmer first; a value written in one language only is shown to readers of the other (bilingual()).
    indicator_en = models.CharField(_("indicator in English"), max_length=300, blank=True)
    indicator_km = models.CharField(_("indicator in Khmer"), max_length=300, blank=True)
    baseline_en = models.CharField(_("baseline in English"), max_length=200, blank=True)
    baseline_km = models.CharField(_("baseline in Khmer"), max_length=200, blank=True)
    target_en = models.CharField(_("target in English"), max_length=200, blank=True)
    target_km = models.CharField(_("target in Khmer"), max_length=200, blank=True)
    means_of_verification_en = models.CharField(_("means of verification in English"), max_length=300, blank=True)
    means_of_verification_km = models.CharField(_("means of verification in Khmer"), max_length=300, blank=True)
    # Every change to the row counts up, whether made on its own or with the whole section: a row saved
    # from an older version is merged with what changed since, field by field (drafting.services.activity_save).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["objective", "order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="workplan_activity_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="workplan_activity_years_in_order",
                violation_error_message=_("The last year cannot come before the first year."),
            ),
            # Each reader sees the indicator and the target in their language or, where that is empty, in
            # the other: an indicator in either language with a target in either shows every reader both.
            models.CheckConstraint(
                condition=Q(indicator_en="", indicator_km="") | ~Q(target_en="", target_km=""),
                name="workplan_activity_indicator_has_target",
                violation_error_message=_(
                    "An indicator needs a target: say what the indicator should reach, in Khmer or in English."
                ),
            ),
        ]

    def __str__(self):
        return _("Activity %(code)s") % {"code": self.code}

    @property
    def text(self):
        return self.bilingual("text")

    # The measures in the reader's language, falling back on the other (read-only: write the _en and _km fields).
    @property
    def indicator(self):
        return self.bilingual("indicator")

    @property
    def baseline(self):
        return self.bilingual("baseline")

    @property
    def target(self):
        return self.bilingual("target")

    @property
    def means_of_verification(self):
        return self.bilingual("means_of_verification")

    def clean_years(self, plan):
        """Raise if the activity's years fall outside the plan's five years."""
        errors = {}
        for field in ("start_year", "end_year"):
            year = getattr(self, field)
            if year is not None and not plan.first_year <= year <= plan.last_year:
                errors[field] = ValidationError(
                    _("%(year)s is outside the plan period %(first)s–%(last)s."),
                    code="year_outside_plan",
                    params={"year": year, "first": plan.first_year, "last": plan.last_year},
                )
        if errors:
            raise ValidationError(errors)


class SectionPresence(models.Model):
    """Who has a section open in the editor, and when they were last seen there."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "user"], name="workplan_presence_unique")]
        verbose_name = _("editor presence")
        verbose_name_plural = _("editor presences")

    def __str__(self):
        return f"{self.user} @ {self.section}"


class WorkingCopy(models.Model):
    """What a person has typed in the section editor and not saved yet, kept on the server as they type.

    One per section and person, replaced at each keep. It is never a revision
    and never shared: only its writer is offered it back (workplan.policies),
    and a save of the section by its writer deletes it.
    """

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="working_copies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    # The version the editor was opened on: a save from this text goes through the usual conflict handling.
    base_version = models.PositiveIntegerField(_("started from version"))
    content = models.JSONField(_("text not saved yet"))
    updated_at = models.DateTimeField(_("kept at"))

    class Meta:
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")
        constraints = [models.UniqueConstraint(fields=["section", "author"], name="workplan_working_copy_unique")]

    def __str__(self):
        return _("Working copy of %(section)s") % {"section": self.section}

    @property
    def saved_since(self):
        """Return whether the section was saved (by anyone) after the version this text started from."""
        return self.section.version > self.base_version
