"""The audit log in the admin: read-only, and each look at it recorded like the audit page."""

from django.contrib import admin

from . import policies, services
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "actor_label", "action", "object_type", "object_id", "outcome", "address"]
    list_filter = ["action", "outcome"]
    # Exact matches: a substring search would read every event.
    search_fields = ["=actor_label", "=object_id"]
    ordering = ["-id"]
    actions = None
    show_full_result_count = False
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    # Auditors (and superusers) read the log; no model permission opens it to anyone else.
    def has_module_permission(self, request):
        return request.user.is_staff and policies.can_read_log(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _record_read(self, request, **kwargs):
        allowed = self.has_view_permission(request)
        outcome = AuditEvent.Outcome.OK if allowed else AuditEvent.Outcome.DENIED
        services.record(action="audit.read", request=request, outcome=outcome, **kwargs)

    def changelist_view(self, request, extra_context=None):
        self._record_read(request, details={"via": "admin", "query": request.GET.urlencode()[:500]})
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._record_read(
            request, object_type=AuditEvent._meta.label_lower, object_id=object_id[:100], details={"via": "admin"}
        )
        return super().change_view(request, object_id, form_url, extra_context)
