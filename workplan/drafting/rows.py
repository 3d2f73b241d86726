"""A section's objectives and activities as plain data ("rows").

Rows are what a revision snapshots, what the editor submits, what a redline
compares and what the API returns: a list of objectives, each with its
activities, organisations named by code.
"""

import dataclasses
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.models import Organization
from workplan.models import Activity, Objective

# How an activity's success is measured: each written in English and in Khmer, as `<name>_en` and `<name>_km`.
MEASURES = ("indicator", "baseline", "target", "means_of_verification")
MEASURE_FIELDS = [f"{name}_{language}" for name in MEASURES for language in ("en", "km")]

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
    *MEASURE_FIELDS,
]


def upgrade(activity):
    """Return an activity row with the measures of the rows' first shape read as the English values.

    Rows saved before the measures were bilingual (revisions, which never
    change, conflict copies and published documents) name them `indicator`,
    `baseline`, `target` and `means_of_verification`, in English. A row that
    also has the new field keeps it: published documents carry both.
    """
    if not any(name in activity for name in MEASURES):
        return activity
    upgraded = dict(activity)
    for name in MEASURES:
        if name in upgraded:
            upgraded.setdefault(f"{name}_en", upgraded.pop(name))
    return upgraded


def with_old_names(activity):
    """Return an activity row with the measures in both languages and also under their first names (in English).

    For readers written before the measures were bilingual: API clients and
    readers of the published document. A row of the first shape is upgraded
    first, its Khmer measures empty.
    """
    upgraded = upgrade(activity)
    measures = {name: upgraded.get(name, "") for name in MEASURE_FIELDS}
    return {**upgraded, **measures, **{name: measures[f"{name}_en"] for name in MEASURES}}


def _budget(value):
    return None if value is None else f"{Decimal(value):.2f}"


def _activity_row(activity, lead_ministry, partners):
    return {
        "code": activity.code,
        "text_en": activity.text_en,
        "text_km": activity.text_km,
        "lead_ministry": lead_ministry,
        "partners": sorted(partners),
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "budget": _budget(activity.budget),
        "currency": activity.currency,
        **{name: getattr(activity, name) for name in MEASURE_FIELDS},
    }


def activity_row(activity):
    """Return one activity as rows data, with its objective's code, from an activity read by selectors.activity_get."""
    row = _activity_row(activity, activity.lead_ministry.code, (partner.code for partner in activity.partners.all()))
    return {**row, "objective": activity.objective.code}


def snapshot(section):
    """Return the section's rows, from objectives and activities prefetched by the selector."""
    return [
        {
            "code": objective.code,
            "text_en": objective.text_en,
            "text_km": objective.text_km,
            "activities": [
                _activity_row(
                    activity, activity.lead_ministry.code, (partner.code for partner in activity.partners.all())
                )
                for activity in objective.activities.all()
            ],
        }
        for objective in section.objectives.all()
    ]


def normalize(rows):
    """Return rows in canonical form, so that equal content compares equal; rows of the first shape are upgraded."""
    return [
        {
            "code": str(objective["code"]).strip(),
            "text_en": objective.get("text_en", "").strip(),
            "text_km": objective.get("text_km", "").strip(),
            "activities": [_normalized_activity(upgrade(activity)) for activity in objective.get("activities", [])],
        }
        for objective in rows
    ]


def _normalized_activity(activity):
    return {
        **{field: activity.get(field, "") for field in ACTIVITY_FIELDS},
        "code": str(activity["code"]).strip(),
        "text_en": activity.get("text_en", "").strip(),
        "text_km": activity.get("text_km", "").strip(),
        "partners": sorted(set(activity.get("partners") or [])),
        "budget": _budget(activity.get("budget")) if activity.get("budget") not in (None, "") else None,
        "currency": activity.get("currency") or Activity.Currency.USD,
        **{name: (activity.get(name) or "").strip() for name in MEASURE_FIELDS},
    }


