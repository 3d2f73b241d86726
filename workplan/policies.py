"""Every answer to "may this user see or do this?" about the work plan comes from here.

Views, forms, the API, the admin, exports, search and notifications ask;
they never decide. A user who may not see a draft gets the same 404 as for
one that does not exist, so the `visible_*` functions are the way in for
every read, and `can` answers for every action.

How roles and object grants combine:
- a published draft is public, for everyone, signed in or not;
- the secretariat chief and the commission chair see every draft;
- secretariat staff see every section of a draft while it is drafted or in
  review, and edit their own task force's sections then (the chief edits
  the front matter);
- commission members see drafts once they are with the chair or the Council;
- a ministry liaison sees, while a draft is in review, the draft's table of
  contents and the sections assigned to the ministry of their liaison seat,
  and nothing else;
- a draft shared with a named person (a django-guardian grant on that draft,
  in its own foreign-key table) shows that person the whole draft until the
  grant is revoked; grants are read on every request, never cached;
- superusers see everything, like the chief, and act only through the roles
  they hold; everything they read is audited like anyone's;
- auditors read the audit log and no draft; deactivated accounts see nothing
  but published plans;
- search finds what these rules show: a plan, section, objective or
  activity where its section (or, for a plan, one of its drafts) may be
  read, and comments only for the signed-in (the public pages show none);
- a working copy (what someone typed in the editor and has not saved) is its
  writer's alone: no role, not the chief's, the chair's or a superuser's,
  reads another person's.
Global model permissions never open a draft: only these rules do.
Roles are the organisation's active memberships (members.roles): a seat
ended in the admin takes its powers away at the next request.
"""

from django.db.models import Exists, OuterRef, Q

from members import roles
from members.models import User
from taskforces.models import TaskForceMembership
from workplan.models import (
    Comment,
    Draft,
    DraftUserObjectPermission,
    Plan,
    ReviewAssignment,
    SearchDocument,
    Section,
    WorkingCopy,
)
from workplan.workflow import steps

State = Draft.State
OPEN_FOR_COMMENTS = (State.DRAFTING, State.IN_REVIEW, State.WITH_CHAIR, State.WITH_COUNCIL)

# Draft states in which a reading role sees a whole draft.
_READERS = {
    roles.STAFF: Draft.EDITABLE,
    roles.MEMBER: (State.WITH_CHAIR, State.WITH_COUNCIL),
}

_CHIEF_ACTIONS = {"open_draft", "share_draft", "assign_reviewers"}


def _signed_in(user):
    return user.is_authenticated and user.is_active


def _held(user):
    return roles.roles_of(user) if _signed_in(user) else set()


def _sees_all(user):
    return _signed_in(user) and (user.is_superuser or bool(_held(user) & {roles.CHIEF, roles.CHAIR}))


def _task_force_ids(user):
    """Return the ids of the task forces the user works in now (cached on the user for the request)."""
    cached = getattr(user, "_portal_task_forces", None)
    if cached is None:
        cached = set(TaskForceMembership.objects.active().filter(person=user).values_list("task_force_id", flat=True))
        user._portal_task_forces = cached
    return cached


def _granted_drafts(user):
    return DraftUserObjectPermission.objects.filter(user=user, permission__codename="view_draft").values(
        "content_object"
    )


def _whole_draft_q(user):
    """Return a Q over drafts the user sees whole (every section)."""
    visible = Q(state=State.PUBLISHED)
    if not _signed_in(user):
        return visible
    if _sees_all(user):
        return Q()
    held = _held(user)
    for role, states in _READERS.items():
        if role in held:
            visible |= Q(state__in=states)
    return visible | Q(pk__in=_granted_drafts(user))


def _ministries(user):
    """Return the ids of the ministries the user answers for as a liaison now."""
    return roles.liaison_ministries(user) if _signed_in(user) else frozenset()


def _is_liaison(user):
    return bool(_ministries(user))


def _assigned(user, section_ref="pk"):
    """Return an Exists over live review assignments of the user's ministries for the section at `section_ref`."""
    return Exists(
        ReviewAssignment.objects.filter(
            section_id=OuterRef(section_ref), ministry_id__in=_ministries(user), removed_at__isnull=True
        )
    )


def visible_drafts(user, queryset=None):
    """Return the drafts the user may see (whole, or their table of contents as a liaison)."""
    queryset = Draft.objects.all() if queryset is None else queryset
    visible = _whole_draft_q(user)
    if _is_liaison(user) and visible != Q():
        assigned = ReviewAssignment.objects.filter(
            section__draft=OuterRef("pk"), ministry_id__in=_ministries(user), removed_at__isnull=True
        )
        visible |= Q(Exists(assigned), state=State.IN_REVIEW)
    return queryset.filter(visible)


