"""Reads that span the slices: a person's work, for the dashboard."""

from members import roles
from workplan import policies
from workplan.models import Draft
from workplan.review.selectors import my_open_reviews
from workplan.workflow.selectors import submitted_to_chair


def my_work(user):
    """Return what needs the user now, by role, in a fixed number of queries."""
    held = roles.roles_of(user)
    work = {}
    open_drafts = policies.visible_drafts(user).exclude(state__in=Draft.CLOSED).select_related("plan")
    if held & {roles.CHIEF, roles.STAFF, roles.CHAIR, roles.MEMBER} or user.is_superuser:
        work["drafts"] = list(open_drafts.order_by("plan", "-number"))
    if roles.STAFF in held:
        task_forces = policies._task_force_ids(user)
        work["my_sections"] = list(
            policies.visible_sections(user)
            .filter(task_force_id__in=task_forces, draft__state__in=Draft.EDITABLE)
            .select_related("draft__plan", "task_force")
            .order_by("draft", "order")
        )
    if roles.LIAISON in held:
        work["my_reviews"] = my_open_reviews(user)
    if roles.CHAIR in held:
        work["with_chair"] = submitted_to_chair(user)
    return work
