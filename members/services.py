"""Writes about people's accounts."""

from importlib import import_module

from django.conf import settings
from django.db import transaction

from .models import UserSession


def session_remember(*, user, session_key):
    """Remember that the user signed in with this session."""
    if session_key:
        UserSession.objects.get_or_create(user=user, session_key=session_key)


@transaction.atomic
def user_deactivate(*, user, actor):
    """Deactivate an account and end every session it signed in with."""
    from audit import services as audit

    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    sessions_end(user=user)
    audit.record(action="account.deactivate", actor=actor, obj=user, details={"username": user.username})


def sessions_end(*, user):
    """End every session the user signed in with, whatever the session backend."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)
