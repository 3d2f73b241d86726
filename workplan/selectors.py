"""Reads of the work plan, through workplan.policies, in a fixed number of queries."""

from datetime import timedelta

from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from members import roles
from members.models import Organization, User

from . import policies, rows
from .models import (
    Activity,
    Comment,
    Draft,
    DraftUserObjectPermission,
    Objective,
    ReviewAssignment,
    SectionPresence,
    SectionRevision,
)

# A section opened in the editor within this time counts as being edited now.
PRESENCE_WINDOW = timedelta(minutes=5)


def _get_or_404(queryset, **lookup):
    obj = queryset.filter(**lookup).first()
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
    return _get_or_404(queryset, pk=pk)


def section_rows(section):
    """Return the rows of a section already read (by section_head, which asked the policy), as rows.snapshot does."""
    prefetch_related_objects([section], _rows_prefetch())
    return rows.snapshot(section)


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


def draft_visible(user, pk):
    """Return whether the user may (still) see the draft."""
    return policies.visible_drafts(user).filter(pk=pk).exists()


def _draft_of(obj):
    return obj if isinstance(obj, Draft) else obj.draft


def record_read(request, obj, action):
    """Audit a read of confidential content (anything of a draft that is not published)."""
    if _draft_of(obj).state != Draft.State.PUBLISHED:
        audit.record(action=action, obj=obj, request=request)


def review_get(user, pk):
    """Return a review assignment on a section the user may read, or raise Http404."""
    queryset = policies.visible_reviews(user).select_related("section__draft", "ministry")
    try:
        return _get_or_404(queryset, pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def comment_get(user, pk):
    """Return a comment on a section the user may read, or raise Http404."""
    queryset = policies.visible_comments(user).select_related("section__draft", "author")
    try:
        return _get_or_404(queryset, pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def section_url(section):
    """Return the address of a section's page."""
    return reverse("workplan:section", kwargs={"pk": section.pk})


def section_reviews(section):
    """Return the section's live review assignments with their ministries and deciders."""
    reviews = list(
        section.reviews.filter(removed_at__isnull=True)
        .select_related("ministry", "decided_by")
        .order_by("ministry__name_en")
    )
    for review in reviews:
        review.section = section
    return reviews


def section_threads(section):
    """Return the section's comment threads, each with its replies and authors (two queries)."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return list(
        Comment.objects.filter(section=section, parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("resolved_at", "created_at", "id")
    )


def draft_reviews(draft):
    """Return the live review assignments of a draft's sections, grouped by section id."""
    grouped = {}
    for review in ReviewAssignment.objects.filter(section__draft=draft, removed_at__isnull=True).select_related(
        "ministry", "section"
    ):
        grouped.setdefault(review.section_id, []).append(review)
    return grouped


def draft_shares(draft):
    """Return the people a draft is shared with."""
    granted = DraftUserObjectPermission.objects.filter(content_object=draft, permission__codename="view_draft")
    return User.objects.filter(pk__in=granted.values("user")).order_by("name_en")


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


def submitted_to_chair(user):
    """Return the drafts with the chair that the user may see, with their plans."""
    return list(
        policies.visible_drafts(user)
        .filter(state=Draft.State.WITH_CHAIR)
        .select_related("plan", "based_on")
        .order_by("plan", "-number")
    )


def review_list(user):
    """Return the review assignments the user may see in drafts under review, theirs first."""
    queryset = (
        policies.visible_reviews(user)
        .filter(removed_at__isnull=True, section__draft__state=Draft.State.IN_REVIEW)
        .select_related("section__draft__plan", "ministry", "decided_by")
        .order_by("due_on", "section__order")
    )
    reviews = list(queryset)
    ministries = roles.liaison_ministries(user)
    for review in reviews:
        review.mine = review.ministry_id in ministries
    return sorted(reviews, key=lambda review: not review.mine)


def my_open_reviews(user):
    """Return the reviews waiting for the user's ministry in drafts under review, soonest due first.

    Filtered in the database: the dashboard shows the few that wait, not every review of every section.
    Waiting means no decision yet, changes asked, or an approval of a revision the section has since left.
    """
    current_approval = Q(decision=ReviewAssignment.Decision.APPROVE, revision_number=F("section__version"))
    return list(
        policies.reviews_to_decide(user)
        .exclude(current_approval)
        .select_related("section__draft__plan", "ministry", "decided_by")
        .order_by("due_on", "section__order", "pk")
    )


def section_search(user, query):
    """Return up to 50 sections the user may read whose titles or texts contain the words."""
    matches = Q()
    for word in query.split()[:8]:
        matches &= (
            Q(title_en__icontains=word)
            | Q(title_km__icontains=word)
            | Q(body_en__icontains=word)
            | Q(body_km__icontains=word)
        )
    return list(
        policies.visible_sections(user)
        .filter(matches)
        .select_related("draft__plan", "task_force")
        .order_by("-draft__number", "order")[:50]
    )


def ministry_list():
    """Return the commission's ministries by name."""
    return list(Organization.objects.ministries().order_by("name_en"))


def my_work(user):
    """Return what needs the user now, by role, in a fixed number of queries."""
    held = roles.roles_of(user)
    work = {}
    open_drafts = policies.visible_drafts(user).exclude(state__in=Draft.CLOSED).select_related("plan")
    if held & {roles.CHIEF, roles.STAFF, roles.CHAIR, roles.MEMBER} or user.is_superuser:
        work["drafts"] = list(open_drafts.order_by("plan", "-number"))
    if roles.STAFF in held:
        task_forces = policies._task_force_ids(user)
        work["my_sections"] = list(
            policies.visible_sections(user)
            .filter(task_force_id__in=task_forces, draft__state__in=Draft.EDITABLE)
            .select_related("draft__plan", "task_force")
            .order_by("draft", "order")
        )
    if roles.LIAISON in held:
        work["my_reviews"] = my_open_reviews(user)
    if roles.CHAIR in held:
        work["with_chair"] = submitted_to_chair(user)
    return work
