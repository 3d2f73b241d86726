"""The national work plan: plans, their numbered drafts, sections, revisions and plan rows."""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.models import Bilingual


class Plan(Bilingual, models.Model):
    """A five-year national work plan."""

    name_en = models.CharField(_("title in English"), max_length=300)
    name_km = models.CharField(_("title in Khmer"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year=F("first_year") + 4),
                name="workplan_plan_five_years",
                violation_error_message=_(
                    "A national work plan covers five years: the last year is the first plus four."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)


class Draft(models.Model):
    """A numbered version of a plan, moving through the workflow (workplan.workflow)."""

    class State(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        IN_REVIEW = "in_review", _("In review by the ministries")
        WITH_CHAIR = "with_chair", _("With the chair")
        WITH_COUNCIL = "with_council", _("With the Council of Ministers")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned by the Council of Ministers")

    # A plan has at most one draft in these states; the others are closed.
    CLOSED = (State.PUBLISHED, State.RETURNED)
    # Sections can be edited only while the draft is in one of these.
    EDITABLE = (State.DRAFTING, State.IN_REVIEW)

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="drafts")
    number = models.PositiveSmallIntegerField(_("number"))
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFTING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="workplan_draft_number_unique",
                violation_error_message=_("This plan already has a draft with this number."),
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=~Q(state__in=["published", "returned"]),
                name="workplan_one_open_draft_per_plan",
                violation_error_message=_(
                    "This plan already has an open draft: finish or close it before opening another."
                ),
            ),
        ]

    def __str__(self):
        return _("%(plan)s, draft %(number)s") % {"plan": self.plan, "number": self.number}

    @property
    def is_editable(self):
        return self.state in self.EDITABLE


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
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)

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
            models.CheckConstraint(
                condition=Q(indicator="") | ~Q(target=""),
                name="workplan_activity_indicator_has_target",
                violation_error_message=_("An indicator needs a target: say what the indicator should reach."),
            ),
        ]

    def __str__(self):
        return _("Activity %(code)s") % {"code": self.code}

    @property
    def text(self):
        return self.bilingual("text")

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


class DraftUserObjectPermission(UserObjectPermissionBase):
    """A draft shared with one named person (django-guardian, with a real foreign key)."""

    content_object = models.ForeignKey(Draft, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("draft shared with a person")
        verbose_name_plural = _("drafts shared with people")


class DraftGroupObjectPermission(GroupObjectPermissionBase):
    """Kept so django-guardian finds a direct table for group grants too; the portal grants to people only."""

    content_object = models.ForeignKey(Draft, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("draft shared with a group")
        verbose_name_plural = _("drafts shared with groups")


class DraftTransition(models.Model):
    """One move of a draft through the workflow, with who made it and their remarks."""

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, choices=Draft.State)
    to_state = models.CharField(_("to"), max_length=16, choices=Draft.State)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    remarks = models.TextField(_("remarks"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "created_at", "id"]
        verbose_name = _("draft transition")
        verbose_name_plural = _("draft transitions")

    def __str__(self):
        return f"{self.draft}: {self.from_state} → {self.to_state}"


class ReviewAssignment(models.Model):
    """A section given to a ministry to review; its liaisons decide, at one revision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVE = "approve", _("Approved")
        REQUEST_CHANGES = "request_changes", _("Changes requested")

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="reviews")
    ministry = models.ForeignKey(
        "members.Organization", verbose_name=_("ministry"), on_delete=models.PROTECT, related_name="reviews"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision, default=Decision.PENDING)
    # The revision the decision was made on: an approval of an older revision is stale.
    revision_number = models.PositiveIntegerField(_("decided on revision"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        ordering = ["section", "ministry__name_en"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "ministry"],
                condition=Q(removed_at__isnull=True),
                name="workplan_one_live_review_per_ministry",
                violation_error_message=_("This ministry already reviews this section."),
            ),
        ]

    def __str__(self):
        return f"{self.section} — {self.ministry}"

    @property
    def approves_current(self):
        """Return whether this is an approval of the section as it stands now."""
        return self.decision == self.Decision.APPROVE and self.revision_number == self.section.version

    @property
    def state(self):
        """Return the decision as it counts now: an approval of an older revision waits again."""
        if self.decision == self.Decision.APPROVE and not self.approves_current:
            return self.Decision.PENDING
        return self.decision


class Comment(models.Model):
    """A comment on a section; a comment without a parent opens a thread, optionally on a quoted passage."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, related_name="replies", null=True, blank=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT)
    body = models.TextField(_("comment"))
    quote = models.CharField(_("quoted passage"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["section", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(resolved_at__isnull=True),
                name="workplan_only_threads_resolve",
                violation_error_message=_("Only a thread is resolved, not a reply in it."),
            ),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class CouncilDecision(models.Model):
    """The Council of Ministers' decision on a draft, recorded by the secretariat chief."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")

    draft = models.OneToOneField(
        Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="council_decision"
    )
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome)
    decided_on = models.DateField(_("date of the decision"))
    reference = models.CharField(_("decision reference"), max_length=100)
    remarks = models.TextField(_("remarks"), blank=True)
    scan = models.FileField(_("scanned decision"), upload_to="council/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Council decision")
        verbose_name_plural = _("Council decisions")

    def __str__(self):
        return f"{self.reference} ({self.decided_on})"


class PublishedPlan(models.Model):
    """The public document of an approved draft, rendered once at publication and served as stored."""

    draft = models.OneToOneField(Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="publication")
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="publications")
    published_at = models.DateTimeField(_("published at"))
    document = models.JSONField(_("document"))
    document_bytes = models.BinaryField(_("document as sent"))
    etag = models.CharField(_("entity tag"), max_length=64)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("published plan")
        verbose_name_plural = _("published plans")

    def __str__(self):
        return str(self.plan)


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