def leaves_out_measures(rows):
    """Say whether an activity of the rows leaves out one of the measures (in either language)."""
    return any(
        name not in upgraded
        for objective in rows
        for activity in objective.get("activities") or []
        for upgraded in (upgrade(activity),)
        for name in MEASURE_FIELDS
    )


def fill_in_measures(rows, base):
    """Return rows whose activities take each measure they leave out from the activity of the same code in `base`.

    A client written before the measures were bilingual sends the English
    ones only (under their first names): the Khmer ones it cannot know of
    stay as they were instead of being emptied. An activity new to `base`
    leaves them empty.
    """
    before = {
        activity["code"]: upgrade(activity) for objective in base for activity in objective.get("activities") or []
    }
    filled = []
    for objective in rows:
        activities = []
        for activity in objective.get("activities") or []:
            activity = upgrade(activity)
            missing = [name for name in MEASURE_FIELDS if name not in activity]
            if missing:
                previous = before.get(str(activity.get("code", "")).strip(), {})
                activity = {**activity, **{name: previous.get(name, "") for name in missing}}
            activities.append(activity)
        filled.append({**objective, "activities": activities})
    return filled


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
    if (activity["indicator_en"] or activity["indicator_km"]) and not (activity["target_en"] or activity["target_km"]):
        refuse(_("an indicator needs a target: say what the indicator should reach, in Khmer or in English."))
    if activity["currency"] not in Activity.Currency.values:
        refuse(_("unknown currency %(currency)s."), currency=activity["currency"])
    return errors


def organization_index():
    """Return every organisation as code -> (id, kind), in one query."""
    return {code: (pk, kind) for pk, code, kind in Organization.objects.values_list("pk", "code", "kind")}


@dataclasses.dataclass
class Stored:
    """A section's objectives, activities and partner links as stored, read once per save."""

    objectives: list = dataclasses.field(default_factory=list)
    activities: list = dataclasses.field(default_factory=list)
    # (link id, activity id, organisation id) of every partner of the section's activities.
    links: list = dataclasses.field(default_factory=list)
    # The same as snapshot() gives.
    rows: list = dataclasses.field(default_factory=list)


def stored(section, organizations):
    """Return the section's rows as stored, in three queries; `organizations` is organization_index()."""
    objectives = list(Objective.objects.filter(section=section).order_by("order", "id"))
    activities = list(Activity.objects.filter(objective__section=section).order_by("order", "id"))
    links = list(
        Activity.partners.through.objects.filter(activity__objective__section=section).values_list(
            "pk", "activity_id", "organization_id"
        )
    )
    codes = {pk: code for code, (pk, _kind) in organizations.items()}
    partners, under = {}, {objective.pk: [] for objective in objectives}
    for _pk, activity_id, organization_id in links:
        partners.setdefault(activity_id, []).append(codes[organization_id])
    for activity in activities:
        under[activity.objective_id].append(
            _activity_row(activity, codes[activity.lead_ministry_id], partners.get(activity.pk, []))
        )
    rows = [
        {
            "code": objective.code,
            "text_en": objective.text_en,
            "text_km": objective.text_km,
            "activities": under[objective.pk],
        }
        for objective in objectives
    ]
    return Stored(objectives=objectives, activities=activities, links=links, rows=rows)


# The activity fields replace() writes from a row as they are; lead ministry and partners are looked up.
_PLAIN_FIELDS = [name for name in ACTIVITY_FIELDS if name not in ("lead_ministry", "partners")]


def _activity_values(data, objective, order, ids):
    """Return the model field values of an activity row, as replace() stores them."""
    return {
        "objective_id": objective.pk,
        "order": order,
        "lead_ministry_id": ids[data["lead_ministry"]],
        **{name: data[name] for name in _PLAIN_FIELDS},
    }


def _differs(activity, name, value):
    if name == "budget":
        return _budget(activity.budget) != (None if value is None else _budget(value))
    return getattr(activity, name) != value


