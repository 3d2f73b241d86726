from django.contrib import admin

from members.seat_admin import (
    MembershipAdmin,
    MembershipInlineForm,
    MembershipInlineFormSet,
    RuleExplainingAdmin,
    ValidChoicesAutocompleteMixin,
)

from .models import TaskForce, TaskForceMembership


class TaskForceFormSet(MembershipInlineFormSet):
    senior_role = TaskForceMembership.Role.LEAD


class TaskForceMembershipInline(ValidChoicesAutocompleteMixin, admin.TabularInline):
    model = TaskForceMembership
    form = MembershipInlineForm
    formset = TaskForceFormSet
    autocomplete_fields = ["person", "organization"]
    extra = 0


@admin.register(TaskForce)
class TaskForceAdmin(RuleExplainingAdmin):
    list_display = ["code", "name_en", "name_km", "order"]
    search_fields = ["code", "name_en", "name_km"]
    list_filter = ["secretariat"]
    inlines = [TaskForceMembershipInline]


@admin.register(TaskForceMembership)
class TaskForceMembershipAdmin(MembershipAdmin):
    list_display = [*MembershipAdmin.list_display, "task_force"]
    list_filter = [*MembershipAdmin.list_filter, "task_force"]