def visible_sections(user, queryset=None):
    """Return the sections the user may read."""
    queryset = Section.objects.all() if queryset is None else queryset
    whole = _whole_draft_q(user)
    if whole == Q():
        return queryset
    visible = Q(draft__in=Draft.objects.filter(whole))
    if _is_liaison(user):
        visible |= Q(_assigned(user), draft__state=State.IN_REVIEW)
    return queryset.filter(visible)


def visible_plans(user, queryset=None):
    """Return the plans with at least one draft the user may see."""
    queryset = Plan.objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=visible_drafts(user).values("plan"))


def visible_reviews(user, queryset=None):
    """Return the review assignments the user may see: those on sections they may read."""
    queryset = ReviewAssignment.objects.all() if queryset is None else queryset
    return queryset.filter(section__in=visible_sections(user))


def visible_comments(user, queryset=None):
    """Return the comments the user may read: those on sections they may read."""
    queryset = Comment.objects.all() if queryset is None else queryset
    return queryset.filter(section__in=visible_sections(user))


def visible_search_documents(user, queryset=None):
    """Return the search documents the user may find: those of sections they may read, and of plans they see.

    A comment is found only by the signed-in: the public pages show the
    published plan's text, never its comments.
    """
    queryset = SearchDocument.objects.all() if queryset is None else queryset
    Kind = SearchDocument.Kind
    # Those who see all: every section, as visible_sections answers them, without its subquery.
    rows = Q(section__isnull=False) if _whole_draft_q(user) == Q() else Q(section__in=visible_sections(user))
    if not _signed_in(user):
        rows &= ~Q(kind=Kind.COMMENT)
    return queryset.filter(rows | Q(kind=Kind.PLAN, plan__in=visible_plans(user)))


def visible_working_copies(user, queryset=None):
    """Return the working copies the user may read: their own, of sections they may still read."""
    queryset = WorkingCopy.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(author=user, section__in=visible_sections(user))


def can_see_draft(user, draft):
    """Return whether the user may see the draft."""
    return visible_drafts(user, Draft.objects.filter(pk=draft.pk)).exists()


def can_see_whole_draft(user, draft):
    """Return whether the user may read every section of the draft (not only assigned ones)."""
    return Draft.objects.filter(_whole_draft_q(user), pk=draft.pk).exists()


def can_see_section(user, section):
    """Return whether the user may read the section."""
    return visible_sections(user, Section.objects.filter(pk=section.pk)).exists()


def can_open_draft(user, plan):
    """Return whether the user may open a new draft of the plan."""
    return roles.CHIEF in _held(user)


def can_edit_section(user, section):
    """Return whether the user may change the section now (text, rows, restore a revision)."""
    if not (_signed_in(user) and section.draft.is_editable):
        return False
    held = _held(user)
    if section.task_force_id is None:
        return roles.CHIEF in held
    return roles.STAFF in held and section.task_force_id in _task_force_ids(user)


def can_keep_working_copy(user, section):
    """Return whether the user may keep what they type in the section's editor: only while they may edit it."""
    return can_edit_section(user, section)


def editable_section_ids(user, sections):
    """Return the ids among `sections` the user may edit (no query per section)."""
    return {section.pk for section in sections if can_edit_section(user, section)}


def can_act(user, action, draft):
    """Return whether the user's role takes the workflow step `action` (the state is checked by workflow).

    Who takes each step is declared once, with the step, in `workplan.workflow.steps`.
    """
    step = steps.get(action)
    return step is not None and step.role in _held(user)


def can_manage(user, action, draft):
    """Return whether the user may share the draft, revoke a share, or assign its reviewers."""
    if roles.CHIEF not in _held(user):
        return False
    if action == "revoke_share":
        return True  # a grant can always be taken back, whatever the draft's state
    return action in _CHIEF_ACTIONS and draft.state not in Draft.CLOSED


def can_review(user, assignment):
    """Return whether the user decides this review: a liaison of its ministry, while the draft is in review."""
    return (
        _is_liaison(user)
        and assignment.removed_at is None
        and assignment.ministry_id in _ministries(user)
        and assignment.section.draft.state == State.IN_REVIEW
    )


