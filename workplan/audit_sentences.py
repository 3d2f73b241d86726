"""How the audit log reads the actions on drafts, sections, reviews and exports (see audit.sentences).

Auditors read the log but no confidential draft, so a draft is named by its
number and its plan's years, a section by its task force (public) or as the
front matter, never by a title or a text a draft holds: the leak canary
(tests/workplan/test_leak_canary.py) reads the whole log as an auditor.
"""

from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from audit.sentences import USERNAME, declare, detail, name_objects, primary_keys

DRAFTS = _("Drafts and sections")
REVIEWS = _("Reviews and comments")
WORKFLOW = _("Workflow of drafts")
SHARING = _("Sharing drafts")
EXPORTS = _("Exports")

# What each step of the workflow reads as; a step declared later without one reads with its label.
STEP_SENTENCES = {
    "submit_for_review": _("%(actor)s submitted %(object)s for review by the ministries"),
    "reopen": _("%(actor)s reopened %(object)s for drafting"),
    "submit_to_chair": _("%(actor)s submitted %(object)s to the chair"),
    "chair_return": _("%(actor)s returned %(object)s to the secretariat"),
    "chair_approve": _("%(actor)s approved %(object)s and sent it to the Council of Ministers"),
    "council_return": _("%(actor)s recorded the Council of Ministers' decision: %(object)s is returned"),
    "council_approve": _("%(actor)s recorded the Council of Ministers' decision: %(object)s is approved and published"),
}


def _pick(km, en):
    """Return the Khmer or the English text, whichever the reader's language wants (the other when it is empty)."""
    return (km or en) if get_language() == "km" else (en or km)


def draft_label(number, first_year, last_year):
    """Name a draft by its number and its plan's years: "draft 2 of the 2026–2030 plan"."""
    return _("draft %(number)s of the %(first)s–%(last)s plan") % {
        "number": number,
        "first": first_year,
        "last": last_year,
    }


def section_label(task_force_en, task_force_km, *draft):
    """Name a section by its task force, or as the front matter, and its draft."""
    if task_force_en is None and task_force_km is None:
        return _("the front matter of %(draft)s") % {"draft": draft_label(*draft)}
    return _("the %(task_force)s section of %(draft)s") % {
        "task_force": _pick(task_force_km, task_force_en),
        "draft": draft_label(*draft),
    }


def _section_fields(prefix=""):
    return [
        f"{prefix}task_force__name_en",
        f"{prefix}task_force__name_km",
        f"{prefix}draft__number",
        f"{prefix}draft__plan__first_year",
        f"{prefix}draft__plan__last_year",
    ]


def name_drafts(keys):
    """Name drafts by number and years, in one query."""
    from workplan.models import Draft

    wanted = primary_keys(Draft, keys)
    rows = Draft.objects.filter(pk__in=wanted).values_list("pk", "number", "plan__first_year", "plan__last_year")
    return {wanted[pk]: draft_label(*label) for pk, *label in rows}


def name_sections(keys):
    """Name sections by task force (or front matter) and draft, in one query."""
    from workplan.models import Section

    wanted = primary_keys(Section, keys)
    rows = Section.objects.filter(pk__in=wanted).values_list("pk", *_section_fields())
    return {wanted[pk]: section_label(*label) for pk, *label in rows}


def name_comments(keys):
    """Name comments by the section they are on (never by what they say), in one query."""
    from workplan.models import Comment

    wanted = primary_keys(Comment, keys)
    rows = Comment.objects.filter(pk__in=wanted).values_list("pk", *_section_fields("section__"))
    return {wanted[pk]: section_label(*label) for pk, *label in rows}


def name_reviews(keys):
    """Name review assignments by ministry and section, in one query."""
    from workplan.models import ReviewAssignment

    wanted = primary_keys(ReviewAssignment, keys)
    rows = ReviewAssignment.objects.filter(pk__in=wanted).values_list(
        "pk", "ministry__name_en", "ministry__name_km", *_section_fields("section__")
    )
    return {
        wanted[pk]: _("the review by %(ministry)s of %(section)s")
        % {"ministry": _pick(km, en), "section": section_label(*section)}
        for pk, en, km, *section in rows
    }


