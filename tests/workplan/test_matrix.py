"""The permission matrix: every URL of the site, every role, every draft state, GET and POST (and PATCH in the API).

The URLs come from the resolver, so a new one fails `test_every_url_pattern_has_a_decision`
until TABLE says who gets what from it. A URL that names no draft is fetched once, with
a draft in every state in the database. The expected answers are computed from the
portal's confidentiality rules as written below (from the policy's docstring and the
workflow's declaration of steps), never by asking workplan.policies: the test would
otherwise only mirror the code.

Outcome classes: "ok" (2xx, or a redirect to a page with no warning: the success of
a form), "refused" (a redirect back with an error message: the page's way of saying
400/409; also the admin's answer for an id it does not have), "redirect-login"
(to /accounts/login/ or /admin/login/), or the status code ("400", "401", "403",
"404", "405", "409", "500").
"""

import re
import uuid
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEvent
from commission.models import Commission, CommissionMembership, Secretariat, SecretariatMembership, SubDecree
from members import roles
from members.models import LiaisonMembership, UserSession
from taskforces.models import TaskForceMembership
from tests.workplan.builders import activity_form_data
from tests.workplan.matrix_support import (
    ROLES,
    STATES,
    SUBJECTS,
    WRITER,
    Browser,
    Door,
    World,
    editor_form,
    quiet_request_log,
    url_for,
    url_patterns,
)
from workplan.exports import services as exports
from workplan.models import Draft, Export
from workplan.workflow import steps

pytestmark = [pytest.mark.django_db, pytest.mark.sweep]

LOGIN, OK, REFUSED = "redirect-login", "ok", "refused"
MISSING_ID = 987_654_321

# --- The rules ----------------------------------------------------------------------

EVERY_STATE = frozenset(STATES)
OPEN = EVERY_STATE - {"published", "returned"}  # comments, sharing and reviewers while a draft is open
EDITABLE = frozenset({"drafting", "in_review"})
SIGNED_IN = frozenset(ROLES) - {"anonymous", "deactivated"}  # a deactivated account's session signs no one in
ADMIN_STAFF = frozenset({"chief", "member", "superuser"})  # active accounts marked is_staff
AUDIT_READERS = frozenset({"auditor", "superuser"})

# 1. Who reads a whole draft, by the draft's state. A published draft is everyone's.
_DRAFTED = frozenset({"drafting", "in_review", "published"})
READS_WHOLE = {
    "anonymous": {"published"},
    "deactivated": {"published"},
    "auditor": {"published"},
    "liaison": {"published"},
    "other_liaison": {"published"},
    "staff": _DRAFTED,  # secretariat staff: drafted and in review
    "outsider": _DRAFTED,  # whatever their task force
    "member": {"with_chair", "with_council", "published"},
    "chief": EVERY_STATE,
    "chair": EVERY_STATE,
    "superuser": EVERY_STATE,
}
# 2. A liaison of a ministry assigned to review reads, while the draft is in review, its table of contents and the
# assigned sections (in this world Interior reviews the prevention section), and nothing else.
ASSIGNED_LIAISONS = frozenset({"liaison"})
# 3. A plan shows when one of its drafts does; the plan of the returned draft also holds the next draft (drafting).
PLAN_HOLDS = {**{state: {state} for state in STATES}, "returned": {"returned", "drafting"}}


def reads_whole(role, state):
    return state in READS_WHOLE[role]


def reads(role, state):
    """Whether the role sees the draft (and the prevention section) at all."""
    return reads_whole(role, state) or (role in ASSIGNED_LIAISONS and state == "in_review")


def reads_plan(role, state):
    return any(reads(role, held) for held in PLAN_HOLDS[state])


# 4. Who acts. The workflow's moves and their actors, read from its one declaration (pinned to the design by
# tests/workplan/test_workflow_steps.py), so a new step is in the matrix the moment it is declared; and the
# move each state's transition POST tries.
MATRIX_ROLE = {roles.CHIEF: "chief", roles.CHAIR: "chair"}
MOVES = {(step.source, step.name): MATRIX_ROLE[step.role] for step in steps.STEPS.values()}
TRIED_MOVE = {
    "drafting": "submit_for_review",
    "in_review": "reopen",
    "with_chair": "chair_approve",
    "with_council": "chair_approve",  # not a move of this state: refused whoever asks
    "published": "reopen",
    "returned": "reopen",
}


