"""The published plans, for everyone: read from the document stored at publication."""

import datetime

from django.http import Http404
from django.views.generic import TemplateView

from workplan.models import PublishedPlan


class PublicPlanListView(TemplateView):
    """Every published plan."""

    template_name = "workplan/public/public_plan_list.html"

    def get_context_data(self, **kwargs):
        publications = PublishedPlan.objects.select_related("plan").only(
            "plan__name_en", "plan__name_km", "plan__first_year", "plan__last_year", "published_at", "draft_id"
        )
        return super().get_context_data(publications=publications, **kwargs)


class PublicPlanView(TemplateView):
    """A published plan in Khmer and English, exactly as the Council approved it."""

    template_name = "workplan/public/public_plan.html"

    def get_context_data(self, **kwargs):
        publication = (
            PublishedPlan.objects.filter(plan_id=self.kwargs["pk"]).only("document", "published_at", "etag").first()
        )
        if publication is None:
            raise Http404
        document = publication.document
        decided_on = datetime.date.fromisoformat(document["council_decision"]["date"])
        return super().get_context_data(publication=publication, document=document, decided_on=decided_on, **kwargs)
