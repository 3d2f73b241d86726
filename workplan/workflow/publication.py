"""Publishing: the public document of an approved draft, rendered once and stored as bytes.

The document carries the approved revision of every section (number and
SHA-256 of its content) and the Council's decision, so anyone can tell which
text was approved. The public page and the public API read only this stored
document, never the draft's live tables.
"""

import hashlib
import json

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from workplan.drafting import rows
from workplan.models import PublishedPlan, ReviewAssignment, Section, SectionRevision


def plan_content(plan):
    """Return a plan's names and period, as the public document and the exports carry them."""
    return {
        "id": plan.pk,
        "title_en": plan.name_en,
        "title_km": plan.name_km,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
    }


def section_content(section):
    """Return a section's key, task force, texts in both languages, revision and rows (its task force and rows
    prefetched by the caller)."""
    return {
        "key": section.key,
        "task_force": (
            {
                "code": section.task_force.code,
                "name_en": section.task_force.name_en,
                "name_km": section.task_force.name_km,
            }
            if section.task_force_id
            else None
        ),
        "title_en": section.title_en,
        "title_km": section.title_km,
        "body_en": section.body_en,
        "body_km": section.body_km,
        "revision": section.version,
        # The measures also under their first names (the English values), for readers of the first shape.
        "objectives": [
            {**objective, "activities": [rows.with_old_names(activity) for activity in objective["activities"]]}
            for objective in rows.snapshot(section)
        ],
    }


def document_upgraded(document):
    """Return a copy of a published document whose activities carry the measures in both languages.

    Documents published before the measures were bilingual have them under
    their first names only, in English. The stored document, what the Council
    approved and what the public API sends as it is, is not changed.
    """
    return {
        **document,
        "sections": [
            {
                **section,
                "objectives": [
                    {
                        **objective,
                        "activities": [rows.with_old_names(activity) for activity in objective.get("activities", [])],
                    }
                    for objective in section.get("objectives", [])
                ],
            }
            for section in document.get("sections", [])
        ],
    }


def render_document(draft, decision):
    """Return the public document of the draft as a dict."""
    plan = draft.plan
    sections = (
        Section.objects.filter(draft=draft)
        .select_related("task_force")
        .prefetch_related("objectives__activities__lead_ministry", "objectives__activities__partners")
        .order_by("order", "id")
    )
    latest = {}
    for revision in SectionRevision.objects.filter(section__draft=draft).order_by("section_id", "-number"):
        latest.setdefault(revision.section_id, revision)
    approvals = {}
    for review in ReviewAssignment.objects.filter(section__draft=draft, removed_at__isnull=True).select_related(
        "ministry"
    ):
        approvals.setdefault(review.section_id, []).append(
            {"ministry": review.ministry.code, "decision": review.decision, "revision": review.revision_number}
        )
    return {
        "plan": plan_content(plan),
        "draft": draft.number,
        "published_at": timezone.now().isoformat(),
        "council_decision": {
            "date": decision.decided_on.isoformat(),
            "reference": decision.reference,
        },
        "sections": [
            {
                **section_content(section),
                "revision_hash": latest[section.pk].content_hash if section.pk in latest else "",
                "approvals": sorted(approvals.get(section.pk, []), key=lambda approval: approval["ministry"]),
            }
            for section in sections
        ],
    }


def publish(draft, decision):
    """Store the draft's public document (called by workflow.council_approve, inside its transaction)."""
    document = render_document(draft, decision)
    body = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    transaction.on_commit(lambda: forget_publication(draft.plan_id))
    return PublishedPlan.objects.create(
        draft=draft,
        plan=draft.plan,
        published_at=timezone.now(),
        document=document,
        document_bytes=body,
        etag=hashlib.sha256(body).hexdigest(),
    )


# Where each plan's latest publication is remembered: (publication id, entity tag), or None while the plan has none.
# Publication forgets it (on commit) for the whole site when the cache is shared (CACHE_URL, Redis); with a
# per-process cache the other processes learn within PUBLICATION_LOOKUP_SECONDS, well inside the max-age that
# clients and proxies may already keep a copy for. Publication is final: a plan never stops being public.
PUBLICATION_LOOKUP_SECONDS = 30
_GENERATION_KEY = "published-generation"


def _lookup_key(plan_id):
    return f"published-plan:{plan_id}"


def latest_publication(plan_id):
    """Return (publication id, entity tag) of the plan's latest publication, or None; from the cache when it can."""
    latest = PublishedPlan.objects.filter(plan_id=plan_id).order_by("-published_at").values_list("pk", "etag")
    return caches["public"].get_or_set(_lookup_key(plan_id), latest.first, PUBLICATION_LOOKUP_SECONDS)


def publication_generation():
    """Return the newest publication's id (0 before the first): what the public rows are, as one number.

    Published rows never change; only a new publication adds rows. Answers cached under this number are
    therefore right for as long as it stays the same.
    """
    newest = PublishedPlan.objects.order_by("-pk").values_list("pk", flat=True)
    return caches["public"].get_or_set(_GENERATION_KEY, lambda: newest.first() or 0, PUBLICATION_LOOKUP_SECONDS)


def forget_publication(plan_id):
    """Make the next request read the plan's latest publication from the database (called after a publication)."""
    caches["public"].delete_many([_lookup_key(plan_id), _GENERATION_KEY])
