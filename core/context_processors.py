"""Template context shared by every page."""

from members import roles

# Each language is offered in its own script, so a reader finds theirs
# whatever language the page is in now.
LANGUAGE_SWITCH = [("km", "ខ្មែរ"), ("en", "English")]


def portal(request):
    """Add the language switch and the signed-in user's roles."""
    return {
        "portal_languages": LANGUAGE_SWITCH,
        "portal_roles": roles.roles_of(request.user) if hasattr(request, "user") else set(),
    }