def name_publications(keys):
    """Name published plans by their years, in one query."""
    from workplan.models import PublishedPlan

    wanted = primary_keys(PublishedPlan, keys)
    rows = PublishedPlan.objects.filter(pk__in=wanted).values_list("pk", "plan__first_year", "plan__last_year")
    return {
        wanted[pk]: _("the published %(first)s–%(last)s plan") % {"first": first, "last": last}
        for pk, first, last in rows
    }


def name_exports(keys):
    """Name exports by format and what they export, in one query."""
    from workplan.models import Export

    wanted = primary_keys(Export, keys)
    rows = Export.objects.filter(pk__in=wanted).values_list(
        "pk", "format", "language", "draft__number", "draft__plan__first_year", "draft__plan__last_year"
    )
    languages = dict(Export.Language.choices)
    names = {}
    for pk, fmt, language, *draft in rows:
        what = draft_label(*draft) if draft[0] is not None else _("the published plan")
        names[wanted[pk]] = _("the %(format)s export of %(what)s in %(language)s") % {
            "format": fmt.upper(),
            "what": what,
            "language": languages.get(language, language),
        }
    return names


# --- Sentences that read the details -------------------------------------------------------------------


def _details(event):
    return event.details if isinstance(event.details, dict) else {}


def _format(event):
    """Return the export's format (PDF, DOCX…) and language, from the event's details."""
    from workplan.models import Export

    details = _details(event)
    language = details.get("language")
    return {
        "format": str(details.get("format") or "…").upper(),
        "language": dict(Export.Language.choices).get(language, language or "…"),
    }


def _exported(published, of_draft):
    """Return a sentence function: `published` for an export of the published plan, `of_draft` for a draft's."""

    def sentence(event):
        return published if _details(event).get("draft") is None else of_draft

    return sentence


def _export_requested(event):
    if _details(event).get("again"):
        return _("%(actor)s asked again for a %(format)s export of %(draft)s")
    return _("%(actor)s asked for a %(format)s export of %(draft)s")


def _search_values(event):
    sections = _details(event).get("sections")
    return {"count": len(sections) if isinstance(sections, list) else 0}


def _decision(event):
    from workplan.models import ReviewAssignment

    details = _details(event)
    decision = details.get("decision")
    return {
        "decision": dict(ReviewAssignment.Decision.choices).get(decision, decision or "…"),
        "revision": details.get("revision", "…"),
    }


def _step_values(step):
    return lambda event: {"step": step.label}


def _conflict_values(event):
    details = _details(event)
    return {"base_version": details.get("base_version", "…"), "version": details.get("version", "…")}


