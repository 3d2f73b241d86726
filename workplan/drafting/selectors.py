"""Reads of the work plan, through workplan.policies, in a fixed number of queries."""

from datetime import timedelta

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from members.models import Organization
from workplan import policies
from workplan.drafting import merge, rows
from workplan.models import (
    Activity,
    Draft,
    Objective,
    SectionPresence,
    SectionRevision,
)

# A section opened in the editor within this time counts as being edited now.
PRESENCE_WINDOW = timedelta(minutes=5)


def get_or_404(queryset, **lookup):
    # Unordered: one object is asked for, and the models' default orderings (plan, draft, section, ...) would
    # otherwise join and sort every table of the chain for it.
    obj = next(iter(queryset.filter(**lookup).order_by()[:1]), None)
    if obj is None:
        # The same answer whether it does not exist or the user may not see it.
        raise Http404
    return obj


# The work plan's first page shows each plan's newest drafts; the plan's own page lists them all.
NEWEST_DRAFTS = 5


def plan_list(user, newest=None):
    """Return the plans the user may see, each with the drafts the user may see (only the `newest` + 1 if given).

    One more than shown is read, so that the page knows whether to link to the rest.
    """
    drafts = policies.visible_drafts(user).order_by("-number")
    if newest is None:
        drafts = drafts.select_related("created_by", "based_on")
    else:
        # The first page names each draft and its state, nothing more.
        drafts = drafts.only("pk", "plan_id", "number", "state")[: newest + 1]
    return policies.visible_plans(user).prefetch_related(Prefetch("drafts", queryset=drafts, to_attr="visible_drafts"))


def plan_get(user, pk):
    """Return a plan the user may see, with its visible drafts, or raise Http404."""
    return get_or_404(plan_list(user), pk=pk)


def draft_get(user, pk):
    """Return a draft the user may see, with its plan, or raise Http404."""
    return get_or_404(policies.visible_drafts(user).select_related("plan", "created_by", "based_on"), pk=pk)


def draft_sections(draft):
    """Return the draft's sections for its table of contents, with who is editing each now."""
    recent = SectionPresence.objects.filter(seen_at__gte=timezone.now() - PRESENCE_WINDOW).select_related("user")
    return (
        draft.sections.select_related("task_force", "updated_by")
        .prefetch_related(Prefetch("presences", queryset=recent, to_attr="recent_presences"))
        .order_by("order", "id")
    )


def _rows_prefetch():
    """Return the prefetch of a section's objectives, activities, lead ministries and partners (three queries)."""
    activities = Activity.objects.select_related("lead_ministry").prefetch_related(
        Prefetch("partners", queryset=Organization.objects.order_by("code"))
    )
    return Prefetch("objectives", queryset=Objective.objects.prefetch_related(Prefetch("activities", activities)))


def section_get(user, pk):
    """Return a section the user may see, with draft, plan, task force and rows, or raise Http404."""
    queryset = (
        policies.visible_sections(user)
        .select_related("draft__plan", "task_force", "updated_by")
        .prefetch_related(_rows_prefetch())
    )
    return get_or_404(queryset, pk=pk)


def activity_get(user, pk):
    """Return an activity of a section the user may see, with its objective, section, draft and partners, or 404."""
    queryset = (
        Activity.objects.filter(objective__section__in=policies.visible_sections(user))
        .select_related("objective__section__draft__plan", "lead_ministry")
        .prefetch_related("partners")
    )
    return get_or_404(queryset, pk=pk)


def section_rows(section):
    """Return the rows of a section already read (by section_head, which asked the policy), as rows.snapshot does."""
    prefetch_related_objects([section], _rows_prefetch())
    return rows.snapshot(section)


def with_rows(section):
    """Return the section (read by section_head, which asked the policy) with its rows prefetched for showing."""
    prefetch_related_objects([section], _rows_prefetch())
    return section


def objective_get(user, pk):
    """Return an objective of a section the user may see, with its section, draft and plan, or raise Http404."""
    queryset = Objective.objects.filter(section__in=policies.visible_sections(user)).select_related(
        "section__draft__plan", "section__task_force"
    )
    return get_or_404(queryset, pk=pk)


def section_objectives(section):
    """Return the section's objectives as rows data without their activities (code and texts), in order."""
    return [
        {"code": code, "text_en": text_en, "text_km": text_km}
        for code, text_en, text_km in section.objectives.order_by("order", "id").values_list(
            "code", "text_en", "text_km"
        )
    ]


