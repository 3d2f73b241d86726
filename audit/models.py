"""The audit log: an append-only chain of events, each hashed together with the one before it.

Events are written only by `audit.services.record`, which also moves the chain
head; the database refuses to change or remove an event (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The prev_hash of the first event: there is nothing before it.
GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One thing that happened: who did what to which object, when, from where, and how it ended."""

    class Outcome(models.TextChoices):
        OK = "ok", _("Done")
        DENIED = "denied", _("Denied")
        FAILED = "failed", _("Failed")

    id = models.BigAutoField(primary_key=True)
    # Set by audit.services (not auto_now) so that the exact value is part of the hashed content.
    created_at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="audit_events",
        null=True,
        blank=True,
    )
    # The username at the time, so the event stays readable if the account is renamed.
    actor_label = models.CharField(_("username"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome, default=Outcome.OK)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        # The page lists newest first by id (the chain's order); these serve its filters.
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for the action prefix (LIKE 'draft.%').
            models.Index(fields=["action"], name="audit_event_action", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["actor_label"], name="audit_event_actor_label"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["created_at"], name="audit_event_created_at"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.actor_label or '-'} {self.outcome}"


class AuditChainHead(models.Model):
    """The last event of the chain and the number of events: one row, locked by every append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(_("last event"), null=True, blank=True)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)
    count = models.BigIntegerField(_("events"), default=0)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_head_single_row")]

    def __str__(self):
        return f"{self.count} events, last #{self.last_id}"
