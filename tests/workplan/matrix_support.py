"""The world of the confidentiality tests, and how they fetch pages without changing it.

`World` holds one draft in every state of the workflow, each on its own plan,
each moved there with the workflow functions (so its data fits its state:
review assignments from "in review" on, a Council decision once decided), and a
person of every role. Every confidential field of every draft carries a marker
naming the draft's state and the field, e.g. CANARY7f3aWITHCHAIRsbodyen: the
leak canary looks for them, the permission matrix just uses the objects.

`Browser` keeps one signed-in test client per role and runs every request in a
transaction it rolls back (and restores the client's cookies), so a POST that
succeeds — a draft submitted, a thread resolved, a user signed out — changes
nothing for the next request.
"""

import copy
import datetime
import json
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members import roles
from notifications.models import Notification
from tests.factories import UserFactory
from tests.workplan.builders import Review, activity, editor_form_data
from workplan import workflow
from workplan.drafting import autosave, services
from workplan.models import Activity, Comment, Draft, Objective, Plan, ReviewAssignment, Section
from workplan.review import services as reviews


def section_of(subject):
    """Return the section a notification is about (itself, or a review's), or None."""
    if isinstance(subject, ReviewAssignment):
        return subject.section
    return subject if isinstance(subject, Section) else None


def draft_of(subject):
    """Return the draft a notification is about (itself, or a section's or review's), or None."""
    section = section_of(subject)
    if section is not None:
        return section.draft
    return subject if isinstance(subject, Draft) else None


STATES = ("drafting", "in_review", "with_chair", "with_council", "published", "returned")
ROLES = (
    "anonymous",
    "staff",  # secretariat staff of the prevention task force, whose section every draft has
    "outsider",  # secretariat staff of another task force (justice)
    "liaison",  # liaison of Interior, a ministry assigned to review the prevention section
    "other_liaison",  # liaison of Social Affairs, assigned nothing
    "chief",
    "chair",
    "member",  # commission member; also works in the admin (is_staff), so its filtering is exercised
    "auditor",
    "deactivated",  # was secretariat chief (and admin staff); is_active=False
    "superuser",  # holds no role
)
DECIDED_ON = datetime.date(2010, 3, 1)

MARK = "CANARY7f3a"
STATE_TAGS = {state: state.replace("_", "").upper() for state in STATES}
# A marker: MARK, the draft's state in capitals, then the field in small letters and digits.
MARKER = re.compile(MARK + r"([A-Z]*)([a-z0-9]*)")
# The fields of a draft's sections that the next draft copies when the Council returns one.
COPIED = re.compile(r"^[sf](title|body|objective|activity|indicator|baseline|target|means)")
# The fields of the working copy the staff member keeps of their section (part "w"): theirs alone, whatever
# anyone else may read of the draft.
WORKING_COPY = re.compile(r"^w(title|body|objective|activity|indicator|baseline|target|means)")
WRITER = "staff"


def marker(state, name):
    return f"{MARK}{STATE_TAGS[state]}{name}"


def section_content(state, part, rows=True):
    """Return a section's content with a marker in every field; `part` tells the section (s, f), a conflict copy (c)
    or a working copy (w)."""

    def m(name):
        return marker(state, part + name)

    if not rows:
        table = []
    else:
        row = activity(
            "1.1",
            partners=["justice"],
            text_en=f"{m('activityen')} in English",
            text_km=f"{m('activitykm')} សកម្មភាព",
            indicator_en=m("indicatoren"),
            indicator_km=f"{m('indicatorkm')} សូចនាករ",
            baseline_en=m("baselineen"),
            baseline_km=f"{m('baselinekm')} មូលដ្ឋាន",
            target_en=m("targeten"),
            target_km=f"{m('targetkm')} គោលដៅ",
            means_of_verification_en=m("meansen"),
            means_of_verification_km=f"{m('meanskm')} មធ្យោបាយ",
        )
        table = [
            {"code": "1", "text_en": m("objectiveen"), "text_km": f"{m('objectivekm')} គោលបំណង", "activities": [row]}
        ]
    return {
        "title_en": f"{m('titleen')} Prevention",
        "title_km": f"{m('titlekm')} ការបង្ការ",
        "body_en": f"<p>{m('bodyen')} plan text.</p>",
        "body_km": f"<p>{m('bodykm')} អត្ថបទ។</p>",
        "rows": table,
    }