def replace(section, rows, organizations=None, current=None):
    """Make the section's stored objectives and activities those of validated `rows`, in a fixed number of queries.

    Only what changed is written: an objective is kept by its code and an
    activity by its code (also when it moves to another objective); they are
    updated where they differ, the new ones inserted and the missing ones
    deleted, and partner links are touched only where they changed. The rows
    stored, their order fields and their partners are the same as if every
    row had been deleted and inserted again. `current` is what stored() read,
    when the caller has it already. Returns the ids of the rows stored (Placed).
    """
    organizations = organization_index() if organizations is None else organizations
    current = stored(section, organizations) if current is None else current
    ids = {code: pk for code, (pk, _kind) in organizations.items()}

    kept_objectives = {objective.code: objective for objective in current.objectives}
    placed, new_objectives, changed_objectives = [], [], []
    for index, row in enumerate(rows):
        wanted = {"order": index, "text_en": row["text_en"], "text_km": row["text_km"]}
        objective = kept_objectives.pop(row["code"], None)
        if objective is None:
            objective = Objective(section=section, code=row["code"], **wanted)
            new_objectives.append(objective)
        elif any(getattr(objective, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(objective, name, value)
            changed_objectives.append(objective)
        placed.append(objective)
    Objective.objects.bulk_create(new_objectives)
    if changed_objectives:
        Objective.objects.bulk_update(changed_objectives, ["order", "text_en", "text_km"])

    kept_activities = {}
    for activity in current.activities:
        kept_activities.setdefault(activity.code, []).append(activity)
    links = {}
    for pk, activity_id, organization_id in current.links:
        links.setdefault(activity_id, {})[organization_id] = pk
    new_activities, changed_activities, changed_fields = [], [], set()
    unlink, link = [], []
    for objective, row in zip(placed, rows, strict=True):
        for index, data in enumerate(row["activities"]):
            values = _activity_values(data, objective, index, ids)
            partners = {ids[code] for code in data["partners"]}
            matches = kept_activities.get(data["code"])
            if not matches:
                activity = Activity(**values)
                new_activities.append((activity, partners))
                continue
            activity = matches.pop(0)
            differing = [name for name, value in values.items() if _differs(activity, name, value)]
            if differing:
                for name in differing:
                    setattr(activity, name, values[name])
                changed_activities.append(activity)
                changed_fields.update(differing)
            had = links.get(activity.pk, {})
            unlink += [pk for organization_id, pk in had.items() if organization_id not in partners]
            link += [(activity, organization_id) for organization_id in sorted(partners - had.keys())]
            if not differing and partners != had.keys():
                changed_activities.append(activity)  # its partners changed: the row has a new version
    if changed_activities:
        for activity in changed_activities:
            activity.version += 1
        # Before the deletions below, so that an activity moved off a removed objective is not deleted with it.
        Activity.objects.bulk_update(changed_activities, [*sorted(changed_fields), "version"])
    gone = [activity.pk for matches in kept_activities.values() for activity in matches]
    if gone:
        Activity.objects.filter(pk__in=gone).delete()
    if kept_objectives:
        Objective.objects.filter(pk__in=[objective.pk for objective in kept_objectives.values()]).delete()
    Activity.objects.bulk_create(activity for activity, _partners in new_activities)
    link += [
        (activity, organization_id) for activity, partners in new_activities for organization_id in sorted(partners)
    ]
    Through = Activity.partners.through
    if unlink:
        Through.objects.filter(pk__in=unlink).delete()
    Through.objects.bulk_create(
        Through(activity_id=activity.pk, organization_id=organization_id) for activity, organization_id in link
    )
    removed = set(gone)
    activities = [activity for activity in current.activities if activity.pk not in removed]
    return Placed(
        objectives={objective.code: objective.pk for objective in placed},
        activities={activity.code: activity.pk for activity in [*activities, *(new for new, _p in new_activities)]},
    )


@dataclasses.dataclass(frozen=True)
class Placed:
    """The ids of a section's objectives and activities after replace(), by code."""

    objectives: dict
    activities: dict