def edits(role, state):
    """Staff edit their own task force's section (the prevention section is the staff's) while it is editable."""
    return role == "staff" and state in EDITABLE


def manages(role, state):
    """The chief shares an open draft and assigns its reviewers (superusers act only through roles they hold)."""
    return role == "chief" and state in OPEN


def resolves(role, state):
    """A thread is resolved by its author (a colleague here), the section's task force or the chief, while open."""
    return state in OPEN and (role == "chief" or edits(role, state))


def decides(role, state):
    """Interior's liaison decides Interior's review, while the draft is in review."""
    return role == "liaison" and state == "in_review"


# 5. Exports. A draft's export is its requester's alone, and only while they read the whole draft; the published
# plan's export (what an export of a published draft gives) is everyone's. In this world the chief asks for each
# draft's export; a visitor is sent to sign in for one of a draft, whether it exists or not.
EXPORTER = "chief"


def follows_export(role, state):
    return state == "published" or (role == EXPORTER and reads_whole(role, state))


# --- Expectations built from the rules --------------------------------------------------


def signed_in(get=None, post=None, delete=None):
    """A page behind the sign-in: `get`/`post`/`delete` answer for a signed-in role (None: the method is not
    allowed)."""

    def expect(role, state, method):
        if role not in SIGNED_IN:
            return LOGIN
        answer = {"GET": get, "POST": post, "DELETE": delete}[method]
        return "405" if answer is None else answer(role, state)

    return expect


def everyone(get=OK, post="405"):
    """A public URL: the same answer for every role, signed in or not."""
    return lambda role, state, method: get if method == "GET" else post


def seen(role, state):
    return OK if reads(role, state) else "404"


def seen_whole(role, state):
    return OK if reads_whole(role, state) else "404"


def seen_plan(role, state):
    return OK if reads_plan(role, state) else "404"


def listed(role, state):
    return OK


def if_seen(allowed):
    """Unseen: 404, as for an id that does not exist; seen but not allowed: 403; else ok."""

    def answer(role, state):
        if not reads(role, state):
            return "404"
        return OK if allowed(role, state) else "403"

    return answer


def own_working_copy(role, state):
    """A working copy is read by its writer alone (in this world, the staff member's of the prevention section), and
    only while they may still read its section: for anyone else it does not exist."""
    return OK if role == WRITER and reads(role, state) else "404"


def objective_removal(role, state):
    """The objective the matrix names still has its activity: an editor is told to move or remove it first."""
    answer = if_seen(edits)(role, state)
    return REFUSED if answer == OK else answer


def transition(role, state):
    if not reads(role, state):
        return "404"
    actor = MOVES.get((state, TRIED_MOVE[state]))
    if actor is None:
        return REFUSED  # the state does not allow the move: a message, whoever asks
    return OK if role == actor else "403"


def council_form(role, state):
    if not reads(role, state):
        return "404"
    return OK if role == "chief" else "403"


def council_decision(role, state):
    answer = council_form(role, state)
    if answer == OK and state != "with_council":
        return "409"
    return answer


def council_scan(role, state):
    return OK if reads(role, state) and state in ("published", "returned") else "404"


def open_draft(role, state):
    if not reads_plan(role, state):
        return "404"
    if role != "chief":
        return "403"
    return OK if state == "published" else REFUSED  # a plan has one open draft at a time


def audit_page(role, state, method):
    if role not in SIGNED_IN:
        return LOGIN
    if role not in AUDIT_READERS:
        return "404"  # the log does not exist for them
    return OK if method == "GET" else "405"


def public_plan(role, state, method):
    if method == "POST":
        return "405"
    return OK if state == "published" else "404"


def api(get=None, post=None, patch=None, put=None, delete=None):
    """The confidential REST API: like `signed_in`, but a client that is not signed in gets 401, whatever it asks."""

    def expect(role, state, method):
        if role not in SIGNED_IN:
            return "401"
        answer = {"GET": get, "POST": post, "PATCH": patch, "PUT": put, "DELETE": delete}[method]
        return "405" if answer is None else answer(role, state)

    return expect


def api_open_draft(role, state):
    answer = open_draft(role, state)
    return "400" if answer == REFUSED else answer  # the API's way of refusing a second open draft


def api_transition(role, state):
    answer = transition(role, state)
    return "409" if answer == REFUSED else answer


def admin_logout(role, state, method):
    if role not in ADMIN_STAFF:
        return OK  # sent to the admin's index, which sends them to sign in
    return OK if method == "POST" else "405"


