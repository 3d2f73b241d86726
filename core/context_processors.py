"""Template context shared by every page."""

from members import roles


def portal(request):
    """Add the signed-in user's roles."""
    return {"portal_roles": roles.roles_of(request.user) if hasattr(request, "user") else set()}
