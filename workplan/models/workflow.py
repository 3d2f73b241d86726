"""The workflow's record: each move of a draft, the Council's decision, the published document."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workplan.models.plans import Draft, Plan


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