def admin_site(get=OK, post=OK):
    """An admin page: admin staff get `get`/`post`, everyone else is sent to sign in."""

    def expect(role, state, method):
        if role not in ADMIN_STAFF:
            return LOGIN
        return get if method == "GET" else post

    return expect


def export_page(*methods):
    """An export's own page (status, progress, retry, download), answering `methods`; 405 for the others."""

    def expect(role, state, method):
        if state != "published":
            if role not in SIGNED_IN:
                return LOGIN
            if not follows_export(role, state):
                return "404"
        return OK if method in methods else "405"

    return expect


# --- Bodies of the POSTs: real ones, so that who may act is tested (every request is rolled back) --------


def transition_body(world, state):
    return {"action": TRIED_MOVE[state], "remarks": "Matrix"}


def council_body(world, state):
    return {"decision": "approve", "decision_date": "2010-03-01", "decision_reference": "1 SSR"}


def editor_body(world, state):
    return editor_form(world, world.sections[state], body_en="<p>Changed by the matrix.</p>")


def working_copy_body(world, state):
    world.sections[state].refresh_from_db()
    texts = {"title_en": "Matrix", "title_km": "Matrix", "body_en": "<p>Kept by the matrix.</p>", "body_km": ""}
    return {"base_version": world.sections[state].version, **texts}


def version_body(world, state):
    world.sections[state].refresh_from_db()
    return {"version": world.sections[state].version}


def activity_body(world, state):
    """One activity's form as the editor opens it, with a change."""
    activity = SUBJECTS["activity"](world, state)
    return activity_form_data(world.sections[state], activity.code, budget="1,234", summary="Matrix")


def new_activity_body(world, state):
    body = activity_body(world, state)
    return {key: value for key, value in body.items() if key not in ("version", "section_version", "summary")}


def removal_body(world, state):
    return {"version": SUBJECTS["activity"](world, state).version}


def objective_body(world, state):
    world.sections[state].refresh_from_db()
    return {"text_en": "Matrix objective", "text_km": "", "section_version": world.sections[state].version}


def down(world, state):
    return {"direction": "down"}


def restore_kwargs(world, obj):
    return {"pk": obj.pk, "number": 1}


def no_kwargs(world, obj):
    return {}


def export_kwargs(world, obj):
    """Name the chief's export of the draft (built), or the published plan's for a published draft."""
    if not isinstance(obj, Draft):
        return {"pk": uuid.UUID(int=MISSING_ID)}
    chief = world.people[EXPORTER]
    export = Export.objects.filter(draft=obj, requested_by=chief).first()
    if export is None:
        export = exports.export_request(chief, obj, "csv", "en")
    if export.status == Export.Status.PENDING:
        exports.export_build(export.pk)
    return {"pk": export.pk}


def if_match(world, state):
    """The ETag of the section's current version, as the API's GET gives it."""
    section = world.sections[state]
    section.refresh_from_db()
    return {"HTTP_IF_MATCH": f'"section-{section.pk}-v{section.version}"'}


def activity_if_match(world, state):
    """The ETag of the activity's current version, as the API's GET gives it."""
    activity = SUBJECTS["activity"](world, state)
    return {"HTTP_IF_MATCH": f'"activity-{activity.pk}-v{activity.version}"'}


# --- The table: every URL pattern of the site -----------------------------------------------

