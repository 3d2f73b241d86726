"""What an export shows: gathered once, as plain data, in a fixed number of queries.

A draft is read from its live sections and rows; a published plan from the
document stored at publication (what the Council approved), never from live
rows. Both come out in the same shape (the published document's: both
languages), and `localize` turns that into the one structure every format is
built from, with its labels in the export's language.
"""

import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from members.models import Organization
from workplan.drafting import selectors
from workplan.drafting.rows import MEASURE_FIELDS, MEASURES
from workplan.templatetags.plan import money
from workplan.workflow import publication
from workplan.workflow.publication import document_upgraded


def draft_source(draft):
    """Return a draft's plan, sections and rows in the shape of a published document (four queries)."""
    sections = selectors.draft_sections_with_rows(draft)
    return {
        "plan": publication.plan_content(draft.plan),
        "draft": draft.number,
        "state": draft.state,
        "sections": [publication.section_content(section) for section in sections],
    }


def organization_names():
    """Return every organisation's names by code, as {code: (name_en, name_km)} (one query)."""
    return {code: (en, km) for code, en, km in Organization.objects.values_list("code", "name_en", "name_km")}


def _pick(data, field, language):
    """Return `<field>_km` or `<field>_en` of a dict, whichever the language wants, falling back on the other."""
    km, en = data.get(f"{field}_km") or "", data.get(f"{field}_en") or ""
    return (km or en) if language == "km" else (en or km)


def _years(first, last):
    return str(first) if first == last else f"{first}–{last}"


def labels():
    """Return the labels of an export, in the active language."""
    return {
        "contents": _("Contents"),
        "front_matter": _("Front matter"),
        "task_force": _("Task force"),
        "section": _("Section"),
        "objective": _("Objective"),
        "objective_text": _("Objective text"),
        "activity_code": _("Activity code"),
        "activity": _("Activity"),
        "lead_ministry": _("Lead ministry"),
        "partners": _("Partner organisations"),
        "years": _("Years"),
        "first_year": _("First year"),
        "last_year": _("Last year"),
        "budget": _("Budget estimate"),
        "currency": _("Currency"),
        "indicator": _("Indicator"),
        "baseline": _("Baseline"),
        "target": _("Target"),
        "means_of_verification": _("Means of verification"),
        # The CSV has a column for each language.
        "indicator_km": _("Indicator in Khmer"),
        "indicator_en": _("Indicator in English"),
        "baseline_km": _("Baseline in Khmer"),
        "baseline_en": _("Baseline in English"),
        "target_km": _("Target in Khmer"),
        "target_en": _("Target in English"),
        "means_of_verification_km": _("Means of verification in Khmer"),
        "means_of_verification_en": _("Means of verification in English"),
        "no_activities": _("No activities."),
        # Filled in per page by the format: Chromium's page counters, Word's PAGE and NUMPAGES fields.
        "page_of": _("Page %(page)s of %(pages)s"),
    }


def localize(source, *, language, names, watermark="", publication=None):
    """Return the export's content in one language: the structure PDF, DOCX and CSV are built from.

    `source` is a draft_source() or a published document, `names` the
    organisation names by code, `watermark` the confidential recipient's
    line (empty for a published plan), `publication` the stored document's
    dates for a published plan.
    """
    # A plan published before the measures were bilingual has them in English under their first names.
    source = document_upgraded(source)
    with translation.override(language):
        plan = source["plan"]
        title = _pick(plan, "title", language)
        period = _years(plan["first_year"], plan["last_year"])
        if publication is None:
            subtitle = _("Draft %(number)s · %(period)s") % {"number": source["draft"], "period": period}
            status = _("Confidential draft: not for publication.")
        else:
            decision = source["council_decision"]
            subtitle = period
            decided_on = datetime.date.fromisoformat(decision["date"])
            published_at = timezone.localtime(datetime.datetime.fromisoformat(source["published_at"]))
            approved = _("Approved by the Council of Ministers, decision %(reference)s of %(date)s.") % {
                "reference": decision["reference"],
                "date": formats.date_format(decided_on, "DATE_FORMAT"),
            }
            published = _("Published %(date)s.") % {"date": formats.date_format(published_at, "DATE_FORMAT")}
            status = f"{approved} {published}"

        def organization(code):
            en, km = names.get(code, (code, code))
            return (km or en) if language == "km" else (en or km)

        sections = []
        for index, section in enumerate(source["sections"], start=1):
            task_force = section.get("task_force")
            objectives = []
            for objective in section.get("objectives", []):
                activities = [
                    {
                        "code": activity["code"],
                        "text": _pick(activity, "text", language),
                        "lead_ministry": organization(activity["lead_ministry"]),
                        "partners": [organization(code) for code in activity.get("partners", [])],
                        "start_year": activity["start_year"],
                        "end_year": activity["end_year"],
                        "years": _years(activity["start_year"], activity["end_year"]),
                        "budget": activity.get("budget"),
                        "budget_text": money(activity.get("budget"), activity.get("currency", "")),
                        "currency": activity.get("currency", ""),
                        # In the export's language, or in the other when empty; and each language as written.
                        **{name: _pick(activity, name, language) for name in MEASURES},
                        **{name: activity.get(name) or "" for name in MEASURE_FIELDS},
                    }
                    for activity in objective.get("activities", [])
                ]
                objectives.append(
                    {
                        "code": objective["code"],
                        "heading": _("Objective %(code)s") % {"code": objective["code"]},
                        "text": _pick(objective, "text", language),
                        "activities": activities,
                    }
                )
            sections.append(
                {
                    "number": index,
                    "key": section["key"],
                    "anchor": f"section-{index}",
                    "title": _pick(section, "title", language),
                    "task_force": _pick(task_force, "name", language) if task_force else _("Front matter"),
                    "body": _pick(section, "body", language),
                    "objectives": objectives,
                }
            )
        return {
            "language": language,
            "title": title,
            "subtitle": subtitle,
            "status": status,
            "watermark": watermark,
            "confidential": bool(watermark),
            "labels": labels(),
            "sections": sections,
            "source": source,
        }
