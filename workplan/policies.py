"""Every answer to "may this user see or do this?" about the work plan comes from here.

Views, forms, the API and the admin ask; they never decide. A user who may
not see a draft gets the same 404 as for one that does not exist, so
`visible_*` functions are the way in for every read.

How roles combine (issue by issue, the workflow adds the ministries' review):
- a published draft is public;
- the secretariat chief sees every draft, opens drafts and edits the front matter;
- secretariat staff see every section of an open draft (drafting, in review)
  and edit the sections of their own task force while the draft is editable;
- the commission chair sees every draft; commission members see drafts once
  they are submitted to the chair;
- superusers see everything (and, like everyone, are audited once the audit
  log exists); they act only through the roles they hold;
- auditors and everyone else see no unpublished draft.
"""

from django.db.models import Q

from members import roles
from taskforces.models import TaskForceMembership

from .models import Draft, Plan, Section

# Draft states in which each reading role sees a draft.
_READERS = {
    roles.STAFF: Draft.EDITABLE,
    roles.MEMBER: (Draft.State.WITH_CHAIR, Draft.State.WITH_COUNCIL),
}


def _task_force_ids(user):
    """Return the ids of the task forces the user works in now (cached on the user)."""
    cached = getattr(user, "_portal_task_forces", None)
    if cached is None:
        cached = set(TaskForceMembership.objects.active().filter(person=user).values_list("task_force_id", flat=True))
        user._portal_task_forces = cached
    return cached


def _sees_all(user):
    return user.is_superuser or bool(roles.roles_of(user) & {roles.CHIEF, roles.CHAIR})


def draft_filter(user):
    """Return a Q selecting the drafts the user may see."""
    visible = Q(state=Draft.State.PUBLISHED)
    if not user.is_authenticated or not user.is_active:
        return visible
    if _sees_all(user):
        return Q()
    held = roles.roles_of(user)
    for role, states in _READERS.items():
        if role in held:
            visible |= Q(state__in=states)
    return visible


def visible_drafts(user, queryset=None):
    """Return the drafts the user may see."""
    queryset = Draft.objects.all() if queryset is None else queryset
    return queryset.filter(draft_filter(user))


def visible_sections(user, queryset=None):
    """Return the sections the user may see."""
    queryset = Section.objects.all() if queryset is None else queryset
    draft_q = draft_filter(user)
    return queryset.filter(draft__in=Draft.objects.filter(draft_q)) if draft_q else queryset


def visible_plans(user, queryset=None):
    """Return the plans with at least one draft the user may see."""
    queryset = Plan.objects.all() if queryset is None else queryset
    draft_q = draft_filter(user)
    if not draft_q:
        return queryset
    return queryset.filter(pk__in=Draft.objects.filter(draft_q).values("plan"))


def can_see_draft(user, draft):
    """Return whether the user may see the draft."""
    if draft.state == Draft.State.PUBLISHED:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if _sees_all(user):
        return True
    held = roles.roles_of(user)
    return any(role in held and draft.state in states for role, states in _READERS.items())


def can_open_draft(user, plan):
    """Return whether the user may open a new draft of the plan."""
    return user.is_authenticated and user.is_active and roles.CHIEF in roles.roles_of(user)


def can_edit_section(user, section):
    """Return whether the user may change the section now (text, rows, restore a revision)."""
    if not (user.is_authenticated and user.is_active and section.draft.is_editable):
        return False
    held = roles.roles_of(user)
    if section.task_force_id is None:
        return roles.CHIEF in held
    return roles.STAFF in held and section.task_force_id in _task_force_ids(user)


def editable_section_ids(user, sections):
    """Return the ids among `sections` the user may edit (no query per section)."""
    return {section.pk for section in sections if can_edit_section(user, section)}