def activity_codes(section):
    """Return the codes of the section's activities."""
    return set(Activity.objects.filter(objective__section=section).values_list("code", flat=True))


def _revision_rows(section, number):
    content = SectionRevision.objects.filter(section=section, number=number).values_list("rows", flat=True).first()
    return rows.normalize(content or [])


def activity_as_of(section, number, code):
    """Return the activity `code` as the section's revision `number` held it (with its objective), or None."""
    for objective in _revision_rows(section, number):
        for activity in objective["activities"]:
            if activity["code"] == code:
                return {**activity, "objective": objective["code"]}
    return None


def objective_as_of(section, number, code):
    """Return the texts of objective `code` as the section's revision `number` held them, or None."""
    for objective in _revision_rows(section, number):
        if objective["code"] == code:
            return {"text_en": objective["text_en"], "text_km": objective["text_km"]}
    return None


def section_head(user, pk):
    """Return a section the user may see, with draft, plan and task force but not its rows, or raise Http404."""
    queryset = policies.visible_sections(user).select_related("draft__plan", "task_force", "updated_by")
    return get_or_404(queryset, pk=pk)


def section_in_draft(user, draft_pk, key):
    """Return the section with the same key (task force code or "front") in another visible draft."""
    queryset = policies.visible_sections(user).filter(draft_id=draft_pk)
    queryset = queryset.filter(task_force__isnull=True) if key == "front" else queryset.filter(task_force__code=key)
    return section_get(user, get_or_404(queryset.values_list("pk", flat=True)))


def others_editing(section, user):
    """Return the other people who opened the section in the editor within the last few minutes."""
    since = timezone.now() - PRESENCE_WINDOW
    presences = section.presences.filter(seen_at__gte=since).exclude(user=user).select_related("user")
    return [presence.user for presence in presences]


def revision_list(section):
    """Return the section's revisions, newest first, with their authors."""
    return SectionRevision.objects.filter(section=section).select_related("author").order_by("-number")


def revision_get(section, number):
    """Return one revision of the section, or raise Http404."""
    return get_or_404(SectionRevision.objects.filter(section=section).select_related("author"), number=number)


def conflict_authors(section, base_version, conflicts):
    """Return {conflict key: revision}: the save since `base_version` that last changed what each conflict is about.

    Two queries, whatever the number of conflicts: the revision started from
    and those saved since (a handful: the saves made while one person edited).
    """
    revisions = list(
        SectionRevision.objects.filter(section=section, number__gte=base_version)
        .select_related("author")
        .order_by("number")
    )
    found = {}
    for conflict in conflicts:
        # A passage of rich text is followed as the whole text it lies in.
        path = conflict.path[:1] if conflict.path[0] in merge.RICH_FIELDS else conflict.path
        previous = None
        for revision in revisions:
            value = merge.value_at(revision.content, path)
            if revision.number > base_version and value != previous:
                found[conflict.key] = revision
            previous = value
    return found


def organization_choices():
    """Return (ministries, all organisations) as form choices, in one query."""
    ministries, everyone = [], []
    for organization in Organization.objects.order_by("kind", "name_en"):
        choice = (organization.code, organization.name)
        everyone.append(choice)
        if organization.kind == Organization.Kind.MINISTRY:
            ministries.append(choice)
    return ministries, everyone


def organization_names():
    """Return organisation display names by code, for redlines."""
    return {
        organization.code: organization.name for organization in Organization.objects.only("code", "name_en", "name_km")
    }


def draft_choices(user, plan):
    """Return the other drafts of the plan the user may see, for comparing across drafts."""
    return policies.visible_drafts(user, Draft.objects.filter(plan=plan)).order_by("-number")


def draft_visible(user, pk):
    """Return whether the user may (still) see the draft."""
    return policies.visible_drafts(user).filter(pk=pk).exists()


def section_url(section):
    """Return the address of a section's page."""
    return reverse("workplan:section", kwargs={"pk": section.pk})


def draft_sections_with_rows(draft):
    """Return a draft's sections with their rows, for whole-draft comparisons."""
    activities = Activity.objects.select_related("lead_ministry").prefetch_related(
        Prefetch("partners", queryset=Organization.objects.order_by("code"))
    )
    objectives = Objective.objects.prefetch_related(Prefetch("activities", queryset=activities))
    return (
        draft.sections.select_related("task_force")
        .prefetch_related(Prefetch("objectives", queryset=objectives))
        .order_by("order", "id")
    )


def ministry_list():
    """Return the commission's ministries by name."""
    return list(Organization.objects.ministries().order_by("name_en"))
