from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, Organization, User, UserSession


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_km", "kind", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["code", "name_en", "name_km", "abbreviation"]
    ordering = ["kind", "name_en"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
