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

# The chief keeps the organisation up to date in the admin: who sits where.
# Memberships are ended, not deleted, so the history stays.
CHIEF_ADMIN_MODELS = {
    "members": ["organization", "user"],
    "commission": ["subdecree", "commission", "commissionmembership", "secretariat", "secretariatmembership"],
    "taskforces": ["taskforce", "taskforcemembership"],
}


def ensure_groups(apps):
    """Create the role groups and the chief's admin permissions where missing.

    Run by the data migration and after every `migrate` or test-database
    flush (members.apps), so the roles exist whatever emptied the tables.
    `apps` is the app registry to use (historical models in a migration).
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for label in CHIEF_ADMIN_MODELS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL}
    for label, models in CHIEF_ADMIN_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ("view", "add", "change")]
        groups[CHIEF].permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))
    return groups


def roles_of(user):
    """Return the set of role names the user holds (empty when signed out)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ALL).values_list("name", flat=True))
        user._portal_roles = cached
    return cached
