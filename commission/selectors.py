"""Reads of the commission's public composition, in a fixed number of queries."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from core.selectors import active_by_role
from members.models import Organization
from taskforces.selectors import task_force_list

from .models import Commission, CommissionMembership, SecretariatMembership


def commission_get():
    """Return the commission with its members, secretariat, task forces and ministries, or None.

    Six queries, however many people sit in each body.
    """
    commission_roles = [CommissionMembership.Role.CHAIR, CommissionMembership.Role.VICE_CHAIR]
    secretariat_roles = [SecretariatMembership.Role.CHIEF, SecretariatMembership.Role.DEPUTY]
    task_forces = task_force_list()
    return (
        Commission.objects.select_related("sub_decree", "secretariat")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=active_by_role(CommissionMembership, commission_roles),
                to_attr="active_memberships",
            ),
            Prefetch("ministries", queryset=Organization.objects.order_by("name_en")),
            Prefetch(
                "secretariat__memberships",
                queryset=active_by_role(SecretariatMembership, secretariat_roles),
                to_attr="active_memberships",
            ),
            Prefetch("secretariat__task_forces", queryset=task_forces),
        )
        .order_by("id")
        .first()
    )


def commission_summary():
    """Return the counts shown on the home page, in one query (None before seeding)."""
    active_secretariat = SecretariatMembership.objects.active().filter(secretariat__commission=OuterRef("pk"))
    return (
        Commission.objects.annotate(
            member_count=Count("memberships", filter=Q(memberships__ended_on__isnull=True), distinct=True),
            ministry_count=Count("ministries", distinct=True),
            secretariat_count=Subquery(
                active_secretariat.values("secretariat").annotate(n=Count("id")).values("n")[:1]
            ),
            task_force_count=Count("secretariat__task_forces", distinct=True),
        )
        .values("member_count", "ministry_count", "secretariat_count", "task_force_count")
        .order_by("id")
        .first()
    )
