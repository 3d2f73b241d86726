from django.contrib import admin

from members.seat_admin import (
    MembershipAdmin,
    MembershipInlineForm,
    MembershipInlineFormSet,
    RuleExplainingAdmin,
    ValidChoicesAutocompleteMixin,
)

from .models import Commission, CommissionMembership, Secretariat, SecretariatMembership, SubDecree


class CommissionFormSet(MembershipInlineFormSet):
    senior_role = CommissionMembership.Role.CHAIR
    senior_required = True


class SecretariatFormSet(MembershipInlineFormSet):
    senior_role = SecretariatMembership.Role.CHIEF
    senior_required = True


class CommissionMembershipInline(ValidChoicesAutocompleteMixin, admin.TabularInline):
    model = CommissionMembership
    form = MembershipInlineForm
    formset = CommissionFormSet
    autocomplete_fields = ["person", "organization"]
    extra = 0


class SecretariatMembershipInline(ValidChoicesAutocompleteMixin, admin.TabularInline):
    model = SecretariatMembership
    form = MembershipInlineForm
    formset = SecretariatFormSet
    autocomplete_fields = ["person", "organization"]
    extra = 0


@admin.register(SubDecree)
class SubDecreeAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "signed_on", "commission_seats", "secretariat_seats"]
    search_fields = ["number", "name_en", "name_km"]
    date_hierarchy = "signed_on"


@admin.register(Commission)
class CommissionAdmin(RuleExplainingAdmin):
    list_display = ["short_name_en", "sub_decree"]
    search_fields = ["name_en", "name_km", "short_name_en", "short_name_km"]
    list_filter = ["sub_decree"]
    filter_horizontal = ["ministries"]
    inlines = [CommissionMembershipInline]


@admin.register(CommissionMembership)
class CommissionMembershipAdmin(MembershipAdmin):
    list_display = [*MembershipAdmin.list_display, "commission"]


@admin.register(Secretariat)
class SecretariatAdmin(RuleExplainingAdmin):
    list_display = ["name_en", "commission"]
    search_fields = ["name_en", "name_km"]
    list_filter = ["commission"]
    inlines = [SecretariatMembershipInline]


@admin.register(SecretariatMembership)
class SecretariatMembershipAdmin(MembershipAdmin):
    list_display = [*MembershipAdmin.list_display, "secretariat"]
