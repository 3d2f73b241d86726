from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Organization, User


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
