"""Authentication: Django's model backend, with demo accounts shut out in production."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Authenticate as Django does, but refuse demo accounts unless DEBUG is on."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)
