"""Pages for the workflow: a step taken from the draft's page, the chair's desk, the Council's decision.

Each step and its form come from the declaration (`workplan.workflow.steps`); the views read through
selectors (policies), take steps through `workflow.run`, and decide nothing. A user who may not see the
draft gets 404; one who may see it but not take the step gets 403; a step the draft's state does not
allow is refused with a message (409 in the API).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from members import second_factor
from workplan import policies, workflow
from workplan.drafting import bounded, redline, rows, selectors
from workplan.models import CouncilDecision, Draft, content_of
from workplan.reads import ConfidentialReadMixin
from workplan.workflow import selectors as workflow_selectors
from workplan.workflow import steps


def _errors(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


class TransitionForm(forms.Form):
    """A step taken from the draft's page: its name and the inputs it declares (remarks, a due date)."""

    action = forms.ChoiceField(choices=lambda: [(step.name, step.label) for step in steps.STEPS.values()])
    remarks = forms.CharField(label=gettext_lazy("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(
        label=gettext_lazy("Reviews due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def step_inputs(self):
        """Return the inputs the chosen step takes, as given; a date left empty is left to the step's default."""
        step = steps.get(self.cleaned_data["action"])
        given = {name: self.cleaned_data[name] for name in step.input_names if name in self.fields}
        return {name: value for name, value in given.items() if value is not None}


class CouncilForm(second_factor.StepUpFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("The Council's decision"), choices=CouncilDecision.Outcome.choices, widget=forms.RadioSelect
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_reference = forms.CharField(label=gettext_lazy("Decision reference"), max_length=100)
    remarks = forms.CharField(label=gettext_lazy("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scan = forms.FileField(
        label=gettext_lazy("Scanned decision (PDF)"),
        required=False,
        help_text=gettext_lazy("Optional. A PDF of at most 20 MB."),
    )

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and (scan.size > 20 * 1024 * 1024 or not scan.read(5).startswith(b"%PDF-")):
            raise ValidationError(_("Upload the decision as a PDF file of at most 20 MB."))
        if scan:
            scan.seek(0)
        return scan


class DraftTransitionView(LoginRequiredMixin, View):
    """Move a draft one step through the workflow."""

    def post(self, request, pk):
        draft = selectors.draft_get(request.user, pk)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid step."))
            return redirect("workplan:draft", pk=draft.pk)
        step = steps.get(form.cleaned_data["action"])
        if step.records_council_decision:
            return redirect("workplan:council", pk=draft.pk)
        try:
            workflow.run(step.name, draft=draft, actor=request.user, **form.step_inputs())
        except workflow.WorkflowConflict as error:
            messages.error(request, str(error))
            return redirect("workplan:draft", pk=draft.pk)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("workplan:draft", pk=draft.pk)
        messages.success(request, _("Done: %(action)s.") % {"action": step.label})
        if selectors.draft_visible(request.user, draft.pk):
            return redirect("workplan:draft", pk=draft.pk)
        return redirect("workplan:home")


def _council_steps():
    return [step for step in steps.STEPS.values() if step.records_council_decision]


class CouncilDecisionView(LoginRequiredMixin, TemplateView):
    """The chief records the Council of Ministers' decision, which publishes or returns the draft."""

    template_name = "workplan/workflow/council_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.draft = selectors.draft_get(request.user, kwargs["pk"])
        if not any(policies.can_act(request.user, step.name, self.draft) for step in _council_steps()):
            raise PermissionDenied(_("Only the secretariat chief records the Council's decision."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            draft=self.draft, form=kwargs.pop("form", None) or CouncilForm(request=self.request), **kwargs
        )

    def post(self, request, pk):
        form = CouncilForm(request.POST, request.FILES, request=request)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        step = steps.deciding(data["decision"])
        try:
            result = workflow.run(
                step.name,
                draft=self.draft,
                actor=request.user,
                decision_date=data["decision_date"],
                decision_reference=data["decision_reference"],
                remarks=data["remarks"],
                scan=data["scan"],
            )
        except workflow.WorkflowConflict as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if step.gives != steps.SUCCESSOR:
            messages.success(request, _("The plan is published."))
            return redirect("public-plan", pk=self.draft.plan_id)
        messages.success(request, _("The draft is returned; draft %(number)s is open.") % {"number": result.number})
        return redirect("workplan:draft", pk=result.pk)


class CouncilScanView(LoginRequiredMixin, ConfidentialReadMixin, View):
    """Download the scanned Council decision, for those who may see the draft."""

    def get(self, request, pk):
        draft = selectors.draft_get(request.user, pk)
        decision = CouncilDecision.objects.filter(draft=draft).exclude(scan="").first()
        if decision is None:
            raise Http404
        self.audit_read(draft, "council.scan")
        return FileResponse(decision.scan.open("rb"), as_attachment=True, filename=f"council-decision-{draft.pk}.pdf")


class ChairView(LoginRequiredMixin, TemplateView):
    """Everything submitted to the chair, with a redline against the previous draft."""

    template_name = "workplan/workflow/chair.html"

    def get_context_data(self, **kwargs):
        drafts = workflow_selectors.submitted_to_chair(self.request.user)
        for draft in drafts:
            draft.actions = workflow.steps_for(self.request.user, draft)
        return super().get_context_data(drafts=drafts, **kwargs)


class DraftRedlineView(LoginRequiredMixin, ConfidentialReadMixin, TemplateView):
    """The whole draft compared with the draft it is based on: text and plan rows, section by section."""

    template_name = "workplan/workflow/draft_redline.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        draft = selectors.draft_get(user, self.kwargs["pk"])
        if not policies.can_see_whole_draft(user, draft):
            raise Http404
        self.audit_read(draft, "draft.redline")
        previous = draft.based_on if draft.based_on and policies.can_see_whole_draft(user, draft.based_on) else None
        old_sections = (
            {section.key: section for section in selectors.draft_sections_with_rows(previous)} if previous else {}
        )
        names = selectors.organization_names()
        # One budget for the whole draft's comparisons: past it, changed paragraphs are shown whole, and the page
        # says so.
        budget = bounded.Budget()
        comparisons = []
        for section in selectors.draft_sections_with_rows(draft):
            new = content_of(section, rows=rows.snapshot(section))
            old_section = old_sections.get(section.key)
            old = (
                content_of(old_section, rows=rows.snapshot(old_section))
                if old_section
                else {"title_en": "", "title_km": "", "body_en": "", "body_km": "", "rows": []}
            )
            comparisons.append(
                {
                    "section": section,
                    "title_en": redline.redline_text(old["title_en"], new["title_en"], budget),
                    "title_km": redline.redline_text(old["title_km"], new["title_km"], budget),
                    "body_en": redline.redline_html(old["body_en"], new["body_en"], budget),
                    "body_km": redline.redline_html(old["body_km"], new["body_km"], budget),
                    "rows": redline.rows_changes(old["rows"], new["rows"], names),
                }
            )
        return super().get_context_data(
            draft=draft,
            previous=previous,
            comparisons=comparisons,
            coarse=budget.exceeded,
            decide=draft.state == Draft.State.WITH_CHAIR and bool(workflow.steps_for(user, draft)),
            **kwargs,
        )
