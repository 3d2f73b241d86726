"""Pages and form posts for the workflow: review, comments, sharing, the chair and the Council.

Like workplan.views: read through selectors (policies), write through
workflow and reviews, decide nothing here. A user who may not see the object
gets 404; one who may see it but not act gets 403; a move the draft's state
does not allow is refused with a message (409 in the API).
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

from members.models import User
from workplan import policies, workflow
from workplan.drafting import redline, rows, selectors
from workplan.models import CouncilDecision, content_of
from workplan.review import services as reviews


def _errors(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for (_state, name) in workflow.TRANSITIONS])
    remarks = forms.CharField(label=gettext_lazy("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(
        label=gettext_lazy("Reviews due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CouncilForm(forms.Form):
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
        action = form.cleaned_data["action"]
        if action in ("council_approve", "council_return"):
            return redirect("workplan:council", pk=draft.pk)
        kwargs = {"remarks": form.cleaned_data["remarks"]}
        if action == "submit_for_review" and form.cleaned_data["due_on"]:
            kwargs["due_on"] = form.cleaned_data["due_on"]
        try:
            workflow.run(action, draft=draft, actor=request.user, **kwargs)
        except workflow.WorkflowConflict as error:
            messages.error(request, str(error))
            return redirect("workplan:draft", pk=draft.pk)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("workplan:draft", pk=draft.pk)
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTION_LABELS[action]})
        if selectors.draft_visible(request.user, draft.pk):
            return redirect("workplan:draft", pk=draft.pk)
        return redirect("workplan:home")


class CouncilDecisionView(LoginRequiredMixin, TemplateView):
    """The chief records the Council of Ministers' decision, which publishes or returns the draft."""

    template_name = "workplan/council_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.draft = selectors.draft_get(request.user, kwargs["pk"])
        if not policies.can_act(request.user, "council_approve", self.draft):
            raise PermissionDenied(_("Only the secretariat chief records the Council's decision."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(draft=self.draft, form=kwargs.pop("form", None) or CouncilForm(), **kwargs)

    def post(self, request, pk):
        form = CouncilForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        action = "council_approve" if data["decision"] == CouncilDecision.Outcome.APPROVE else "council_return"
        try:
            result = workflow.run(
                action,
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
        if action == "council_approve":
            messages.success(request, _("The plan is published."))
            return redirect("public-plan", pk=self.draft.plan_id)
        messages.success(request, _("The draft is returned; draft %(number)s is open.") % {"number": result.number})
        return redirect("workplan:draft", pk=result.pk)


class CouncilScanView(LoginRequiredMixin, View):
    """Download the scanned Council decision, for those who may see the draft."""

    def get(self, request, pk):
        draft = selectors.draft_get(request.user, pk)
        decision = CouncilDecision.objects.filter(draft=draft).exclude(scan="").first()
        if decision is None:
            raise Http404
        selectors.record_read(request, draft, "council.scan")
        return FileResponse(decision.scan.open("rb"), as_attachment=True, filename=f"council-decision-{draft.pk}.pdf")


class DraftShareView(LoginRequiredMixin, View):
    """Share a draft with a named person, or revoke it (the chief)."""

    def post(self, request, pk):
        draft = selectors.draft_get(request.user, pk)
        person = User.objects.filter(username=request.POST.get("username", "").strip()).first()
        if person is None:
            messages.error(request, _("There is no account with this username."))
            return redirect("workplan:draft", pk=draft.pk)
        try:
            if request.POST.get("revoke"):
                reviews.draft_unshare(draft=draft, actor=request.user, person=person)
                messages.success(request, _("%(name)s can no longer see this draft.") % {"name": person.display_name})
            else:
                reviews.draft_share(draft=draft, actor=request.user, person=person)
                messages.success(request, _("%(name)s can now see this draft.") % {"name": person.display_name})
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("workplan:draft", pk=draft.pk)


class SectionReviewersView(LoginRequiredMixin, View):
    """Add or remove a ministry among a section's reviewers (the chief)."""

    def post(self, request, pk):
        section = selectors.section_head(request.user, pk)
        try:
            if request.POST.get("remove"):
                assignment = selectors.review_get(request.user, request.POST["remove"])
                reviews.review_remove(assignment_id=assignment.pk, actor=request.user)
            else:
                due_on = forms.DateField(required=False).clean(request.POST.get("due_on") or None)
                reviews.review_assign(
                    section=section, ministry_code=request.POST.get("ministry", ""), actor=request.user, due_on=due_on
                )
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("workplan:section", pk=section.pk)


class ReviewDecisionView(LoginRequiredMixin, View):
    """A liaison approves a section or asks for changes, with remarks."""

    def post(self, request, pk):
        assignment = selectors.review_get(request.user, pk)
        try:
            reviews.review_decide(
                assignment_id=assignment.pk,
                actor=request.user,
                decision=request.POST.get("decision", ""),
                remarks=request.POST.get("remarks", ""),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your decision is recorded."))
        return redirect("workplan:section", pk=assignment.section_id)


class CommentCreateView(LoginRequiredMixin, View):
    """Start a thread on a section, or reply in one."""

    def post(self, request, pk):
        section = selectors.section_head(request.user, pk)
        parent = None
        if request.POST.get("parent"):
            parent = selectors.comment_get(request.user, request.POST["parent"])
        try:
            comment = reviews.comment_create(
                section=section,
                actor=request.user,
                body=request.POST.get("body", ""),
                quote=request.POST.get("quote", ""),
                parent=parent,
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("workplan:section", pk=section.pk)
        return redirect(f"{selectors.section_url(section)}#comment-{(parent or comment).pk}")


class CommentResolveView(LoginRequiredMixin, View):
    """Resolve a thread, or reopen it."""

    def post(self, request, pk):
        thread = selectors.comment_get(request.user, pk)
        try:
            reviews.comment_resolve(thread=thread, actor=request.user, resolved=not request.POST.get("reopen"))
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect(f"{selectors.section_url(thread.section)}#comment-{thread.pk}")


class ChairView(LoginRequiredMixin, TemplateView):
    """Everything submitted to the chair, with a redline against the previous draft."""

    template_name = "workplan/chair.html"

    def get_context_data(self, **kwargs):
        drafts = selectors.submitted_to_chair(self.request.user)
        for draft in drafts:
            draft.actions = workflow.actions_for(self.request.user, draft)
        return super().get_context_data(drafts=drafts, **kwargs)


class DraftRedlineView(LoginRequiredMixin, TemplateView):
    """The whole draft compared with the draft it is based on: text and plan rows, section by section."""

    template_name = "workplan/draft_redline.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        draft = selectors.draft_get(user, self.kwargs["pk"])
        if not policies.can_see_whole_draft(user, draft):
            raise Http404
        selectors.record_read(self.request, draft, "draft.redline")
        previous = draft.based_on if draft.based_on and policies.can_see_whole_draft(user, draft.based_on) else None
        old_sections = (
            {section.key: section for section in selectors.draft_sections_with_rows(previous)} if previous else {}
        )
        names = selectors.organization_names()
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
                    "title_en": redline.redline_text(old["title_en"], new["title_en"]),
                    "title_km": redline.redline_text(old["title_km"], new["title_km"]),
                    "body_en": redline.redline_html(old["body_en"], new["body_en"]),
                    "body_km": redline.redline_html(old["body_km"], new["body_km"]),
                    "rows": redline.rows_changes(old["rows"], new["rows"], names),
                }
            )
        return super().get_context_data(
            draft=draft, previous=previous, comparisons=comparisons, actions=workflow.actions_for(user, draft), **kwargs
        )


class ReviewListView(LoginRequiredMixin, TemplateView):
    """A liaison's review assignments; the chief's overview of all of them."""

    template_name = "workplan/review_list.html"

    def get_context_data(self, **kwargs):
        assignments = selectors.review_list(self.request.user)
        return super().get_context_data(assignments=assignments, **kwargs)


class SearchView(LoginRequiredMixin, TemplateView):
    """Find sections by words in their titles and texts, among those the user may read."""

    template_name = "workplan/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        results = selectors.section_search(self.request.user, query) if query else []
        confidential = [section for section in results if section.draft.state != section.draft.State.PUBLISHED]
        if confidential:
            from audit import services as audit

            audit.record(
                action="section.search",
                request=self.request,
                details={"sections": [section.pk for section in confidential]},
            )
        return super().get_context_data(query=query, results=results, **kwargs)