TABLE = {
    "home": Door(everyone()),
    "healthz": Door(everyone(OK, OK)),
    "dashboard": Door(signed_in(get=listed)),
    "set_language": Door(everyone(OK, OK), body=lambda world, state: {"language": "en", "next": "/"}),
    "login": Door(everyone(OK, OK)),
    "logout": Door(everyone("405", OK)),
    "tokens": Door(signed_in(get=listed, post=listed), body=lambda world, state: {"name": "matrix"}),
    # One's own password: nothing of a draft. A reset link that does not work says so (200), whoever asks.
    "password_change": Door(signed_in(get=listed, post=listed)),
    "password_reset": Door(everyone(OK, OK), body=lambda world, state: {"email": "nobody@example.org"}),
    # One's own two-step sign-in: nothing of a draft. The roles' clients have given their code already.
    "second_factor": Door(signed_in(get=listed, post=listed), body=lambda world, state: {"action": "codes"}),
    "second_factor_verify": Door(signed_in(get=listed, post=listed), body=lambda world, state: {"code": "000000"}),
    "password_reset_done": Door(everyone()),
    "password_reset_confirm": Door(
        everyone(OK, OK), kwargs=lambda world, obj: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    "password_reset_complete": Door(everyone()),
    "commission:detail": Door(everyone()),
    "workplan:home": Door(signed_in(get=listed)),
    "workplan:plan": Door(signed_in(get=seen_plan), subject="plan"),
    "workplan:draft-open": Door(signed_in(post=open_draft), subject="plan"),
    "workplan:draft": Door(signed_in(get=seen), subject="draft"),
    "workplan:section": Door(signed_in(get=seen), subject="section"),
    "workplan:section-edit": Door(
        signed_in(get=if_seen(edits), post=if_seen(edits)), subject="section", body=editor_body
    ),
    "workplan:section-history": Door(signed_in(get=seen), subject="section"),
    "workplan:section-compare": Door(signed_in(get=seen), subject="section", query={"a": 1, "b": 2}),
    "workplan:section-restore": Door(
        signed_in(post=if_seen(edits)), subject="section", kwargs=restore_kwargs, body=version_body
    ),
    "workplan:section-presence": Door(signed_in(post=if_seen(edits)), subject="section"),
    # Keeping what is typed needs the right to edit now; dropping one's own working copy, only to see the section.
    "workplan:section-autosave": Door(
        signed_in(post=if_seen(edits), delete=seen),
        subject="section",
        body=editor_body,
        methods=("GET", "POST", "DELETE"),
    ),
    "workplan:section-autosave-discard": Door(signed_in(post=seen), subject="section"),
    # The editor's rows, one at a time: read where the section is seen, changed where it is editable.
    "workplan:section-rows": Door(signed_in(get=seen), subject="section"),
    "workplan:activity": Door(signed_in(get=seen), subject="activity"),
    "workplan:activity-edit": Door(
        signed_in(get=if_seen(edits), post=if_seen(edits)), subject="activity", body=activity_body
    ),
    "workplan:activity-add": Door(
        signed_in(get=if_seen(edits), post=if_seen(edits)), subject="section", body=new_activity_body
    ),
    "workplan:activity-move": Door(signed_in(post=if_seen(edits)), subject="activity", body=down),
    "workplan:activity-remove": Door(
        signed_in(get=if_seen(edits), post=if_seen(edits)), subject="activity", body=removal_body
    ),
    "workplan:objective-edit": Door(
        signed_in(get=if_seen(edits), post=if_seen(edits)), subject="objective", body=objective_body
    ),
    "workplan:objective-add": Door(
        signed_in(get=if_seen(edits), post=if_seen(edits)), subject="section", body=objective_body
    ),
    "workplan:objective-move": Door(signed_in(post=if_seen(edits)), subject="objective", body=down),
    "workplan:objective-remove": Door(signed_in(get=if_seen(edits), post=objective_removal), subject="objective"),
    "workplan:draft-transition": Door(signed_in(post=transition), subject="draft", body=transition_body),
    "workplan:council": Door(signed_in(get=council_form, post=council_decision), subject="draft", body=council_body),
    "workplan:council-scan": Door(signed_in(get=council_scan), subject="draft"),
    "workplan:draft-share": Door(
        signed_in(post=if_seen(manages)), subject="draft", body=lambda world, state: {"username": "guest-x"}
    ),
    "workplan:draft-redline": Door(signed_in(get=seen_whole), subject="draft"),
    "workplan:section-reviewers": Door(
        signed_in(post=if_seen(manages)), subject="section", body=lambda world, state: {"ministry": "social-affairs"}
    ),
    "workplan:comment-create": Door(
        signed_in(post=if_seen(lambda role, state: state in OPEN)),
        subject="section",
        body=lambda world, state: {"body": "A comment from the matrix"},
    ),
    "workplan:comment-resolve": Door(signed_in(post=if_seen(resolves)), subject="comment"),
    "workplan:reviews": Door(signed_in(get=listed)),
    "workplan:review-decision": Door(
        signed_in(post=if_seen(decides)), subject="review", body=lambda world, state: {"decision": "approve"}
    ),
    "workplan:chair": Door(signed_in(get=listed)),
    # Search is everyone's: the public finds the published plans, the signed-in what they may read.
    "search": Door(everyone(), query={"q": "Prevention"}),
    "workplan:search": Door(everyone(), query={"q": "Prevention"}),  # the first address: sent on to /search/
    "audit:events": Door(audit_page),
    "audit:export": Door(audit_page),
    "workplan:draft-exports": Door(
        signed_in(get=seen_whole, post=seen_whole),
        subject="draft",
        body=lambda world, state: {"format": "csv", "language": "en"},
    ),
    "workplan:export": Door(export_page("GET"), subject="draft", kwargs=export_kwargs),
    "workplan:export-progress": Door(export_page("GET"), subject="draft", kwargs=export_kwargs),
    "workplan:export-retry": Door(export_page("POST"), subject="draft", kwargs=export_kwargs),
    "workplan:export-download": Door(export_page("GET"), subject="draft", kwargs=export_kwargs),
    "public-plans": Door(everyone()),
    "public-plan": Door(public_plan, subject="plan"),
    "public-plan-export": Door(
        public_plan, subject="plan", kwargs=lambda world, obj: {"pk": obj.pk, "format": "csv"}, query={"language": "en"}
    ),
    "notifications": Door(signed_in(get=listed)),
    "api-ministry-list": Door(everyone()),
    "api-ministry-detail": Door(everyone(), kwargs=lambda world, obj: {"code": "interior"}),
    "api-taskforce-list": Door(everyone()),
    "api-taskforce-detail": Door(everyone(), kwargs=lambda world, obj: {"code": "prevention"}),
    "api-commission": Door(everyone()),
    "api-plan-list": Door(everyone()),
    "api-plan-detail": Door(public_plan, subject="plan"),
    "api-activity-list": Door(everyone()),
    "api-token": Door(everyone("405", "400"), as_json=True),  # no username and password: refused for all
    # The confidential API (session or token): the same rules as the pages, in its own words.
    "api-draft-list": Door(
        api(get=listed, post=api_open_draft),
        subject="plan",  # the POST names the plan whose next draft it opens
        kwargs=no_kwargs,
        body=lambda world, state: {"plan": world.plans[state].pk},
        as_json=True,
    ),
    "api-draft-detail": Door(api(get=seen), subject="draft"),
    "api-draft-transitions": Door(api(post=api_transition), subject="draft", body=transition_body, as_json=True),
    "api-section-detail": Door(
        api(get=seen, patch=if_seen(edits)),
        subject="section",
        body=lambda world, state: {"body_en": "<p>Changed through the API.</p>", "summary": "API"},
        methods=("GET", "POST", "PATCH"),
        as_json=True,
        headers=if_match,
    ),
    "api-activity-detail": Door(
        api(get=seen, patch=if_seen(edits)),
        subject="activity",
        body=lambda world, state: {"budget": "1234.00", "summary": "API"},
        methods=("GET", "POST", "PATCH"),
        as_json=True,
        headers=activity_if_match,
    ),
    "api-section-revisions": Door(api(get=seen), subject="section"),
    "api-section-working-copy": Door(
        api(get=own_working_copy, put=if_seen(edits), delete=seen),
        subject="section",
        body=working_copy_body,
        methods=("GET", "POST", "PUT", "DELETE"),
        as_json=True,
    ),
    "api-section-redline": Door(api(get=seen), subject="section", query={"a": 1, "b": 2}),
    "api-section-comments": Door(
        api(get=seen, post=if_seen(lambda role, state: state in OPEN)),
        subject="section",
        body=lambda world, state: {"body": "A comment through the API"},
        as_json=True,
    ),
    "api-comment-resolve": Door(
        api(post=if_seen(resolves)), subject="comment", body=lambda world, state: {"resolved": True}, as_json=True
    ),
    "api-review-list": Door(api(get=listed)),
    "api-review-decision": Door(
        api(post=if_seen(decides)), subject="review", body=lambda world, state: {"decision": "approve"}, as_json=True
    ),
    "api-schema": Door(everyone()),
    "api-docs": Door(everyone()),
    # The admin site's own pages.
    "admin:index": Door(admin_site()),
    "admin:login": Door(everyone(OK, OK)),
    "admin:logout": Door(admin_logout),
    "admin:password_change": Door(admin_site()),
    "admin:password_change_done": Door(admin_site(post="405")),
    "admin:autocomplete": Door(admin_site("403", "405")),
    "admin:jsi18n": Door(admin_site(post="405")),
    "admin:app_list": Door(admin_site(), kwargs=lambda world, obj: {"app_label": "workplan"}),
    "admin/(?P<url>.*)$": Door(admin_site("404", "404"), kwargs=lambda world, obj: {"url": "nothing/here/"}),
    # Drafts have no page of their own outside the portal: "view on site" finds nothing, for any draft.
    "admin:view_on_site": Door(
        admin_site("404", "404"),
        subject="draft",
        kwargs=lambda world, obj: {"content_type_id": ContentType.objects.get_for_model(Draft).pk, "object_id": obj.pk},
    ),
}

# --- The admin's model pages, by a rule per kind of model --------------------------------------

ADMIN_ACTIONS = frozenset({"view", "add", "change", "delete"})
# The work plan in the admin: read-only for every admin staff user, the rows being the draft rules' answer.
WORKPLAN_ADMIN = {
    "workplan_plan": "plan",
    "workplan_draft": "draft",
    "workplan_section": "section",
    "workplan_sectionrevision": "revision",
}
# The organisation, kept by the chief (members.roles.CHIEF_ADMIN_MODELS): view, add, change.
CHIEF_ADMIN = {
    "members_organization": lambda world: world.interior,
    "members_user": lambda world: world.people["staff"],
    "members_liaisonmembership": lambda world: LiaisonMembership.objects.first(),
    "commission_subdecree": lambda world: SubDecree.objects.first(),
    "commission_commission": lambda world: Commission.objects.first(),
    "commission_commissionmembership": lambda world: CommissionMembership.objects.first(),
    "commission_secretariat": lambda world: Secretariat.objects.first(),
    "commission_secretariatmembership": lambda world: SecretariatMembership.objects.first(),
    "taskforces_taskforce": lambda world: world.base.task_force,
    "taskforces_taskforcemembership": lambda world: TaskForceMembership.objects.first(),
}
# For superusers only.
SUPERUSER_ADMIN = {
    "auth_group": lambda world: Group.objects.first(),
    "axes_accessattempt": None,
    "axes_accesslog": lambda world: _axes_log(),
    "axes_accessfailurelog": None,
    "members_usersession": lambda world: UserSession.objects.order_by("pk").first(),
    "members_apitoken": None,
    "audit_auditevent": lambda world: AuditEvent.objects.order_by("pk").first(),
}
# What a model's admin allows at most, even to a superuser; the others allow everything.
ADMIN_CEILING = {
    **{label: {"view"} for label in WORKPLAN_ADMIN},
    "audit_auditevent": {"view"},
    "members_usersession": {"view", "delete"},
    "members_apitoken": {"view", "change", "delete"},
    **{
        label: {"view", "change", "delete"}
        for label in ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog")
    },
}


def _axes_log():
    from axes.models import AccessLog

    return AccessLog.objects.order_by("pk").first()


def admin_grants(role, label):
    """Return the admin actions the role holds on a model."""
    if role not in ADMIN_STAFF:
        return set()
    if role == "superuser":
        granted = set(ADMIN_ACTIONS)
    elif label in WORKPLAN_ADMIN:
        granted = {"view"}
    elif role == "chief" and label in CHIEF_ADMIN:
        granted = {"view", "add", "change"}
    else:
        granted = set()
    return granted & ADMIN_CEILING.get(label, ADMIN_ACTIONS)


def admin_finds(role, label, state):
    """Return whether the admin finds the object its page is opened on, for this role."""
    subject = WORKPLAN_ADMIN.get(label)
    if subject == "plan":
        return reads_plan(role, state)
    if subject is not None:
        return reads(role, state)
    return {**CHIEF_ADMIN, **SUPERUSER_ADMIN}[label] is not None


def admin_model_page(label, view):
    def expect(role, state, method):
        if role not in ADMIN_STAFF:
            return LOGIN
        grants = admin_grants(role, label)
        looks = bool(grants & {"view", "change"})
        if view == "changelist":
            return OK if looks else "403"
        if view == "add":
            if "add" not in grants:
                return "403"
            return OK
        found = admin_finds(role, label, state)
        if view == "object":  # admin/<app>/<model>/<id>/ only redirects to the change page
            return OK
        if view == "history":
            if not found:
                return REFUSED
            return OK if looks else "403"
        if view == "delete":
            if "delete" not in grants:
                return "403"
            return OK if found else REFUSED
        # change
        if not looks:
            return "403"
        if not found:
            return REFUSED
        return "403" if method == "POST" and "change" not in grants else OK

    return expect


def _admin_object_kwargs(label):
    getter = WORKPLAN_ADMIN.get(label) or {**CHIEF_ADMIN, **SUPERUSER_ADMIN}[label]

    def kwargs(world, obj):
        if label not in WORKPLAN_ADMIN:
            obj = None if getter is None else getter(world)
            assert getter is None or obj is not None, f"the world has no {label} to open in the admin"
        return {"object_id": MISSING_ID if obj is None else obj.pk}

    return kwargs


def admin_model_doors():
    doors = {}
    for label in [*WORKPLAN_ADMIN, *CHIEF_ADMIN, *SUPERUSER_ADMIN]:
        app, model = label.split("_", 1)
        subject = WORKPLAN_ADMIN.get(label)
        kwargs = _admin_object_kwargs(label)
        doors[f"admin:{label}_changelist"] = Door(admin_model_page(label, "changelist"))
        doors[f"admin:{label}_add"] = Door(admin_model_page(label, "add"))
        for view in ("change", "history", "delete"):
            doors[f"admin:{label}_{view}"] = Door(admin_model_page(label, view), subject=subject, kwargs=kwargs)
        doors[f"admin/{app}/{model}/<path:object_id>/"] = Door(
            admin_model_page(label, "object"), subject=subject, kwargs=kwargs
        )
    # The user admin's password form: a change of the user.
    doors["admin:auth_user_password_change"] = Door(
        lambda role, state, method: (
            LOGIN if role not in ADMIN_STAFF else OK if "change" in admin_grants(role, "members_user") else "403"
        ),
        kwargs=lambda world, obj: {"id": world.people["staff"].pk},
    )
    return doors


TABLE.update(admin_model_doors())


# --- Running the matrix ---------------------------------------------------------------------


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_RENEW_AFTER = 24 * 3600  # thousands of requests over minutes: no session renewal among them
    with quiet_request_log():
        yield World()


def knock(world, name, route, state):
    """Return the URL (with its query), the body and the extra headers of a pattern for a state's objects."""
    door = TABLE[name]
    obj = SUBJECTS[door.subject](world, state) if door.subject else None
    url = url_for(name, route, door.arguments(world, obj))
    if door.query:
        url += "?" + "&".join(f"{key}={value}" for key, value in door.query.items())
    body = door.body(world, state) if door.body else None
    return url, body, (door.headers(world, state) if door.headers else {})


def test_every_url_pattern_has_a_decision():
    names = [name for name, _route, _pattern in url_patterns()]
    assert len(names) == len(set(names)), "two URL patterns share a name: the table cannot tell them apart"
    undecided = sorted(set(names) - set(TABLE))
    assert not undecided, f"URL patterns with no entry in TABLE (say who may use them): {undecided}"
    stale = sorted(set(TABLE) - set(names))
    assert not stale, f"TABLE entries for URL patterns that no longer exist: {stale}"


def test_every_role_gets_what_the_rules_say_on_every_url_in_every_state(world):
    browser = Browser(world)
    outcomes, mismatches, unexpected_success = Counter(), [], []
    cases = 0
    for name, route, _pattern in url_patterns():
        door = TABLE[name]
        for state in STATES if door.subject else (None,):
            url, body, headers = knock(world, name, route, state or "drafting")
            for method in door.methods:
                data = body if method != "GET" else None
                for role in ROLES:
                    expected = door.expect(role, state, method)
                    fetched = browser.fetch(role, method, url, data, as_json=door.as_json, **headers)
                    actual = fetched.outcome
                    cases += 1
                    outcomes[actual] += 1
                    if actual == expected:
                        continue
                    line = f"{name} [{state or 'any'}] {method} {url} as {role}: expected {expected}, got {actual}"
                    if fetched.location:
                        line += f" → {fetched.location}"
                    if fetched.error:
                        line += f" ({fetched.error})"
                    mismatches.append(line)
                    if fetched.status < 400 and not (actual == LOGIN and role not in SIGNED_IN):
                        unexpected_success.append(line)
    print(f"\nmatrix: {cases} cases, {dict(sorted(outcomes.items()))}")
    assert not unexpected_success, f"{len(unexpected_success)} unexpected 2xx/3xx answers:\n" + "\n".join(
        unexpected_success[:60]
    )
    assert not mismatches, f"{len(mismatches)} of {cases} answers differ from the rules:\n" + "\n".join(mismatches[:80])


# --- A forbidden id answers exactly like a missing one ---------------------------------------------

_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
_NONCE = re.compile(r"(nonce=\"|'nonce-)[^\"']*")


def _masked(fetched, url, ids):
    """Return what the answer shows, with the per-request tokens and the echoed address (and id) masked."""
    text = fetched.body.decode("utf-8", "replace")
    text = _CSRF.sub(r'\1…"', _NONCE.sub(r"\1…", text))
    path = url.split("?", 1)[0]
    text = text.replace(url.replace("&", "&amp;"), "<url>").replace(url, "<url>").replace(path, "<path>")
    headers = {  # the length follows the masked address; Expires is the time of the request (never_cache)
        key: _NONCE.sub(r"\1…", value)
        for key, value in fetched.headers.items()
        if key.lower() not in ("content-length", "expires", "date")
    }
    location, messages = fetched.location, [text for _level, text in fetched.messages]
    for value in sorted(map(str, ids), key=len, reverse=True):
        location = location.replace(value, "<id>")
        messages = [message.replace(value, "<id>") for message in messages]
    return {"status": fetched.status, "headers": headers, "body": text, "location": location, "messages": messages}


def _hidden_cases():
    """Yield (name, method, role, state) for every door naming a draft's object and every role, in the first state
    in which the rules tell that role the object is not there (404; in the admin, its "does not exist" redirect)."""
    for name, door in TABLE.items():
        if not door.subject:
            continue
        for method in door.methods:
            for role in ROLES:
                for state in STATES:
                    answer = door.expect(role, state, method)
                    if answer == "404" or (name.startswith("admin:") and answer == REFUSED):
                        yield name, method, role, state
                        break


def test_a_forbidden_id_answers_exactly_like_a_missing_one(world):
    browser = Browser(world)
    routes = {name: route for name, route, _pattern in url_patterns()}
    checked, differences, missing_answers = [], [], {}
    for name, method, role, state in _hidden_cases():
        door = TABLE[name]
        real = SUBJECTS[door.subject](world, state)
        url, body, headers = knock(world, name, routes[name], state)
        missing_url = url_for(name, routes[name], door.arguments(world, _Missing()))
        if door.query:
            missing_url += "?" + url.split("?", 1)[1]
        data = body if method != "GET" else None
        missing_data = data
        if missing_url == url and isinstance(data, dict):  # the id is in the body (the API's POST /drafts/)
            missing_data = {key: MISSING_ID if value == real.pk else value for key, value in data.items()}
        forbidden = browser.fetch(role, method, url, data, as_json=door.as_json, **headers)
        key = (name, method, role, repr(missing_data))
        if key not in missing_answers:
            missing_answers[key] = browser.fetch(
                role, method, missing_url, missing_data, as_json=door.as_json, **headers
            )
        missing = missing_answers[key]
        checked.append(f"{name} {method} as {role} ({state})")
        ids = (real.pk, MISSING_ID)
        if _masked(forbidden, url, ids) != _masked(missing, missing_url, ids):
            differences.append(
                f"{name} {method} as {role} on a {state} draft: {forbidden.status} {forbidden.location!r} "
                f"vs missing {missing.status} {missing.location!r}"
            )
        elif forbidden.outcome != door.expect(role, state, method):
            differences.append(f"{name} {method} as {role} on a {state} draft answered {forbidden.outcome}")
    # The cross-draft comparison: a section compared with a draft the user may not see, or with none.
    section = world.sections["drafting"]
    urls = [
        f"/workplan/sections/{section.pk}/compare/?draft={other}"
        for other in (world.drafts["with_chair"].pk, MISSING_ID)
    ]
    checked.append("workplan:section-compare ?draft= as staff")
    answers = [browser.fetch("staff", "GET", address) for address in urls]
    masked = [
        _masked(answer, address, (world.drafts["with_chair"].pk, MISSING_ID))
        for answer, address in zip(answers, urls, strict=True)
    ]
    if masked[0] != masked[1] or answers[0].status != 404:
        differences.append("section-compare ?draft=<a draft with the chair> differs from ?draft=<missing>")
    print(f"\n404 parity: {len(checked)} forbidden ids compared with missing ones")
    must_cover = {
        "workplan:draft",
        "workplan:section",
        "workplan:section-history",
        "workplan:section-compare",
        "workplan:comment-resolve",
        "workplan:review-decision",
        "workplan:council-scan",
        "workplan:draft-redline",
    }
    assert must_cover <= {case.split()[0] for case in checked}
    assert not differences, "\n".join(differences)


class _Missing:
    """An object that does not exist."""

    pk = MISSING_ID