class World:
    """A person of every role and one draft in every state, with a marker in each confidential field."""

    def __init__(self):
        base = Review()
        self.base = base
        self.interior, self.justice = base.interior, base.justice
        self.people = {
            "staff": base.staff,
            "outsider": base.outsider,
            "liaison": base.liaison,
            "other_liaison": base.other_liaison,
            "chief": base.chief,
            "chair": base.chair,
            "member": UserFactory(username="member-x", roles=[roles.MEMBER], is_staff=True),
            "auditor": UserFactory(username="auditor-x", roles=[roles.AUDITOR]),
            # Chief while the drafts move (so notifications reach them), deactivated at the end.
            "deactivated": UserFactory(username="former-chief", roles=[roles.CHIEF], is_staff=True),
            "superuser": UserFactory(username="root-x", is_staff=True, is_superuser=True),
        }
        for person in self.people.values():
            person.email = f"{person.username}@example.org"
            person.save(update_fields=["email"])
        self.guest = UserFactory(username="guest-x")
        # Every notification written, with the state of its draft right after the change that wrote it.
        self.notified = []
        self._last_notification = 0
        self.drafts, self.plans, self.sections, self.fronts, self.comments, self.reviews = {}, {}, {}, {}, {}, {}
        self.successor = None
        for state in STATES:
            self._build(state)
        former = self.people["deactivated"]
        former.is_active = False
        former.save(update_fields=["is_active"])

    # --- Building -----------------------------------------------------------------

    def _note(self):
        written = Notification.objects.filter(pk__gt=self._last_notification).order_by("pk")
        for notification in written:
            draft = draft_of(notification.subject)
            self.notified.append((notification.pk, draft and draft.state))
            self._last_notification = notification.pk

    def _save(self, section, actor, content, summary, base_version=None):
        section.refresh_from_db()
        services.section_save(
            section_id=section.pk,
            actor=actor,
            base_version=section.version if base_version is None else base_version,
            content=content,
            summary=summary,
        )
        section.refresh_from_db()

    def _build(self, state):
        base, people = self.base, self.people
        chief, staff = people["chief"], people["staff"]

        def m(name):
            return marker(state, name)

        if state == "drafting":
            plan, draft = base.plan, base.draft
            plan.name_en, plan.name_km = f"{m('planname')} plan", f"{m('planname')} ផែនការ"
            plan.save(update_fields=["name_en", "name_km"])
        else:
            plan = Plan.objects.create(
                name_en=f"{m('planname')} plan", name_km=f"{m('planname')} ផែនការ", first_year=2010, last_year=2014
            )
            draft = services.draft_open(plan=plan, actor=chief)
        section = draft.sections.get(task_force=base.task_force)
        front = draft.sections.get(task_force__isnull=True)
        self.plans[state], self.drafts[state], self.sections[state], self.fronts[state] = plan, draft, section, front

        self._save(section, staff, section_content(state, "s"), m("summary"))
        # The staff member typed on and did not save: their working copy, which no one else ever reads.
        autosave.working_copy_save(
            section_id=section.pk, actor=staff, base_version=section.version, content=section_content(state, "w")
        )
        self._save(front, chief, section_content(state, "f", rows=False), m("fsummary"))
        # A colleague saved from an older version: the refused text is kept as a conflict copy.
        try:
            self._save(section, base.colleague, section_content(state, "c"), m("csummary"), base_version=1)
        except services.SectionConflict:
            pass
        else:
            raise AssertionError("the stale save should have been refused")
        thread = reviews.comment_create(
            section=section, actor=base.colleague, body=m("comment"), quote=m("quote") + " quoted"
        )
        reviews.comment_create(section=section, actor=staff, body=m("reply"), parent=thread)
        self.comments[state] = thread
        self._note()

        workflow.submit_for_review(draft=draft, actor=chief, remarks=m("submitremarks"))
        self._note()
        self.reviews[state] = ReviewAssignment.objects.get(section=section, ministry=self.interior)
        reviews.comment_create(section=section, actor=people["liaison"], body=m("lcomment"), quote=m("lquote"))
        self._note()
        if state == "drafting":
            reviews.review_decide(
                assignment_id=self.reviews[state].pk,
                actor=people["liaison"],
                decision="request_changes",
                remarks=m("reviewremarks"),
            )
            self._note()
            workflow.reopen(draft=draft, actor=chief, remarks=m("reopenremarks"))
            self._note()
            return
        for review in ReviewAssignment.objects.filter(section__draft=draft, removed_at__isnull=True):
            liaison = people["liaison"] if review.ministry_id == self.interior.pk else base.justice_liaison
            reviews.review_decide(
                assignment_id=review.pk, actor=liaison, decision="approve", remarks=m("reviewremarks")
            )
            self._note()
        if state == "in_review":
            return
        for open_thread in Comment.objects.filter(section__draft=draft, parent__isnull=True, resolved_at__isnull=True):
            reviews.comment_resolve(thread=open_thread, actor=chief)
        self._note()
        workflow.submit_to_chair(draft=draft, actor=chief, remarks=m("tochairremarks"))
        self._note()
        if state == "with_chair":
            return
        workflow.chair_approve(draft=draft, actor=people["chair"], remarks=m("chairremarks"))
        self._note()
        if state == "with_council":
            return
        decision = {
            "draft": draft,
            "actor": chief,
            "decision_date": DECIDED_ON,
            "decision_reference": f"{plan.pk} SSR",
            "remarks": m("councilremarks"),
            "scan": SimpleUploadedFile(
                "decision.pdf", b"%PDF-1.4\n% " + m("scan").encode() + b"\n", content_type="application/pdf"
            ),
        }
        if state == "published":
            workflow.council_approve(**decision)
        else:
            self.successor = workflow.council_return(**decision)
        self._note()


