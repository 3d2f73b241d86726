"""Review by the ministries: assignments of sections to ministries, and comment threads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workplan.models.drafting import Section


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
