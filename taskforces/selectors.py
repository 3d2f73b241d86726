"""Reads of the task forces, in a fixed number of queries."""

from django.db.models import Prefetch

from core.selectors import active_by_role

from .models import TaskForce, TaskForceMembership


def task_force_list():
    """Return the task forces with their active members (two queries)."""
    members = active_by_role(TaskForceMembership, [TaskForceMembership.Role.LEAD])
    return TaskForce.objects.order_by("order", "code").prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="active_memberships")
    )
