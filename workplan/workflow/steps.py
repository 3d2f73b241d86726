"""The one declaration of the workflow's steps.

Each step is declared once: the state it leaves and the state it reaches, the role that takes it, its
label in the reader's language, the inputs it takes and which of them it requires, and what it gives back
(the same draft, or the draft that opens after it). The draft's page and its form, the Council's page, the
API's transitions endpoint and its OpenAPI description, `workplan.policies.can_act` and the tests read this
table; `workplan.workflow.services` runs a step and holds what each one does (its effect).

Adding a step is one entry here plus its effect in services (`@effect("name")`); a step declared without
an effect fails the system checks (`missing_effects`, run by `manage.py check` and at start-up).
"""

import dataclasses
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from members import roles
from workplan.models import CouncilDecision, Draft

State = Draft.State


@dataclasses.dataclass(frozen=True)
class Input:
    """An input a step takes beyond the draft and the person taking it."""

    name: str
    label: str
    kind: str  # "text", "date", "reference" or "file": how pages and the API ask for it
    help_text: str = ""


REMARKS = Input("remarks", _("Remarks"), "text")
DUE_ON = Input("due_on", _("Reviews due on"), "date", _("Fourteen days from today when left empty."))
DECISION_DATE = Input("decision_date", _("Date of the decision"), "date")
DECISION_REFERENCE = Input("decision_reference", _("Decision reference"), "reference")
SCAN = Input("scan", _("Scanned decision (PDF)"), "file", _("Optional. A PDF of at most 20 MB."))


# What a step gives back: the draft it moved, or the successor draft it opened.
SAME_DRAFT = "draft"
SUCCESSOR = "successor"


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of the workflow: one move from one state to another, taken by one role."""

    name: str
    source: str
    target: str
    role: str
    label: str
    inputs: tuple[Input, ...] = (REMARKS,)
    required: frozenset[str] = frozenset()
    gives: str = SAME_DRAFT
    # Steps that record the Council's decision are taken on its own page (a scan, a date, a reference) and
    # cannot be undone; `outcome` is the decision they record.
    outcome: str = ""
    effect: Callable | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def input_names(self):
        return [field.name for field in self.inputs]

    @property
    def records_council_decision(self):
        return bool(self.outcome)

    @property
    def goes_back(self):
        """Whether the step sends the draft back (shown as the secondary choice beside the step forward)."""
        return self.target in (State.DRAFTING, State.RETURNED)


STEPS = {
    step.name: step
    for step in (
        Step(
            "submit_for_review",
            State.DRAFTING,
            State.IN_REVIEW,
            roles.CHIEF,
            _("Submit for review by the ministries"),
            inputs=(DUE_ON, REMARKS),
        ),
        Step("reopen", State.IN_REVIEW, State.DRAFTING, roles.CHIEF, _("Reopen for drafting")),
        Step("submit_to_chair", State.IN_REVIEW, State.WITH_CHAIR, roles.CHIEF, _("Submit to the chair")),
        Step(
            "chair_return",
            State.WITH_CHAIR,
            State.DRAFTING,
            roles.CHAIR,
            _("Return to the secretariat"),
            required=frozenset({"remarks"}),
        ),
        Step(
            "chair_approve",
            State.WITH_CHAIR,
            State.WITH_COUNCIL,
            roles.CHAIR,
            _("Approve and send to the Council of Ministers"),
        ),
        Step(
            "council_return",
            State.WITH_COUNCIL,
            State.RETURNED,
            roles.CHIEF,
            _("Record the Council's decision: returned"),
            inputs=(DECISION_DATE, DECISION_REFERENCE, REMARKS, SCAN),
            required=frozenset({"decision_date", "decision_reference"}),
            gives=SUCCESSOR,
            outcome=CouncilDecision.Outcome.RETURN,
        ),
        Step(
            "council_approve",
            State.WITH_COUNCIL,
            State.PUBLISHED,
            roles.CHIEF,
            _("Record the Council's decision: approved"),
            inputs=(DECISION_DATE, DECISION_REFERENCE, REMARKS, SCAN),
            required=frozenset({"decision_date", "decision_reference"}),
            outcome=CouncilDecision.Outcome.APPROVE,
        ),
    )
}


def get(name):
    """Return the step called `name`, or None."""
    return STEPS.get(name)


def leaving(state):
    """Return the steps that leave `state`, in the order they are declared."""
    return [step for step in STEPS.values() if step.source == state]


def deciding(outcome):
    """Return the step that records the Council's `outcome`."""
    return next(step for step in STEPS.values() if step.outcome == outcome)


def effect(name):
    """Register the decorated function as what the step `name` does, once the draft has moved."""

    def register(function):
        step = STEPS[name]
        if step.effect is not None:
            raise RuntimeError(f"The workflow step {name!r} already has an effect.")
        object.__setattr__(step, "effect", function)
        return function

    return register


def missing_effects():
    """Return the names of the declared steps that have no effect registered."""
    from workplan.workflow import services  # noqa: F401 - registers the effects

    return [name for name, step in STEPS.items() if step.effect is None]
