"""The one declaration of the workflow's steps (workplan/workflow/steps.py), and everything that reads it.

The first test pins the declaration to the workflow the portal was designed with (DESIGN.md's table),
written out here by hand: the pages, the API, its schema, the policy and the permission matrix read the
declaration, so this is where a change of the workflow itself must show.
"""

import json

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from members import roles
from tests.workplan.builders import Review
from workplan import policies, workflow
from workplan.apps import check_workflow_steps
from workplan.models import Draft, DraftTransition
from workplan.workflow import steps

pytestmark = pytest.mark.django_db

DESIGNED = {
    # name: (from, to, who, required inputs, gives)
    "submit_for_review": ("drafting", "in_review", roles.CHIEF, set(), "draft"),
    "reopen": ("in_review", "drafting", roles.CHIEF, set(), "draft"),
    "submit_to_chair": ("in_review", "with_chair", roles.CHIEF, set(), "draft"),
    "chair_return": ("with_chair", "drafting", roles.CHAIR, {"remarks"}, "draft"),
    "chair_approve": ("with_chair", "with_council", roles.CHAIR, set(), "draft"),
    "council_return": ("with_council", "returned", roles.CHIEF, {"decision_date", "decision_reference"}, "successor"),
    "council_approve": ("with_council", "published", roles.CHIEF, {"decision_date", "decision_reference"}, "draft"),
}


def test_the_declaration_is_the_designed_workflow():
    declared = {
        step.name: (step.source, step.target, step.role, set(step.required), step.gives)
        for step in steps.STEPS.values()
    }
    assert declared == DESIGNED
    assert all(step.effect is not None for step in steps.STEPS.values())
    assert check_workflow_steps() == []


def test_a_step_declared_without_an_effect_fails_the_system_checks(monkeypatch):
    monkeypatch.setitem(steps.STEPS, "forgotten", steps.Step("forgotten", "drafting", "drafting", roles.CHIEF, "x"))
    errors = check_workflow_steps()
    assert [error.id for error in errors] == ["workplan.E001"]
    assert "forgotten" in errors[0].msg


def test_an_effect_registered_twice_is_refused():
    with pytest.raises(RuntimeError, match="already has an effect"):
        steps.effect("reopen")(lambda **kwargs: None)


@pytest.fixture
def withdraw(monkeypatch):
    """A step that is not in the workflow: declared by one entry and its effect, as a new step would be."""
    ran = []
    step = steps.Step("withdraw", Draft.State.IN_REVIEW, Draft.State.DRAFTING, roles.CHIEF, "Withdraw from review")
    monkeypatch.setitem(steps.STEPS, "withdraw", step)
    steps.effect("withdraw")(lambda *, draft, actor, remarks="": ran.append((draft.pk, actor.pk, remarks)))
    return ran


def test_a_new_step_is_one_entry_and_its_effect_on_every_channel(withdraw, client):
    review = Review()
    review.submit()
    draft = review.draft
    # The policy: the declared role takes it, no one else.
    assert policies.can_act(review.chief, "withdraw", draft)
    assert not policies.can_act(review.chair, "withdraw", draft)
    assert not policies.can_act(review.staff, "withdraw", draft)
    # The draft's page offers it to the chief, with its label.
    client.force_login(review.chief)
    page = client.get(f"/workplan/drafts/{draft.pk}/").content.decode()
    assert 'data-action="withdraw"' in page
    assert "Withdraw from review" in page
    # The page takes it.
    response = client.post(f"/workplan/drafts/{draft.pk}/transition/", {"action": "withdraw", "remarks": "Not yet"})
    assert response.status_code == 302
    assert Draft.objects.get(pk=draft.pk).state == "drafting"
    assert withdraw == [(draft.pk, review.chief.pk, "Not yet")]
    assert DraftTransition.objects.filter(draft=draft, action="withdraw", remarks="Not yet").exists()
    assert AuditEvent.objects.filter(action="workflow.withdraw", object_id=str(draft.pk)).exists()
    # The API takes it too, and refuses it where the state does not allow it.
    workflow.submit_for_review(draft=draft, actor=review.chief)
    url = f"/api/v1/drafts/{draft.pk}/transitions/"
    answer = client.post(url, {"action": "withdraw"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"id": draft.pk, "state": "drafting", "next_draft": None}
    assert client.post(url, {"action": "withdraw"}, content_type="application/json").status_code == 409


def test_a_step_refuses_an_input_it_does_not_take():
    review = Review()
    with pytest.raises(ValidationError) as refused:
        workflow.run("reopen", draft=review.draft, actor=review.chief, due_on=None, decision_reference="x")
    assert set(refused.value.error_dict) == {"due_on", "decision_reference"}
    assert Draft.objects.get(pk=review.draft.pk).state == "drafting"


def test_required_inputs_are_refused_by_name_and_nothing_moves():
    review = Review()
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    with pytest.raises(ValidationError, match="remarks are required"):
        workflow.run("chair_return", draft=review.draft, actor=review.chair, remarks="  ")
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    with pytest.raises(ValidationError) as refused:
        workflow.run("council_approve", draft=review.draft, actor=review.chief, remarks="")
    assert set(refused.value.error_dict) == {"decision_date", "decision_reference"}
    assert Draft.objects.get(pk=review.draft.pk).state == "with_council"


def test_the_schema_describes_every_declared_step(client):
    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    request = schema["components"]["schemas"]["TransitionRequest"]
    action = request["properties"]["action"]
    enum = action.get("enum") or schema["components"]["schemas"][action["allOf"][0]["$ref"].split("/")[-1]]["enum"]
    assert enum == list(steps.STEPS)
    text = json.dumps(schema, ensure_ascii=False)
    for step in steps.STEPS.values():
        assert f"`{step.name}`: {step.source} → {step.target}, by the {step.role} role" in text
        for name in step.input_names:
            if name != "scan":
                assert name in request["properties"]
    examples = schema["paths"]["/api/v1/drafts/{id}/transitions/"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]
    assert {example["value"]["action"] for example in examples.values()} == set(steps.STEPS)