def reviews_to_decide(user, queryset=None):
    """Return the review assignments the user decides now: `can_review` as a queryset.

    Each is one the user may see: a liaison reads every section assigned to their ministry while its
    draft is in review (`visible_sections`).
    """
    queryset = ReviewAssignment.objects.all() if queryset is None else queryset
    if not _is_liaison(user):
        return queryset.none()
    return queryset.filter(
        ministry_id__in=_ministries(user), removed_at__isnull=True, section__draft__state=State.IN_REVIEW
    )


def can_comment(user, section):
    """Return whether the user may comment on the section (they can read it and the draft is not closed)."""
    return _signed_in(user) and section.draft.state in OPEN_FOR_COMMENTS and can_see_section(user, section)


def can_resolve(user, thread):
    """Return whether the user may resolve or reopen a thread: its author, the section's task force, the chief."""
    return thread.pk in resolvable_threads(user, thread.section, [thread])


def resolvable_threads(user, section, threads):
    """Return the ids of `threads` (all of `section`) that the user may resolve or reopen, with no query per thread."""
    if not (_signed_in(user) and section.draft.state in OPEN_FOR_COMMENTS):
        return set()
    if roles.CHIEF in _held(user) or can_edit_section(user, section):
        return {thread.pk for thread in threads}
    return {thread.pk for thread in threads if thread.author_id == user.pk}


def section_readers(section, people):
    """Return those of `people` who may read the section, in one query, whatever their number.

    The rules of `visible_sections`, asked from the people's side: for
    notifications, which go to many people about one section.
    """
    draft = section.draft
    if draft.state == State.PUBLISHED:
        who = Q()  # public: everyone, signed in or not, active or not
    else:
        who = Q(is_superuser=True) | roles.holding(roles.CHIEF) | roles.holding(roles.CHAIR)
        for role, states in _READERS.items():
            if draft.state in states:
                who |= roles.holding(role)
        who |= Q(
            Exists(
                DraftUserObjectPermission.objects.filter(
                    user=OuterRef("pk"), content_object=draft, permission__codename="view_draft"
                )
            )
        )
        if draft.state == State.IN_REVIEW:
            ministries = ReviewAssignment.objects.filter(section=section, removed_at__isnull=True).values("ministry")
            who |= roles.holding(roles.LIAISON, ministry__in=ministries)
        who &= Q(is_active=True)
    people = list(people)
    readers = set(User.objects.filter(who, pk__in=[person.pk for person in people]).values_list("pk", flat=True))
    return [person for person in people if person.pk in readers]


def can_export(user, draft):
    """Return whether the user may export the draft: whoever reads it whole (a published draft: anyone)."""
    return draft.state == State.PUBLISHED or can_see_whole_draft(user, draft)


def can_download_export(user, export):
    """Return whether the user may follow and download an export.

    An export of a published plan is everyone's. An export of a draft is its
    requester's alone, and only while they may still read the whole draft: a
    share revoked, a role lost or the draft moved on takes the file away too.
    """
    if not export.is_confidential:
        return True
    return (
        _signed_in(user)
        and export.requested_by_id == user.pk
        and Draft.objects.filter(_whole_draft_q(user), pk=export.draft_id).exists()
    )


def reviewers_of(sections):
    """Return the active liaisons of the ministries assigned to any of `sections`."""
    ministries = ReviewAssignment.objects.filter(section__in=sections, removed_at__isnull=True).values("ministry")
    return liaisons_of(ministries).distinct()


def liaisons_of(ministries):
    """Return the active liaisons who answer for `ministries` (ids, or a queryset of ids)."""
    return User.objects.filter(roles.holding(roles.LIAISON, ministry__in=ministries), is_active=True)


def people_with_role(role):
    """Return the active people holding a role (for notifications)."""
    return User.objects.filter(roles.holding(role), is_active=True)


def task_force_staff(section):
    """Return the active staff of the section's task force (the chief for the front matter)."""
    if section.task_force_id is None:
        return people_with_role(roles.CHIEF)
    members = TaskForceMembership.objects.active().filter(task_force_id=section.task_force_id).values("person")
    return User.objects.filter(roles.holding(roles.STAFF), is_active=True, pk__in=members)


def drafting_staff(sections):
    """Return the active staff of the task forces that write any of `sections`."""
    task_forces = sections.exclude(task_force__isnull=True).values("task_force")
    members = TaskForceMembership.objects.active().filter(task_force__in=task_forces).values("person")
    return User.objects.filter(roles.holding(roles.STAFF), is_active=True, pk__in=members)
