"""The portal's URLs plus the benchmark's floor: the published plan's bytes, prebuilt, through every middleware."""

from functools import cache

from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401 (the portal's error pages)
from config.urls import urlpatterns as portal_urlpatterns
from workplan.models import PublishedPlan


@cache
def _document(plan_id):
    """Read the plan's published bytes once per worker process."""
    publication = PublishedPlan.objects.filter(plan_id=plan_id).order_by("-published_at").only("document_bytes").first()
    return None if publication is None else bytes(publication.document_bytes)


def floor(request, pk):
    """Send the published plan's bytes, prebuilt, with no database work: the fastest a Django view can answer."""
    body = _document(pk)
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="application/json")


urlpatterns = [path("bench/floor/<int:pk>/", floor, name="bench-floor"), *portal_urlpatterns]