def register():
    """Declare the sentences of the work plan's actions and name its objects (WorkplanConfig.ready)."""
    from workplan.workflow import steps

    name_objects("workplan.draft", name_drafts)
    name_objects("workplan.section", name_sections)
    name_objects("workplan.comment", name_comments)
    name_objects("workplan.reviewassignment", name_reviews)
    name_objects("workplan.export", name_exports)
    name_objects("workplan.publishedplan", name_publications)

    declare("draft.open", label=_("Draft opened"), sentence=_("%(actor)s opened %(object)s"), area=DRAFTS)
    declare("draft.read", label=_("Draft read"), sentence=_("%(actor)s read %(object)s"), area=DRAFTS)
    declare(
        "draft.redline",
        label=_("Draft compared with the one before"),
        sentence=_("%(actor)s compared %(object)s with the draft before it"),
        area=DRAFTS,
    )
    declare("section.read", label=_("Section read"), sentence=_("%(actor)s read %(object)s"), area=DRAFTS)
    declare(
        "section.save",
        label=_("Section saved"),
        sentence=_("%(actor)s saved %(object)s, version %(version)s"),
        area=DRAFTS,
        values=lambda event: {"version": _details(event).get("version", "…")},
    )
    declare(
        "section.conflict",
        label=_("Section save refused (conflict)"),
        sentence=_(
            "%(actor)s saved %(object)s from version %(base_version)s, but it was at version %(version)s: "
            "their text was kept aside as a conflict copy"
        ),
        area=DRAFTS,
        values=_conflict_values,
    )
    declare(
        "section.history",
        label=_("Section history read"),
        sentence=_("%(actor)s read the history of %(object)s"),
        area=DRAFTS,
    )
    declare(
        "section.compare",
        label=_("Section versions compared"),
        sentence=_("%(actor)s compared versions of %(object)s"),
        area=DRAFTS,
    )
    declare(
        "section.search",
        label=_("Search in confidential drafts"),
        sentence=ngettext_lazy(
            "%(actor)s searched the plans and found %(count)s section of a confidential draft",
            "%(actor)s searched the plans and found %(count)s sections of confidential drafts",
            "count",
        ),
        area=DRAFTS,
        values=_search_values,
    )
    declare(
        "council.scan",
        label=_("Council's decision read"),
        sentence=_("%(actor)s opened the scanned decision of the Council of Ministers on %(object)s"),
        area=WORKFLOW,
    )
    for step in steps.STEPS.values():
        declare(
            f"workflow.{step.name}",
            label=step.label,
            sentence=STEP_SENTENCES.get(step.name, _("%(actor)s took the step “%(step)s” on %(object)s")),
            area=WORKFLOW,
            values=_step_values(step),
        )
    declare(
        "review.assign",
        label=_("Reviewer assigned"),
        sentence=_("%(actor)s asked for %(object)s"),
        area=REVIEWS,
    )
    declare(
        "review.remove",
        label=_("Reviewer removed"),
        sentence=_("%(actor)s called off %(object)s"),
        area=REVIEWS,
    )
    declare(
        "review.decide",
        label=_("Review decided"),
        sentence=_("%(actor)s decided %(object)s: %(decision)s, at version %(revision)s"),
        area=REVIEWS,
        values=_decision,
    )
    declare(
        "comment.create",
        label=_("Comment written"),
        sentence=_("%(actor)s commented on %(object)s"),
        area=REVIEWS,
    )
    declare(
        "comment.resolve",
        label=_("Comment thread resolved"),
        sentence=_("%(actor)s resolved a comment thread on %(object)s"),
        area=REVIEWS,
    )
    declare(
        "comment.reopen",
        label=_("Comment thread reopened"),
        sentence=_("%(actor)s reopened a comment thread on %(object)s"),
        area=REVIEWS,
    )
    declare(
        "comment.read",
        label=_("Comments read"),
        sentence=_("%(actor)s read the comments on %(object)s"),
        area=REVIEWS,
    )
    person = {"person": detail(USERNAME, "person")}
    declare(
        "grant.add",
        label=_("Draft shared"),
        sentence=_("%(actor)s shared %(object)s with %(person)s"),
        area=SHARING,
        refs=person,
    )
    declare(
        "grant.remove",
        label=_("Draft no longer shared"),
        sentence=_("%(actor)s stopped sharing %(object)s with %(person)s"),
        area=SHARING,
        refs=person,
    )
    of_draft = {
        "draft": detail("workplan.draft", "draft"),
        "publication": detail("workplan.publishedplan", "publication"),
    }
    declare(
        "export.requested",
        label=_("Export asked for"),
        sentence=_export_requested,
        area=EXPORTS,
        refs=of_draft,
        values=_format,
    )
    declare(
        "export.built",
        label=_("Export built"),
        sentence=_exported(
            _("The portal built a %(format)s export of %(publication)s in %(language)s"),
            _("The portal built a %(format)s export of %(draft)s in %(language)s"),
        ),
        area=EXPORTS,
        refs=of_draft,
        values=_format,
    )
    declare(
        "export.downloaded",
        label=_("Export downloaded"),
        sentence=_("%(actor)s downloaded a %(format)s export of %(draft)s"),
        area=EXPORTS,
        refs=of_draft,
        values=_format,
    )
