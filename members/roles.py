"""The portal's roles, as Django groups (created by a data migration).

Which role may do what is decided in workplan/policies.py; this module only
names the roles and tells which ones a user holds.
"""

from django.utils.translation import gettext_lazy as _

CHIEF = "secretariat_chief"
STAFF = "secretariat_staff"
LIAISON = "ministry_liaison"
CHAIR = "commission_chair"
MEMBER = "commission_member"
AUDITOR = "auditor"

LABELS = {
    CHIEF: _("Secretariat chief"),
    STAFF: _("Secretariat staff"),
    LIAISON: _("Ministry liaison"),
    CHAIR: _("Commission chair"),
    MEMBER: _("Commission member"),
    AUDITOR: _("Auditor"),
}

ALL = list(LABELS)


def roles_of(user):
    """Return the set of role names the user holds (empty when signed out)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ALL).values_list("name", flat=True))
        user._portal_roles = cached
    return cached
