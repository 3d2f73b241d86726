"""Template context shared by every page."""

from functools import partial

from members import roles
from notifications.selectors import unread_count

# Each language is offered in its own script, so a reader finds theirs
# whatever language the page is in now.
LANGUAGE_SWITCH = [("km", "ខ្មែរ"), ("en", "English")]


def portal(request):
    """Add the language switch, the signed-in user's roles and (counted when shown) their unread notifications."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "portal_languages": LANGUAGE_SWITCH,
        "portal_roles": roles.roles_of(user) if user is not None else set(),
        "portal_admin": signed_in and roles.opens_admin(user),
        # A callable: templates call it, so the count is queried only on pages that show it.
        "portal_unread": partial(unread_count, user) if signed_in else 0,
    }
