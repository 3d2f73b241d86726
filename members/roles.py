"""The portal's roles, and who holds them: the organisation's active memberships.

Which role may do what is decided in workplan/policies.py; this module only
names the roles, tells which ones a user holds, and says the same as a query
over people (`holding`) for the policies that ask from the people's side.

Who holds a role:
- secretariat chief: an active secretariat membership as chief;
- secretariat staff: any other active secretariat membership (deputy or
  member): the chief is not counted as staff, as the chief never was;
- commission chair: an active commission membership as chair;
- commission member: any other active commission membership (vice-chair or
  member): the chair reads every draft already and is not counted a member;
- ministry liaison: an active liaison membership (members.LiaisonMembership),
  for the ministry of that seat, whatever organisation the account names;
- auditor: the auditor group, given by hand: auditors are appointed officials
  who hold no seat.
Superusers hold no role through being superusers (see policies).

Why roles are read from the memberships, not kept as groups in step with them:
the memberships are the organisation's record, and the database keeps them
exact (one active chair, one active chief, one seat per person per body, an
end after the start). Reading them is one source of truth: ending a seat in
the admin, in the seed or in any service ends its powers at the next request,
and no write path can forget to sync a copy. Groups kept in step would be a
second record that every write of a membership (admin forms and inlines, the
seed, a shell) must update in the same transaction, and a copy that drifts
grants powers nobody sees in the organisation's records. The answer is read
once per request and kept on the user object, like the groups were.

The groups stay, under the same names: each carries its role's Django
permissions (the chief's admin rights, `CHIEF_ADMIN_MODELS`), which
members.backends grants to whoever holds the role through a seat; only the
auditor group is still given to people (see members.admin, which offers no
other role group on a person). The chief's seat also opens the admin
(`opens_admin`, members.admin_site); what the chief may change there comes
with the seat too.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import BigIntegerField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast
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

# Roles that come with a seat in the organisation; the others are groups given by hand.
SEATED = [CHIEF, STAFF, LIAISON, CHAIR, MEMBER]

# The chief keeps the organisation up to date in the admin: who sits where.
# Memberships are ended, not deleted, so the history stays.
CHIEF_ADMIN_MODELS = {
    "members": ["organization", "user", "liaisonmembership"],
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


# Which active memberships give each seated role. The apps that keep the seats register them when they
# start (the commission its chair and members, the secretariat its chief and staff; members its own
# liaison seats), so that this module, below them in the house, imports none of them.
_SEATS = {}


def register_seats(role, active_seats):
    """Say which memberships give `role`: `active_seats()` returns the active ones, as a queryset with `person`."""
    _SEATS[role] = active_seats


def seats(role):
    """Return the active memberships that give `role` (a queryset), or None for a role given by group."""
    if role not in SEATED:
        return None
    try:
        return _SEATS[role]()
    except KeyError:
        raise ImproperlyConfigured(f"No app has said which memberships give the role {role!r}.") from None


def holding(role, person=None, **seat_filters):
    """Return a Q over people: those who hold `role` now (`seat_filters` narrow the seats, e.g. a ministry).

    `person` is the expression naming the person, by default the outer query's primary key.
    """
    person = OuterRef("pk") if person is None else person
    held = seats(role)
    if held is None:
        memberships = Group.user_set.through.objects.filter(user=person, group__name=role)
        return Q(Exists(memberships))
    return Q(Exists(held.filter(person=person, **seat_filters)))


# Typed, so that PostgreSQL matches it with the ministry ids of the liaisons' rows in the union.
_NO_MINISTRY = Cast(Value(None), BigIntegerField())


def _held_by(person_id):
    """Return, as one union queryset, the roles and liaison ministries `person_id` holds now."""
    rows = [
        seats(role)
        .filter(person_id=person_id)
        .order_by()
        .values_list(Value(role), "ministry_id" if role == LIAISON else _NO_MINISTRY)
        for role in SEATED
    ]
    rows.append(
        Group.user_set.through.objects.filter(user_id=person_id, group__name=AUDITOR)
        .order_by()
        .values_list(Value(AUDITOR), _NO_MINISTRY)
    )
    return rows[0].union(*rows[1:], all=True).order_by()


# Building the union above costs far more than running it (about 10 ms of Python per request), and its
# SQL is the same for everyone but the person's id: it is compiled once per database and set of
# registered seats, with a probe id whose places in the parameters are then filled with each person's.
_PROBE = -7_364_519_031
_COMPILED = {}


def _compiled(alias):
    key = (alias, tuple(_SEATS.items()))
    if key not in _COMPILED:
        sql, params = _held_by(_PROBE).query.get_compiler(using=alias).as_sql()
        _COMPILED[key] = (sql, tuple(params), frozenset(i for i, value in enumerate(params) if value == _PROBE))
    return _COMPILED[key]


def _load(user):
    """Read the user's roles and liaison ministries in one query; keep them on the user for the request."""
    alias = router.db_for_read(Group)
    sql, params, probes = _compiled(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user.pk if index in probes else value for index, value in enumerate(params)])
        found = cursor.fetchall()
    user._portal_roles = {role for role, _ministry in found}
    user._portal_ministries = frozenset(ministry for role, ministry in found if role == LIAISON)


def roles_of(user):
    """Return the set of role names the user holds (empty when signed out)."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_portal_roles", None) is None:
        _load(user)
    return user._portal_roles


def liaison_ministries(user):
    """Return the ids of the ministries the user is a liaison for now (empty when signed out)."""
    if not user.is_authenticated:
        return frozenset()
    if getattr(user, "_portal_ministries", None) is None:
        _load(user)
    return user._portal_ministries


def opens_admin(user):
    """Return whether the user may open the admin: superusers, staff by hand, and the chief by their seat."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_staff or CHIEF in roles_of(user)
