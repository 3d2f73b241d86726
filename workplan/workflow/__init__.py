"""Workflow and publication: every state change of a draft, the Council's decision, the published document.

`steps` declares each step once (from, to, who, labels, fields, result); `services` holds what each
step does. Views, the API, the policy layer, the OpenAPI schema and the tests read the declaration.
"""

from .services import (
    ACTION_LABELS,
    TRANSITIONS,
    WorkflowConflict,
    actions_for,
    chair_approve,
    chair_return,
    council_approve,
    council_return,
    reopen,
    run,
    submit_for_review,
    submit_to_chair,
    unapproved_sections,
)

__all__ = [
    "ACTION_LABELS",
    "TRANSITIONS",
    "WorkflowConflict",
    "actions_for",
    "chair_approve",
    "chair_return",
    "council_approve",
    "council_return",
    "reopen",
    "run",
    "submit_for_review",
    "submit_to_chair",
    "unapproved_sections",
]
