from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

        post_migrate.connect(_ensure_roles, sender=self)
        user_logged_in.connect(_remember_session, dispatch_uid="members.remember_session")


def _ensure_roles(sender, apps=None, **kwargs):
    """Recreate the role groups after migrate or a flush (tests empty every table)."""
    from django.apps import apps as global_apps

    from . import roles

    roles.ensure_groups(apps or global_apps)


def _remember_session(sender, request, user, **kwargs):
    """Record the session a person signed in with (see members.services.user_deactivate)."""
    from . import services

    session = getattr(request, "session", None)
    if session is not None:
        services.session_remember(user=user, session_key=session.session_key)
