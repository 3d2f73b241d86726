"""Reads of the workflow: what waits for the chair, through workplan.policies."""

from workplan import policies
from workplan.models import (
    Draft,
)


def submitted_to_chair(user):
    """Return the drafts with the chair that the user may see, with their plans."""
    return list(
        policies.visible_drafts(user)
        .filter(state=Draft.State.WITH_CHAIR)
        .select_related("plan", "based_on")
        .order_by("plan", "-number")
    )
