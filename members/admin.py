from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.seat_admin import (
    MembershipAdmin,
    MembershipInlineForm,
    MembershipInlineFormSet,
    RuleExplainingAdmin,
    ValidChoicesAutocompleteMixin,
)

from . import roles, services
from .models import ApiToken, LiaisonMembership, Organization, User, UserSession


class LiaisonMembershipInline(ValidChoicesAutocompleteMixin, admin.TabularInline):
    model = LiaisonMembership
    fk_name = "ministry"
    form = MembershipInlineForm
    formset = MembershipInlineFormSet
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(RuleExplainingAdmin):
    list_display = ["code", "name_en", "name_km", "kind", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["code", "name_en", "name_km", "abbreviation"]
    ordering = ["kind", "name_en"]

    def get_inlines(self, request, obj):
        # Only a ministry has liaisons.
        return [LiaisonMembershipInline] if obj is not None and obj.kind == Organization.Kind.MINISTRY else []


@admin.register(LiaisonMembership)
class LiaisonMembershipAdmin(MembershipAdmin):
    """Who answers for which ministry: a liaison reviews its sections while the seat is active."""

    list_display = ["person", "ministry", "started_on", "ended_on"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter), "ministry"]
    search_fields = ["person__name_en", "person__name_km", "person__username", "ministry__name_en", "ministry__code"]
    list_select_related = ["person", "ministry"]
    autocomplete_fields = ["person", "ministry"]


@admin.register(User)
class UserAdmin(ValidChoicesAutocompleteMixin, DjangoUserAdmin):
    list_display = ["username", "name_en", "name_km", "organization", "is_active", "is_staff", "is_demo"]
    list_filter = [
        "is_active",
        "is_staff",
        "is_superuser",
        "is_demo",
        "is_illustrative",
        "groups",
        "organization__kind",
    ]
    search_fields = ["username", "name_en", "name_km", "email", "organization__name_en", "organization__name_km"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]

    # Only a superuser manages superusers and global permissions: the chief keeps
    # people and their roles up to date, but cannot make anyone (or reset anyone
    # into) a superuser.
    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A seated role comes with a seat in the organisation (members.roles), never
        # with its group: only the other groups (the auditors') are given by hand.
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.exclude(name__in=roles.SEATED)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and user.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        was_active = change and type(obj).objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            # Deactivation takes effect now: end every session of the account.
            services.user_deactivate(user=obj, actor=request.user)

    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (
            _("In the portal"),
            {
                "fields": [
                    "name_en",
                    "name_km",
                    "title_en",
                    "title_km",
                    "organization",
                    "language",
                    "is_demo",
                    "is_illustrative",
                ]
            },
        ),
    ]


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Who signed in with which session: read-only, for ending sessions when an account is deactivated."""

    list_display = ["user", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__username", "user__name_en"]
    list_select_related = ["user"]
    readonly_fields = ["user", "session_key", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """People's API tokens: who has which, and when each was used; only the hash is stored."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False


# Authenticator secrets and recovery codes belong to their owners: django-otp's own admin pages would show
# whoever opens them a person's secret and its QR code. None is offered; `manage.py second_factor_reset`
# removes a person's second factor when both their phone and their codes are lost.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
