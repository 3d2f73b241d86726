"""The public page of the commission's composition."""

from django.views.generic import TemplateView

from . import selectors


class CommissionDetailView(TemplateView):
    """Show who sits on the commission and its secretariat, and how it was set up."""

    template_name = "commission/commission_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commission"] = selectors.commission_get()
        return context
