"""Plans and their numbered drafts, with the grants that share a draft with one person."""

from django.conf import settings
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
