"""Reads are audited at the boundary: one mechanism for pages and API views alike.

A view that shows confidential content says what it read (`self.audit_read(obj, "section.read")`) as it
fetches it; once the view has answered successfully, the mixin writes one audit event per object read,
in its own transaction. A refused or failed request (404, 403, 400, 500) has read nothing and writes
nothing. Selectors only read; they never write the audit log.

Which objects are confidential is the domain's knowledge: a view's `is_audited(obj)` answers it
(`workplan.reads.ConfidentialReadMixin` for the work plan), so this module imports no domain app.
"""

from django.db import transaction

from . import services


class AuditedReadMixin:
    """Audit the reads a view makes, after it has answered successfully (Django and DRF views alike)."""

    def audit_read(self, obj, action, **details):
        """Note that the view reads `obj` (audited as `action` once the view has answered); return `obj`."""
        self._audited_reads.append((obj, action, details))
        return obj

    def is_audited(self, obj):
        """Return whether reading `obj` is audited (every read, unless a subclass says otherwise)."""
        return True

    def dispatch(self, request, *args, **kwargs):
        self._audited_reads = []
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code < 400 and self._audited_reads:
            # One transaction for all the view's reads; no savepoint, so inside a caller's transaction it costs nothing.
            with transaction.atomic(savepoint=False):
                for obj, action, details in self._audited_reads:
                    if self.is_audited(obj):
                        services.record(action=action, obj=obj, request=request, details=details or None)
        return response
