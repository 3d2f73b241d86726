"""API tokens: created for a person, shown once, stored as a SHA-256 hash, revocable, expiring after API_TOKEN_DAYS."""

import hashlib
import secrets
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, throttling

from .backends import PortalBackend
from .models import ApiToken

# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_PRECISION = timedelta(minutes=5)


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name):
    """Create a token for the user and return (token, key); the key is shown once and never stored.

    The token and its audit event commit together: no token exists that the log does not know of.
    """
    from audit import services as audit

    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or _("API token"),
        prefix=key[:8],
        key_hash=_hash(key),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit.record(action="token.create", actor=user, obj=token, details={"name": token.name})
    return token, key


@transaction.atomic
def token_revoke(*, token, actor):
    """Revoke a token: it stops working at once, and the revocation commits with its audit event."""
    from audit import services as audit

    # Locked and read again, so that two revocations at once record one event.
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit.record(action="token.revoke", actor=actor, obj=current, details={"name": current.name})
    token.revoked_at = current.revoked_at


class PortalTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Token <key>` against the stored hashes."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as “Authorization: Token <your token>”."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key), revoked_at__isnull=True).first()
        if token is None or not self.user_may_sign_in(request, token.user):
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it was revoked, or its account is closed.")
            )
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("This token expired on %(date)s. Make a new one on your API tokens page.")
                % {"date": formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")}
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    @staticmethod
    def user_may_sign_in(request, user):
        """Return whether the token's owner may sign in now: the sign-in form's refusals apply to tokens too.

        A token is a sign-in that lasts, so what shuts the sign-in form to an account shuts its tokens as
        well, from the next request, like its sessions: a deactivated account, a demo account once DEBUG is
        off (the sign-in backend's own rule, asked here rather than copied), and an account django-axes
        holds locked after too many wrong passwords (axes' own count for this username, as the sign-in
        form sees it; a lock ends on its own after the cool-off).
        """
        if not PortalBackend().user_can_authenticate(user):
            return False
        credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
        return not (settings.AXES_ENABLED and AxesProxyHandler.is_locked(request._request, credentials))

    def authenticate_header(self, request):
        return self.keyword


class PerTokenRateThrottle(throttling.UserRateThrottle):
    """Limit signed-in clients per API token (a script), or per person for browser sessions."""

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)
