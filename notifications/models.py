"""The notification outbox: every event that should reach someone is a row, written with the change."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry


class Notification(models.Model):
    """Something a person should know about, shown in the portal (and mailed by the relay)."""

    class Outcome(models.TextChoices):
        EMAILED = "emailed", _("E-mailed")
        NO_ADDRESS = "no_address", _("Shown in the portal only: no e-mail address")
        INACTIVE = "inactive", _("Not e-mailed: the account is deactivated")
        NOT_VISIBLE = "not_visible", _("Not e-mailed: the recipient may no longer see what it is about")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    # The kinds are declared by the apps that raise them (notifications.registry.register_kind).
    kind = models.CharField(_("kind"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What it is about, declared by its app (notifications.registry.register_subject): the most specific
    # object the change named, say a review rather than its section. The model is named by its label
    # ("workplan.section") rather than a content type: reading and writing notifications then never waits
    # on the content type cache (the menu's count stays one query), and the value means the same in any
    # database.
    subject_type = models.CharField(_("about (type)"), max_length=100, blank=True)
    subject_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    # Its scope: the outermost object the subject lies within (a review's draft), the subject itself when it
    # lies within nothing. Who is shown the notification is asked of the scope alone (registry.visible_q).
    scope_type = models.CharField(_("within (type)"), max_length=100, blank=True)
    scope_id = models.PositiveBigIntegerField(_("within (id)"), null=True, blank=True)
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
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once"
            ),
            models.CheckConstraint(
                condition=Q(delivered_at__isnull=True) | ~Q(outcome=""), name="notification_delivered_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(subject_type="", subject_id__isnull=True)
                | (~Q(subject_type="") & Q(subject_id__isnull=False)),
                name="notification_subject_whole",
            ),
            models.CheckConstraint(
                condition=Q(subject_type="", scope_type="", scope_id__isnull=True)
                | (~Q(subject_type="") & ~Q(scope_type="") & Q(scope_id__isnull=False)),
                name="notification_scope_with_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def subject(self):
        """Return the object the notification is about (one query), or None."""
        if not self.subject_type:
            return None
        model = apps.get_model(self.subject_type)
        return model._default_manager.filter(pk=self.subject_id).first()

    @subject.setter
    def subject(self, obj):
        self.set_subject(obj)

    def set_subject(self, obj, scope=None):
        """Set what the notification is about, and its scope: the outermost object `obj` lies within.

        `scope` is that object's (label, id), followed from `obj` when not given (registry.scope_of).
        """
        if obj is None:
            self.subject_type, self.subject_id, self.scope_type, self.scope_id = "", None, "", None
            return
        self.subject_type, self.subject_id = registry.label_of(type(obj)), obj.pk
        self.scope_type, self.scope_id = scope or registry.scope_of(obj)

    def get_kind_display(self):
        """Return the label of the notification's kind, as the app that raises it declared it."""
        return registry.kind_of_row(self.kind).label
