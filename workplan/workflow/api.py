"""The workflow API: one endpoint takes any step declared in `workplan.workflow.steps`.

The request's fields, their documentation, the examples in the OpenAPI schema and what the answer gives
back are all read from the declaration, so a new step appears here with nothing else to write.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ProblemAutoSchema, problem
from workplan import policies, workflow
from workplan.api import PROBLEM, act
from workplan.workflow import steps

# How the API asks for each kind of input a step declares. Files (the Council's scan) are sent from the page.
_FIELDS = {
    "text": lambda: serializers.CharField(allow_blank=True, required=False),
    "date": lambda: serializers.DateField(required=False, allow_null=True),
    "reference": lambda: serializers.CharField(max_length=100, required=False, allow_blank=True),
}


def _describe(step):
    taken = ", ".join(f"`{name}`" + (" (required)" if name in step.required else "") for name in step.input_names)
    gives = " Answers with `next_draft`, the draft that opens after it." if step.gives == steps.SUCCESSOR else ""
    return f"- `{step.name}`: {step.source} → {step.target}, by the {step.role} role; takes {taken}.{gives}"


class TransitionSerializer(serializers.Serializer):
    """A step to take and its inputs; the fields are read from the declaration each time."""

    def get_fields(self):
        fields = super().get_fields()
        fields["action"] = serializers.ChoiceField(
            choices=list(steps.STEPS),
            help_text="The step to take:\n" + "\n".join(_describe(step) for step in steps.STEPS.values()),
        )
        inputs = {field.name: field for step in steps.STEPS.values() for field in step.inputs if field.kind in _FIELDS}
        for name, field in inputs.items():
            fields[name] = _FIELDS[field.kind]()
            fields[name].help_text = str(field.help_text) or None
        return fields

    def step_inputs(self):
        """Return the inputs the chosen step takes, as the client sent them."""
        step = steps.get(self.validated_data["action"])
        return {name: self.validated_data[name] for name in step.input_names if name in self.validated_data}


def _example(step):
    value = {"action": step.name}
    samples = {
        "remarks": "",
        "due_on": "2010-02-15",
        "decision_date": "2010-03-01",
        "decision_reference": "No. 123 SSR",
    }
    value.update({name: samples[name] for name in step.input_names if name in step.required or name == "remarks"})
    return OpenApiExample(str(step.label), value=value, request_only=True)


class _StepSchema(ProblemAutoSchema):
    """Examples of every declared step, read when the schema is drawn."""

    def get_examples(self):
        return [_example(step) for step in steps.STEPS.values()]


@extend_schema(
    request=TransitionSerializer,
    responses={
        200: inline_serializer(
            "TransitionResult",
            {
                "id": serializers.IntegerField(),
                "state": serializers.CharField(),
                "next_draft": serializers.IntegerField(allow_null=True),
            },
        ),
        400: PROBLEM,
        403: PROBLEM,
        404: PROBLEM,
        409: PROBLEM,
    },
)
class DraftTransitionView(APIView):
    """Move a draft one step: 200 with the new state, 409 when its state does not allow it."""

    schema = _StepSchema()

    def post(self, request, pk):
        draft = generics.get_object_or_404(policies.visible_drafts(request.user), pk=pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = steps.get(serializer.validated_data["action"])
        try:
            result = act(lambda: workflow.run(step.name, draft=draft, actor=request.user, **serializer.step_inputs()))
        except workflow.WorkflowConflict as error:
            return problem(status.HTTP_409_CONFLICT, str(error))
        draft.refresh_from_db(fields=["state"])
        next_draft = result.pk if step.gives == steps.SUCCESSOR else None
        return Response({"id": draft.pk, "state": draft.state, "next_draft": next_draft})
