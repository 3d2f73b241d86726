"""Sign-ins, failed sign-ins and sign-outs go into the audit log; so does a fresh head after a flush."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS

from . import services
from .models import AuditEvent

# Longer than any username the sign-in form accepts: nothing longer is worth keeping.
_USERNAME_LIMIT = 150


def logged_in(sender, request, user, **kwargs):
    """Record a sign-in."""
    services.record(action="auth.login", actor=user, obj=user, request=request)


def logged_out(sender, request, user, **kwargs):
    """Record a sign-out (the user is None when the session had already ended)."""
    services.record(action="auth.logout", actor=user, obj=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    """Record a refused sign-in with the username tried, never the password.

    django-axes marks the request when the account is locked: the failure that
    locks it and every attempt refused during the lock are recorded as denied.
    """
    field = get_user_model().USERNAME_FIELD
    tried = str(credentials.get(field) or credentials.get("username") or "")[:_USERNAME_LIMIT]
    locked_out = bool(getattr(request, "axes_locked_out", False))
    services.record(
        action="auth.login_failed",
        outcome=AuditEvent.Outcome.DENIED if locked_out else AuditEvent.Outcome.FAILED,
        details={"username": tried, "locked_out": locked_out},
        request=request,
    )


def ensure_head(sender, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """Recreate the chain head after migrate or a flush (the test runner empties every table)."""
    if apps is not None:
        try:
            apps.get_model("audit", "AuditChainHead")
        except LookupError:  # migrated back to before the audit tables
            return
    services.ensure_head(using)
