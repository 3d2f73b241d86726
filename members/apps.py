from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_migrate

        from audit import policies as audit_policies

        from . import (
            accounts,  # noqa: F401  (declares the password e-mails' notification kinds)
            audit_sentences,
            roles,
            schema,  # noqa: F401  (registers the token scheme with drf-spectacular)
            second_factor,  # noqa: F401  (declares the second factor's notification kinds)
        )
        from .models import LiaisonMembership

        roles.register_seats(roles.LIAISON, lambda: LiaisonMembership.objects.active())

        post_migrate.connect(_ensure_roles, sender=self)
        audit_policies.register_reader(_holds_auditor_role)
        audit_sentences.register()
        user_logged_in.connect(_remember_session, dispatch_uid="members.remember_session")
        user_login_failed.connect(_count_failure, dispatch_uid="members.count_failure")


def _ensure_roles(sender, apps=None, **kwargs):
    """Recreate the role groups after migrate or a flush (tests empty every table)."""
    from django.apps import apps as global_apps

    from . import roles

    roles.ensure_groups(apps or global_apps)


def _holds_auditor_role(user):
    """Return whether the user holds the auditor role: audit.policies opens the log to them."""
    from . import roles

    return roles.AUDITOR in roles.roles_of(user)


def _count_failure(sender, credentials=None, request=None, **kwargs):
    """Count a wrong sign-in against its address (members.signin_delay), whichever door it came through."""
    from . import signin_delay

    signin_delay.failed(request)


def _remember_session(sender, request, user, **kwargs):
    """Record the session a person signed in with (see members.services.user_deactivate).

    The session also notes whether its person has an authenticator app: two-step sign-in asks for its code
    before any page (members.second_factor), and reads the answer from the session, not the database.
    """
    from . import second_factor, services
    from .sessions import remember_sign_in

    session = getattr(request, "session", None)
    if session is not None:
        remember_sign_in(session)
        session[second_factor.HAS_FACTOR] = second_factor.authenticator(user) is not None
        services.session_remember(user=user, session_key=session.session_key)