# --- Walking the URL resolver -----------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=None):
    """Yield (name, route, pattern) for every URL pattern of the site; unnamed ones are named by their route."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), route, entry
            else:
                yield route, route, entry


# --- Fetching without changing anything --------------------------------------------

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


@dataclass
class Fetched:
    """What one request answered."""

    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    location: str = ""
    messages: list = field(default_factory=list)
    cookies: str = ""
    error: str = ""

    @property
    def outcome(self):
        """Return the outcome class: ok, refused, redirect-login, or the status code as text."""
        if self.error:
            return "500"
        if self.status in (301, 302, 303, 307, 308):
            if urlsplit(self.location).path in LOGIN_PATHS:
                return "redirect-login"
            if any(level >= message_levels.WARNING for level, _text in self.messages):
                return "refused"
            return "ok"
        if 200 <= self.status < 300:
            return "ok"
        return str(self.status)

    def text(self):
        """Return the body, every header and cookie, and the messages queued, as one text to look for markers in."""
        head = "\n".join(f"{name}: {value}" for name, value in self.headers.items())
        said = "\n".join(text for _level, text in self.messages)
        return "\n\n".join([head, self.cookies, said, self.body.decode("utf-8", "replace")])


@contextmanager
def quiet_request_log():
    """Keep django.request from logging the thousands of 403s and 404s the tests ask for."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class Browser:
    """One test client per role, signed in once; every request is rolled back."""

    def __init__(self, world):
        self.clients = {}
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world.people[role])
            self.clients[role] = client
        self.count = 0

    def fetch(self, role, method, url, data=None, *, as_json=False, **extra):
        client = self.clients[role]
        cookies = copy.deepcopy(client.cookies)
        # Throttles and rate limits count per client address, and kept answers would hide a request's queries:
        # every request starts afresh.
        for cache in caches.all():
            cache.clear()
        self.count += 1
        if as_json and method != "GET":
            data, extra["content_type"] = json.dumps(data or {}), "application/json"
        try:
            with transaction.atomic():
                try:
                    send = {
                        "GET": client.get,
                        "POST": client.post,
                        "PATCH": client.patch,
                        "PUT": client.put,
                        "DELETE": client.delete,
                    }[method]
                    response = send(url, data if data is not None else {}, **extra)
                    # The client closes the response itself (for a streamed one, once it is read): closing it
                    # again here would signal request_finished and close the test's database connection.
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                finally:
                    transaction.set_rollback(True)
        except Exception as error:  # a 500: reported as the outcome, so every case is still checked
            client.cookies = cookies
            return Fetched(status=500, error=f"{type(error).__name__}: {error}")
        client.cookies = cookies
        messages = []
        request = getattr(response, "wsgi_request", None)
        if request is not None and hasattr(request, "_messages"):
            messages = [(message.level, str(message)) for message in get_messages(request)]
        return Fetched(
            status=response.status_code,
            body=body,
            headers=dict(response.items()),
            location=response.get("Location", ""),
            messages=messages,
            cookies=response.cookies.output(),
        )


# --- Doors: how to knock on a URL pattern ----------------------------------------------


@dataclass(frozen=True)
class Door:
    """One URL pattern: what its id names, how to call it, and what each role should get.

    `expect(role, state, method)` returns the outcome class; `state` is None for a
    URL that names no draft (it is fetched once, with a draft in every state in
    the database). `subject` names what the URL's id is (a key of SUBJECTS);
    `kwargs(world, obj)` builds the URL's arguments from it (default: its pk);
    `body(world, state)` is the POST (or PATCH) data.
    """

    expect: object
    subject: str | None = None
    kwargs: object = None
    query: dict | None = None
    body: object = None
    methods: tuple = ("GET", "POST")
    as_json: bool = False  # the REST API reads JSON
    headers: object = None  # (world, state) -> extra request headers

    def arguments(self, world, obj):
        if self.kwargs is not None:
            return self.kwargs(world, obj)
        return {} if obj is None else {"pk": obj.pk}


SUBJECTS = {
    "plan": lambda world, state: world.plans[state],
    "draft": lambda world, state: world.drafts[state],
    "section": lambda world, state: world.sections[state],
    "comment": lambda world, state: world.comments[state],
    "review": lambda world, state: world.reviews[state],
    "revision": lambda world, state: world.sections[state].revisions.order_by("-number").first(),
    "activity": lambda world, state: Activity.objects.filter(objective__section=world.sections[state]).first(),
    "objective": lambda world, state: Objective.objects.filter(section=world.sections[state]).first(),
}


def url_for(name, route, kwargs):
    """Return the address of a pattern: reversed by name, or filled in from its route when it has none."""
    if name != route:
        return reverse(name, kwargs=kwargs)
    path = route
    for key, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{key}>|\(\?P<{key}>[^)]*\)\$?", str(value), path)
    return "/" + path


def editor_form(world, section, **changes):
    """Return the section editor's POST data for the section as it is now, with `changes`."""
    return editor_form_data(section, world.people["chief"], **changes)
