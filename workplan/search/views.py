"""The search page, for everyone: the public finds the published plans; the signed-in also what they may see."""

from django.views.generic import RedirectView, TemplateView

from workplan.reads import ConfidentialReadMixin
from workplan.search import forms, selectors

# How the audit event names the ids of each kind of result it lists.
AUDITED_AS = {"section": "sections", "objective": "objectives", "activity": "activities", "comment": "comments"}


class SearchView(ConfidentialReadMixin, TemplateView):
    """Find plans, sections, objectives, activities and comments by their words, among those the user may see."""

    template_name = "workplan/search/search.html"

    def get(self, request, *args, **kwargs):
        form = forms.SearchForm(request.GET, choices=selectors.filter_choices(request.user))
        context = self.get_context_data(form=form, **kwargs)
        return self.render_to_response(context, status=200 if form.is_valid() else 400)

    def get_context_data(self, form, **kwargs):
        query = form.words()
        results, page = [], None
        if query:
            results, page = selectors.search_page(
                self.request.user, query, form.filters(), self.request.GET.get("page")
            )
        confidential = {}
        for result in results:
            if result.is_confidential:
                confidential.setdefault(AUDITED_AS[result.kind], []).append(result.document.object_id)
        if confidential:
            # What the page showed of drafts not published, by kind: the ids of the sections, objectives, ...
            self.audit_read(None, "section.search", **confidential)
        query_string = self.request.GET.copy()
        query_string.pop("page", None)
        return super().get_context_data(
            form=form, query=query, results=results, page=page, query_string=query_string.urlencode(), **kwargs
        )


class OldSearchView(RedirectView):
    """The search's first address, /workplan/search/: sent on to /search/ with its words and filters."""

    pattern_name = "search"
    query_string = True
    http_method_names = ["get", "head"]
