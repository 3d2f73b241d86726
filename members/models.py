"""People and the organisations they come from."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Membership, end_after_start, one_active_seat_per_person


class OrganizationQuerySet(models.QuerySet):
    def ministries(self):
        return self.filter(kind=Organization.Kind.MINISTRY)


class Organization(Bilingual, models.Model):
    """A ministry, an NGO or another body that people represent."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo data invented for illustration, not taken from a public source."),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class User(Bilingual, AbstractUser):
    """A person. People who never sign in have no usable password."""

    class Language(models.TextChoices):
        KHMER = "km", _("Khmer")
        ENGLISH = "en", _("English")

    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True)
    title_en = models.CharField(_("position in English"), max_length=200, blank=True)
    title_km = models.CharField(_("position in Khmer"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    language = models.CharField(_("preferred language"), max_length=2, choices=Language, default=Language.KHMER)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can sign in only while the portal runs with DEBUG on."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo data invented for illustration, not taken from a public source."),
    )

    objects = UserManager()

    class Meta:
        ordering = ["name_en", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.bilingual("name") or self.username

    @property
    def title(self):
        return self.bilingual("title")


class UserSession(models.Model):
    """A session a person signed in with, so that deactivating the account can end it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="portal_sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class ApiToken(models.Model):
    """A token a script uses to call the API as a person; only its hash is stored."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “ministry dashboard”."))
    prefix = models.CharField(_("starts with"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # API_TOKEN_DAYS after its creation a token stops working, like a session that ends: a script forgotten on
    # a laptop does not keep its owner's access for good.
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class LiaisonMembership(Membership):
    """A person's seat as a ministry's liaison: they review the plan's sections for that ministry.

    The seat's ministry is the one whose reviews the liaison decides, whatever
    organisation their account names; ending the seat ends those powers.
    """

    ministry = models.ForeignKey(
        Organization,
        verbose_name=_("ministry"),
        on_delete=models.PROTECT,
        related_name="liaison_memberships",
        limit_choices_to={"kind": Organization.Kind.MINISTRY},
    )
    # The ministry is the body and the organisation the person answers for at once.
    organization = None

    body_field = "ministry"

    class Meta:
        ordering = ["ministry", "started_on", "id"]
        verbose_name = _("liaison membership")
        verbose_name_plural = _("liaison memberships")
        constraints = [
            end_after_start("liaison_membership_end_after_start"),
            one_active_seat_per_person("ministry", "liaison_one_active_seat_per_person"),
        ]

    def __str__(self):
        return f"{self.person} — {self.ministry}"

    def clean(self):
        super().clean()
        if self.ministry_id and self.ministry.kind != Organization.Kind.MINISTRY:
            raise ValidationError({"ministry": _("A liaison answers for a ministry: choose one.")})
