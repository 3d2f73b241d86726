"""The notification outbox: every event that should reach someone is a row, written with the change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should know about, shown in the portal (and mailed by the relay)."""

    class Kind(models.TextChoices):
        REVIEW_REQUESTED = "review_requested", _("A section waits for your ministry's review")
        REVIEW_AGAIN = "review_again", _("A section you approved has changed and waits for review again")
        COMMENT = "comment", _("A new comment")
        CHANGES_REQUESTED = "changes_requested", _("A ministry asked for changes")
        SECTION_APPROVED = "section_approved", _("A ministry approved a section")
        DRAFT_RETURNED = "draft_returned", _("A draft was sent back")
        SUBMITTED_TO_CHAIR = "submitted_to_chair", _("A draft was submitted to the chair")
        CHAIR_APPROVED = "chair_approved", _("The chair approved a draft: it goes to the Council of Ministers")
        DECISION_RECORDED = "decision_recorded", _("The Council of Ministers' decision was recorded")
        DRAFT_SHARED = "draft_shared", _("A draft was shared with you")
        REMINDER = "reminder", _("A review is due soon")
        OVERDUE = "overdue", _("A review is overdue")

    class Outcome(models.TextChoices):
        EMAILED = "emailed", _("E-mailed")
        NO_ADDRESS = "no_address", _("Shown in the portal only: no e-mail address")
        INACTIVE = "inactive", _("Not e-mailed: the account is deactivated")
        NOT_VISIBLE = "not_visible", _("Not e-mailed: the recipient may no longer see the draft")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    draft = models.ForeignKey(
        "workplan.Draft", verbose_name=_("draft"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    section = models.ForeignKey(
        "workplan.Section", verbose_name=_("section"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    review = models.ForeignKey(
        "workplan.ReviewAssignment", verbose_name=_("review"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The outbox: the relay delivers rows whose delivered_at is empty and whose time has come.
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, blank=True)
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Reminders carry "reminder:<assignment>:<day>", so a second run of the same day adds nothing.
    dedupe_key = models.CharField(_("once-only key"), max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["next_attempt_at", "id"], condition=Q(delivered_at__isnull=True), name="notification_pending"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once"
            ),
            models.CheckConstraint(
                condition=Q(delivered_at__isnull=True) | ~Q(outcome=""), name="notification_delivered_has_outcome"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
