"""The commission as the 2009 sub-decree set it up: its members and secretariat."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Membership, end_after_start, one_active, one_active_seat_per_person

from . import rules


class SubDecree(Bilingual, models.Model):
    """The legal instrument that establishes the commission and sets its seats."""

    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("Leave empty when the source does not give it.")
    )
    name_en = models.CharField(_("title in English"), max_length=300)
    name_km = models.CharField(_("title in Khmer"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    signed_by_en = models.CharField(_("signed by (English)"), max_length=200)
    signed_by_km = models.CharField(_("signed by (Khmer)"), max_length=200)
    commission_seats = models.PositiveSmallIntegerField(_("commission seats"))
    secretariat_seats = models.PositiveSmallIntegerField(_("secretariat seats"))
    source = models.TextField(_("source"), blank=True, help_text=_("Where the facts were published."))

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("sub-decree")
        verbose_name_plural = _("sub-decrees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commission_seats__gt=0, secretariat_seats__gt=0),
                name="subdecree_seats_positive",
                violation_error_message=_("A sub-decree must set at least one seat for each body."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def signed_by(self):
        return self.bilingual("signed_by")


class Commission(Bilingual, models.Model):
    """The National Commission, with its member ministries."""

    sub_decree = models.ForeignKey(
        SubDecree, verbose_name=_("established by"), on_delete=models.PROTECT, related_name="commissions"
    )
    name_en = models.CharField(_("name in English"), max_length=300)
    name_km = models.CharField(_("name in Khmer"), max_length=300)
    short_name_en = models.CharField(_("short name in English"), max_length=100)
    short_name_km = models.CharField(_("short name in Khmer"), max_length=100)
    ministries = models.ManyToManyField(
        "members.Organization",
        verbose_name=_("member ministries"),
        related_name="commissions",
        limit_choices_to={"kind": "ministry"},
    )

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        return self.bilingual("short_name")


class CommissionMembership(Membership):
    """A seat on the commission."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")

    commission = models.ForeignKey(
        Commission, verbose_name=_("commission"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)

    body_field = "commission"
    seat_rule = rules.COMMISSION_SEAT_LIMIT
    seat_message = rules.MESSAGES[rules.COMMISSION_SEAT_LIMIT]

    class Meta:
        ordering = ["commission", "role", "started_on", "id"]
        verbose_name = _("commission membership")
        verbose_name_plural = _("commission memberships")
        constraints = [
            end_after_start("commission_membership_end_after_start"),
            one_active_seat_per_person("commission", "commission_one_active_seat_per_person"),
            one_active(
                "commission",
                "chair",
                "commission_one_active_chair",
                _("The commission already has an active chair: end that membership first."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"

    def seats(self):
        return self.commission.sub_decree.commission_seats


class Secretariat(Bilingual, models.Model):
    """The commission's secretariat, which drafts the national work plan."""

    commission = models.OneToOneField(
        Commission, verbose_name=_("commission"), on_delete=models.CASCADE, related_name="secretariat"
    )
    name_en = models.CharField(_("name in English"), max_length=300)
    name_km = models.CharField(_("name in Khmer"), max_length=300)

    class Meta:
        verbose_name = _("secretariat")
        verbose_name_plural = _("secretariats")

    def __str__(self):
        return self.name


class SecretariatMembership(Membership):
    """A seat in the secretariat."""

    class Role(models.TextChoices):
        CHIEF = "chief", _("Chief")
        DEPUTY = "deputy", _("Deputy chief")
        MEMBER = "member", _("Member")

    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)

    body_field = "secretariat"
    seat_rule = rules.SECRETARIAT_SEAT_LIMIT
    seat_message = rules.MESSAGES[rules.SECRETARIAT_SEAT_LIMIT]

    class Meta:
        ordering = ["secretariat", "role", "started_on", "id"]
        verbose_name = _("secretariat membership")
        verbose_name_plural = _("secretariat memberships")
        constraints = [
            end_after_start("secretariat_membership_end_after_start"),
            one_active_seat_per_person("secretariat", "secretariat_one_active_seat_per_person"),
            one_active(
                "secretariat",
                "chief",
                "secretariat_one_active_chief",
                _("The secretariat already has an active chief: end that membership first."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"

    def seats(self):
        return self.secretariat.commission.sub_decree.secretariat_seats
