"""Reads of the work plan, through workplan.policies, in a fixed number of queries."""

from datetime import timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from members.models import Organization

from . import policies
from .models import Activity, Draft, Objective, SectionPresence, SectionRevision

# A section opened in the editor within this time counts as being edited now.
PRESENCE_WINDOW = timedelta(minutes=5)


def _get_or_404(queryset, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        # The same answer whether it does not exist or the user may not see it.
        raise Http404
    return obj


def plan_list(user):
    """Return the plans the user may see, each with the drafts the user may see."""
    drafts = policies.visible_drafts(user).select_related("created_by", "based_on").order_by("-number")
    return policies.visible_plans(user).prefetch_related(Prefetch("drafts", queryset=drafts, to_attr="visible_drafts"))


def plan_get(user, pk):
    """Return a plan the user may see, with its visible drafts, or raise Http404."""
    return _get_or_404(plan_list(user), pk=pk)


def draft_get(user, pk):
    """Return a draft the user may see, with its plan, or raise Http404."""
    return _get_or_404(policies.visible_drafts(user).select_related("plan", "created_by", "based_on"), pk=pk)


def draft_sections(draft):
    """Return the draft's sections for its table of contents, with who is editing each now."""
    recent = SectionPresence.objects.filter(seen_at__gte=timezone.now() - PRESENCE_WINDOW).select_related("user")
    return (
        draft.sections.select_related("task_force", "updated_by")
        .prefetch_related(Prefetch("presences", queryset=recent, to_attr="recent_presences"))
        .order_by("order", "id")
    )


def section_get(user, pk):
    """Return a section the user may see, with draft, plan, task force and rows, or raise Http404."""
    activities = Activity.objects.select_related("lead_ministry").prefetch_related(
        Prefetch("partners", queryset=Organization.objects.order_by("code"))
    )
    objectives = Objective.objects.prefetch_related(Prefetch("activities", queryset=activities))
    queryset = (
        policies.visible_sections(user)
        .select_related("draft__plan", "task_force", "updated_by")
        .prefetch_related(Prefetch("objectives", queryset=objectives))
    )
    return _get_or_404(queryset, pk=pk)


def section_head(user, pk):
    """Return a section the user may see, with draft, plan and task force but not its rows, or raise Http404."""
    queryset = policies.visible_sections(user).select_related("draft__plan", "task_force", "updated_by")
    return _get_or_404(queryset, pk=pk)


def section_in_draft(user, draft_pk, key):
    """Return the section with the same key (task force code or "front") in another visible draft."""
    queryset = policies.visible_sections(user).filter(draft_id=draft_pk)
    queryset = queryset.filter(task_force__isnull=True) if key == "front" else queryset.filter(task_force__code=key)
    return section_get(user, _get_or_404(queryset.values_list("pk", flat=True)))


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
    return _get_or_404(SectionRevision.objects.filter(section=section).select_related("author"), number=number)


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
