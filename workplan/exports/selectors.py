"""Reads of exports, through workplan.policies, in a fixed number of queries."""

from django.http import Http404

from workplan import policies
from workplan.models import Export, PublishedPlan


def export_get(user, pk):
    """Return an export the user may follow and download, with its draft or publication and plan, or raise Http404.

    Someone else's export of a draft answers exactly as one that does not exist.
    """
    export = (
        Export.objects.select_related("draft__plan", "publication__plan", "requested_by")
        .defer("publication__document", "publication__document_bytes")
        .filter(pk=pk)
        .first()
    )
    if export is None or not policies.can_download_export(user, export):
        raise Http404
    return export


def draft_export_list(user, draft, limit=10):
    """Return the user's latest exports of a draft (one query)."""
    return list(Export.objects.filter(draft=draft, requested_by=user).order_by("-created_at")[:limit])


def publication_for_plan(plan_pk):
    """Return the latest published plan of a plan (not its document), or raise Http404."""
    publication = (
        PublishedPlan.objects.filter(plan_id=plan_pk)
        .select_related("plan")
        .only("pk", "plan", "published_at", "draft_id")
        .order_by("-published_at")
        .first()
    )
    if publication is None:
        raise Http404
    return publication
