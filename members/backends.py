"""Authentication: Django's model backend, with demo accounts shut out in production."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from . import roles


class PortalBackend(ModelBackend):
    """Authenticate as Django does, but refuse demo accounts unless DEBUG is on.

    A role's permissions (the chief's admin rights) are its group's, and go
    to whoever holds the role now through a seat (members.roles), not to the
    people once put in the group: a chief replaced in the admin loses them at
    the next request, and the successor has them.
    """

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)

    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(Q(group__user=user_obj) | Q(group__name__in=roles.roles_of(user_obj)))
