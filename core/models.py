"""Building blocks shared by the apps' models."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual:
    """Read `<field>_km` or `<field>_en`, whichever the active language wants."""

    def bilingual(self, field):
        km, en = getattr(self, f"{field}_km"), getattr(self, f"{field}_en")
        return (km or en) if get_language() == "km" else (en or km)

    @property
    def name(self):
        return self.bilingual("name")

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class Membership(models.Model):
    """A person's seat in a body, from a date until an optional end date.

    A membership is active while it has no end date; ending it records the
    date, so the history of who sat where is kept.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    # Subclasses name the body they seat people in, and, where the body has a
    # fixed number of seats, the rule (a trigger, see core.db) and its message.
    body_field = None
    seat_rule = None
    seat_message = None

    class Meta:
        abstract = True

    @property
    def is_active(self):
        return self.ended_on is None

    def seats(self):
        """Return how many seats the body has, or None when it is not limited."""
        return None

    # Set when a form checks the seats across several memberships at once
    # (members.seat_admin.MembershipInlineForm); alone, this one would count the
    # database's rows as they were before the change.
    seats_checked_by_formset = False

    def clean(self):
        super().clean()
        body_id = getattr(self, f"{self.body_field}_id")
        seats = self.seats() if body_id and self.ended_on is None and not self.seats_checked_by_formset else None
        if seats is None:
            return
        taken = type(self).objects.active().filter(**{f"{self.body_field}_id": body_id}).exclude(pk=self.pk).count()
        if taken >= seats:
            raise ValidationError(self.seat_message, code=self.seat_rule, params={"seats": seats})


def end_after_start(name):
    """Return the check constraint: a membership ends after it starts."""
    return models.CheckConstraint(
        condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
        name=name,
        violation_error_message=_("A membership must end after the day it starts."),
    )


def one_active_seat_per_person(body, name):
    """Return the unique constraint: one active seat per person per body."""
    return models.UniqueConstraint(
        fields=[body, "person"],
        condition=Q(ended_on__isnull=True),
        name=name,
        violation_error_message=_("This person already holds an active seat in this body."),
    )


def one_active(body, role, name, message):
    """Return the unique constraint: at most one active holder of `role` per body."""
    return models.UniqueConstraint(
        fields=[body],
        condition=Q(role=role, ended_on__isnull=True),
        name=name,
        violation_error_message=message,
    )
