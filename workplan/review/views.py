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
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from members import second_factor
from members.models import User
from workplan import policies
from workplan.drafting import selectors
from workplan.review import selectors as review_selectors
from workplan.review import services as reviews


def _errors(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


class DraftShareView(LoginRequiredMixin, View):
    """Share a draft with a named person, or revoke it (the chief).

    Who may share is asked before the username is looked up: anyone else gets the same refusal (403, or
    404 for a draft they cannot see) whether or not the name belongs to an account, so the form cannot
    be used to find out which usernames exist. For the chief, a name that belongs to no account and one
    whose account is deactivated get the same message: the remedy is the same (check the name), and a
    draft is shared only with active accounts. A revoke takes any account, active or not, so that a
    deactivated person's grant can still be taken back.
    """

    def post(self, request, pk):
        draft = selectors.draft_get(request.user, pk)
        revoke = bool(request.POST.get("revoke"))
        if not policies.can_manage(request.user, "revoke_share" if revoke else "share_draft", draft):
            raise PermissionDenied(_("Only the secretariat chief shares drafts."))
        if not revoke and second_factor.step_up_needed(request):
            try:
                method = second_factor.check_code(request.user, request.POST.get("second_factor_code", ""))
            except ValidationError as error:
                messages.error(request, _errors(error))
                back = reverse("workplan:draft", kwargs={"pk": draft.pk})
                return redirect(f"{back}?{urlencode({'share': request.POST.get('username', '')[:150]})}#share-title")
            second_factor.code_given(request, method)
        person = self._person(request.POST.get("username", ""), active_only=not revoke)
        if person is None:
            messages.error(request, _("There is no active account with this username."))
            return redirect("workplan:draft", pk=draft.pk)
        try:
            if revoke:
                reviews.draft_unshare(draft=draft, actor=request.user, person=person)
                messages.success(request, _("%(name)s can no longer see this draft.") % {"name": person.display_name})
            else:
                reviews.draft_share(draft=draft, actor=request.user, person=person)
                messages.success(request, _("%(name)s can now see this draft.") % {"name": person.display_name})
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("workplan:draft", pk=draft.pk)

    @staticmethod
    def _person(username, *, active_only):
        # The form field refuses what no username can be (too long, a NUL character PostgreSQL would refuse)
        # before the database is asked.
        field = forms.CharField(max_length=User._meta.get_field("username").max_length)
        try:
            username = field.clean(username)
        except ValidationError:
            return None
        people = User.objects.filter(is_active=True) if active_only else User.objects.all()
        return people.filter(username=username).first()


class SectionReviewersView(LoginRequiredMixin, View):
    """Add or remove a ministry among a section's reviewers (the chief)."""

    def post(self, request, pk):
        section = selectors.section_head(request.user, pk)
        try:
            if request.POST.get("remove"):
                assignment = review_selectors.review_get(request.user, request.POST["remove"])
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
        assignment = review_selectors.review_get(request.user, pk)
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
            parent = review_selectors.comment_get(request.user, request.POST["parent"])
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
        thread = review_selectors.comment_get(request.user, pk)
        try:
            reviews.comment_resolve(thread=thread, actor=request.user, resolved=not request.POST.get("reopen"))
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect(f"{selectors.section_url(thread.section)}#comment-{thread.pk}")


class ReviewListView(LoginRequiredMixin, TemplateView):
    """A liaison's review assignments; the chief's overview of all of them."""

    template_name = "workplan/review/review_list.html"

    def get_context_data(self, **kwargs):
        assignments = review_selectors.review_list(self.request.user)
        return super().get_context_data(assignments=assignments, **kwargs)
