"""The secretariat's six task forces and the people who work in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Membership, end_after_start, one_active, one_active_seat_per_person


class TaskForce(Bilingual, models.Model):
    """A task force of the secretariat; it writes its own section of the plan."""

    secretariat = models.ForeignKey(
        "commission.Secretariat",
        verbose_name=_("secretariat"),
        on_delete=models.CASCADE,
        related_name="task_forces",
    )
    code = models.SlugField(_("code"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    mandate_en = models.TextField(_("mandate in English"), blank=True)
    mandate_km = models.TextField(_("mandate in Khmer"), blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")

    def __str__(self):
        return self.name

    @property
    def mandate(self):
        return self.bilingual("mandate")


class TaskForceMembership(Membership):
    """A person's place in a task force."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("task force"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)

    body_field = "task_force"

    class Meta:
        ordering = ["task_force", "role", "started_on", "id"]
        verbose_name = _("task force membership")
        verbose_name_plural = _("task force memberships")
        constraints = [
            end_after_start("taskforce_membership_end_after_start"),
            one_active_seat_per_person("task_force", "taskforce_one_active_seat_per_person"),
            one_active(
                "task_force",
                "lead",
                "taskforce_one_active_lead",
                _("This task force already has an active lead: end that membership first."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"
