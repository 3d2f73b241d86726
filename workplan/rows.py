"""A section's objectives and activities as plain data ("rows").

Rows are what a revision snapshots, what the editor submits, what a redline
compares and what the API returns: a list of objectives, each with its
activities, organisations named by code.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.models import Organization

from .models import Activity, Objective

ACTIVITY_FIELDS = [
    "code",
    "text_en",
    "text_km",
    "lead_ministry",
    "partners",
    "start_year",
    "end_year",
    "budget",
    "currency",
    "indicator",
    "baseline",
    "target",
    "means_of_verification",
]


def _budget(value):
    return None if value is None else f"{Decimal(value):.2f}"


def snapshot(section):
    """Return the section's rows, from objectives and activities prefetched by the selector."""
    return [
        {
            "code": objective.code,
            "text_en": objective.text_en,
            "text_km": objective.text_km,
            "activities": [
                {
                    "code": activity.code,
                    "text_en": activity.text_en,
                    "text_km": activity.text_km,
                    "lead_ministry": activity.lead_ministry.code,
                    "partners": sorted(partner.code for partner in activity.partners.all()),
                    "start_year": activity.start_year,
                    "end_year": activity.end_year,
                    "budget": _budget(activity.budget),
                    "currency": activity.currency,
                    "indicator": activity.indicator,
                    "baseline": activity.baseline,
                    "target": activity.target,
                    "means_of_verification": activity.means_of_verification,
                }
                for activity in objective.activities.all()
            ],
        }
        for objective in section.objectives.all()
    ]


def normalize(rows):
    """Return rows in canonical form, so that equal content compares equal."""
    return [
        {
            "code": str(objective["code"]).strip(),
            "text_en": objective.get("text_en", "").strip(),
            "text_km": objective.get("text_km", "").strip(),
            "activities": [
                {
                    **{field: activity.get(field, "") for field in ACTIVITY_FIELDS},
                    "code": str(activity["code"]).strip(),
                    "text_en": activity.get("text_en", "").strip(),
                    "text_km": activity.get("text_km", "").strip(),
                    "partners": sorted(set(activity.get("partners") or [])),
                    "budget": _budget(activity.get("budget")) if activity.get("budget") not in (None, "") else None,
                    "currency": activity.get("currency") or Activity.Currency.USD,
                    "indicator": (activity.get("indicator") or "").strip(),
                    "baseline": (activity.get("baseline") or "").strip(),
                    "target": (activity.get("target") or "").strip(),
                    "means_of_verification": (activity.get("means_of_verification") or "").strip(),
                }
                for activity in objective.get("activities", [])
            ],
        }
        for objective in rows
    ]


def validate(rows, plan, organizations):
    """Raise ValidationError listing every broken rule, each naming the row it is about.

    `organizations` is organization_index(): code -> (id, kind).
    """
    errors = []
    objective_codes, activity_codes = set(), set()
    ministries = {code for code, (_id, kind) in organizations.items() if kind == Organization.Kind.MINISTRY}
    known = set(organizations)
    for objective in rows:
        code = objective["code"]
        if not code:
            errors.append(_("Every objective needs a code."))
        elif code in objective_codes:
            errors.append(_("Objective %(code)s appears twice: give each objective its own code.") % {"code": code})
        objective_codes.add(code)
        for activity in objective["activities"]:
            errors += _activity_errors(activity, plan, ministries, known, activity_codes)
            activity_codes.add(activity["code"])
    if errors:
        raise ValidationError(errors)


def _activity_errors(activity, plan, ministries, known, seen):
    code = activity["code"]
    label = _("Activity %(code)s") % {"code": code or "?"}
    errors = []

    def refuse(message, **params):
        errors.append(f"{label}: {message % params if params else message}")

    if not code:
        refuse(_("it needs a code."))
    elif code in seen:
        refuse(_("the code is used twice: give each activity its own code."))
    if not activity["lead_ministry"]:
        refuse(_("choose the ministry that leads it."))
    elif activity["lead_ministry"] not in ministries:
        refuse(_("the lead ministry %(code)s is not a ministry of the commission."), code=activity["lead_ministry"])
    unknown = [partner for partner in activity["partners"] if partner not in known]
    if unknown:
        refuse(_("unknown partner organisations: %(codes)s."), codes=", ".join(unknown))
    for field in ("start_year", "end_year"):
        year = activity[field]
        if not isinstance(year, int):
            refuse(_("give the first and last year."))
            break
        if not plan.first_year <= year <= plan.last_year:
            refuse(
                _("%(year)s is outside the plan period %(first)s–%(last)s."),
                year=year,
                first=plan.first_year,
                last=plan.last_year,
            )
    else:
        if activity["end_year"] < activity["start_year"]:
            refuse(_("the last year cannot come before the first year."))
    if activity["budget"] is not None:
        try:
            if Decimal(activity["budget"]) < 0:
                refuse(_("a budget cannot be negative."))
        except InvalidOperation:
            refuse(_("the budget must be a number."))
    if activity["indicator"] and not activity["target"]:
        refuse(_("an indicator needs a target: say what the indicator should reach."))
    if activity["currency"] not in Activity.Currency.values:
        refuse(_("unknown currency %(currency)s."), currency=activity["currency"])
    return errors


def organization_index():
    """Return every organisation as code -> (id, kind), in one query."""
    return {code: (pk, kind) for pk, code, kind in Organization.objects.values_list("pk", "code", "kind")}


def replace(section, rows, organizations=None):
    """Replace the section's objectives and activities with validated `rows`, in a fixed number of queries."""
    section.objectives.all().delete()
    objectives = Objective.objects.bulk_create(
        Objective(section=section, code=row["code"], order=index, text_en=row["text_en"], text_km=row["text_km"])
        for index, row in enumerate(rows)
    )
    organizations = organization_index() if organizations is None else organizations
    ids = {code: pk for code, (pk, _kind) in organizations.items()}
    activities, partners = [], []
    for objective, row in zip(objectives, rows, strict=True):
        for index, data in enumerate(row["activities"]):
            activity = Activity(
                objective=objective,
                order=index,
                lead_ministry_id=ids[data["lead_ministry"]],
                **{field: data[field] for field in ACTIVITY_FIELDS if field not in ("lead_ministry", "partners")},
            )
            activities.append(activity)
            partners.append(data["partners"])
    Activity.objects.bulk_create(activities)
    Through = Activity.partners.through
    Through.objects.bulk_create(
        Through(activity_id=activity.pk, organization_id=ids[code])
        for activity, codes in zip(activities, partners, strict=True)
        for code in codes
    )
