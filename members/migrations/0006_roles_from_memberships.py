"""Roles come from the organisation's memberships: give liaisons a seat, and stop giving role groups to people.

Every member of the ministry_liaison group whose account names a ministry
gets an active liaison seat for it, from today, so each liaison keeps the
reviews of the same ministry. The groups of the seated roles then keep only
their permissions (members.roles): they are emptied of people. An active
person who holds such a group without the seat that now gives the role would
lose it without anyone deciding so; the migration stops and names them instead.
"""

from django.db import migrations
from django.utils import timezone

from members import roles


def _seat_holders(apps):
    """Return {role: queryset of the person ids holding the role's seat now}, with the historical models."""
    Secretariat = apps.get_model("commission", "SecretariatMembership")
    Commission = apps.get_model("commission", "CommissionMembership")
    Liaison = apps.get_model("members", "LiaisonMembership")
    secretariat = Secretariat.objects.filter(ended_on__isnull=True)
    commission = Commission.objects.filter(ended_on__isnull=True)
    return {
        roles.CHIEF: secretariat.filter(role="chief").values("person"),
        roles.STAFF: secretariat.exclude(role="chief").values("person"),
        roles.CHAIR: commission.filter(role="chair").values("person"),
        roles.MEMBER: commission.exclude(role="chair").values("person"),
        roles.LIAISON: Liaison.objects.filter(ended_on__isnull=True).values("person"),
    }


def seat_the_liaisons(apps, schema_editor):
    User = apps.get_model("members", "User")
    Liaison = apps.get_model("members", "LiaisonMembership")
    today = timezone.localdate()
    liaisons = User.objects.filter(groups__name=roles.LIAISON, organization__kind="ministry")
    Liaison.objects.bulk_create(
        Liaison(person_id=pk, ministry_id=ministry, started_on=today)
        for pk, ministry in liaisons.values_list("pk", "organization_id")
    )
    holders = _seat_holders(apps)
    unseated = []
    for role in roles.SEATED:
        people = User.objects.filter(groups__name=role, is_active=True).exclude(pk__in=holders[role])
        if role == roles.LIAISON:
            # Without a ministry a liaison reviewed nothing: there is nothing to keep.
            people = people.filter(organization__kind="ministry")
        unseated += [f"{username} ({role})" for username in people.values_list("username", flat=True)]
    if unseated:
        raise RuntimeError(
            "Roles now come from the organisation's memberships, and these people hold a role group without "
            "the seat that gives the role: " + ", ".join(unseated) + ". Give each the seat (or take the group "
            "away) with the previous version, then migrate again."
        )
    User.groups.through.objects.filter(group__name__in=roles.SEATED).delete()


def give_the_groups_back(apps, schema_editor):
    User = apps.get_model("members", "User")
    Group = apps.get_model("auth", "Group")
    Through = User.groups.through
    for role, people in _seat_holders(apps).items():
        group = Group.objects.get(name=role)
        Through.objects.bulk_create(
            [Through(user_id=pk, group_id=group.pk) for pk in people.values_list("person", flat=True).distinct()],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_liaisonmembership"),
        ("commission", "0003_rules"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seat_the_liaisons, give_the_groups_back)]
