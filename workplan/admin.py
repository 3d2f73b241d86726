"""The work plan in the admin: for looking things up, through the same policies as the pages.

Drafts are written in the section editor and moved by the workflow, never
edited here: the admin shows only what the user may see, and changes nothing.
"""

from django.contrib import admin

from members import roles
from workplan import policies
from workplan.models import Draft, Plan, Section, SectionRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    # Who sees which rows is the policies' answer (get_queryset), not a global
    # model permission: a staff user sees here exactly what the pages show them.
    def has_module_permission(self, request):
        return roles.opens_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "first_year", "last_year"]
    search_fields = ["name_en", "name_km"]
    list_filter = ["first_year"]

    def get_queryset(self, request):
        return policies.visible_plans(request.user, super().get_queryset(request))


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "state", "created_by", "created_at"]
    # Only the plans of the drafts listed: a plain "plan" filter would name every plan, seen or not.
    list_filter = ["state", ("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["plan__name_en", "plan__name_km"]
    list_select_related = ["plan", "created_by"]

    def get_queryset(self, request):
        return policies.visible_drafts(request.user, super().get_queryset(request))


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["title_en", "draft", "task_force", "version", "updated_by", "updated_at"]
    list_filter = ["task_force", "draft__state"]
    search_fields = ["title_en", "title_km"]
    list_select_related = ["draft__plan", "task_force", "updated_by"]
    exclude = ["body_en", "body_km"]

    def get_queryset(self, request):
        return policies.visible_sections(request.user, super().get_queryset(request))


@admin.register(SectionRevision)
class SectionRevisionAdmin(ReadOnlyAdmin):
    list_display = ["section", "number", "author", "created_at", "summary"]
    list_filter = ["section__task_force"]
    search_fields = ["summary", "section__title_en"]
    list_select_related = ["section__draft__plan", "author"]
    exclude = ["body_en", "body_km", "rows"]

    def get_queryset(self, request):
        sections = policies.visible_sections(request.user)
        return super().get_queryset(request).filter(section__in=sections)
