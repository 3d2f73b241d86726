"""The leak canary: a marker in every confidential field, and no one who may not see a draft ever meets its marker.

matrix_support.World writes, into every field of every draft that a reader of the
draft could meet — section titles and texts in both languages, objectives, activities,
indicators, baselines, targets, means of verification, revision summaries, conflict
copies, comments, replies and their quotes, review remarks, transition remarks, the
Council's remarks and its scanned decision, the plan's name — a marker naming the
draft's state and the field (CANARY7f3aWITHCHAIRsbodyen). Then every role fetches
every URL of the site (from the resolver, through the matrix's TABLE, with the ids of
every draft's objects), the API, the admin, their notifications, the search and
the whole audit log, and every marker found in a body, a header, a cookie or a queued
message is checked against the rules of test_matrix: a marker of a draft the role may
not see is a leak. Notifications and e-mails are checked against the same rules, for
the state their draft was in when they were written.
"""

import html
import json
import re
from collections import Counter, defaultdict
from urllib.parse import urljoin

import pytest
from django.core import mail

from notifications.models import Notification
from tests.workplan.matrix_support import (
    COPIED,
    MARK,
    MARKER,
    ROLES,
    STATE_TAGS,
    STATES,
    WORKING_COPY,
    WRITER,
    Browser,
    World,
    marker,
    quiet_request_log,
    section_of,
    url_for,
    url_patterns,
)
from tests.workplan.test_matrix import TABLE, reads, reads_plan
from workplan.models import Activity, Comment, Objective, ReviewAssignment

pytestmark = [pytest.mark.django_db, pytest.mark.sweep]

TAG_STATES = {tag: state for state, tag in STATE_TAGS.items()}


def may_meet(role, tag, field):
    """Return whether the role may meet the marker of `field` of the draft in the state named by `tag`."""
    state = TAG_STATES.get(tag)
    if state is None:
        return False  # a marker cut in pieces: count it as a leak, it is worth a look
    if field == "planname":
        return reads_plan(role, state)
    if WORKING_COPY.match(field):
        # A working copy is its writer's alone: not the chief's, the chair's or a superuser's, who read everything else.
        return role == WRITER and reads(role, state)
    if reads(role, state):
        return True
    # When the Council returns a draft, the next draft opens as a copy of its sections.
    return state == "returned" and bool(COPIED.match(field)) and reads(role, "drafting")


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_RENEW_AFTER = 24 * 3600  # thousands of requests over minutes: no session renewal among them
    with quiet_request_log():
        yield World()


def subjects(world, kind):
    """Return every object of a kind that a URL can name, across all the drafts (and the returned one's successor)."""
    successor = world.successor
    if kind == "plan":
        return list(world.plans.values())
    if kind == "draft":
        return [*world.drafts.values(), successor]
    if kind == "section":
        return [*world.sections.values(), *world.fronts.values(), successor.sections.get(task_force__code="prevention")]
    if kind == "comment":
        return list(Comment.objects.order_by("pk"))
    if kind == "review":
        return list(ReviewAssignment.objects.order_by("pk"))
    if kind == "revision":
        return [section.revisions.order_by("-number").first() for section in world.sections.values()]
    if kind == "activity":
        return list(Activity.objects.order_by("pk"))
    if kind == "objective":
        return list(Objective.objects.order_by("pk"))
    raise AssertionError(kind)


def requests(world):
    """Return (name, method, url, body, as_json) for every URL of the site, with the ids of every draft's objects."""
    return list(dict.fromkeys(_requests(world)))


def _requests(world):
    for name, route, _pattern in url_patterns():
        door = TABLE[name]
        # A method the view does not take answers 405 with nothing in it (the matrix checks that); the admin's
        # POSTs change nothing and show nothing a GET does not.
        takes = {
            method
            for method in ("GET", "POST")
            if any(door.expect(role, "drafting", method) != "405" for role in ("chief", "superuser", "staff"))
        }
        if name.startswith("admin"):
            takes &= {"GET"}
        body = door.body(world, "drafting") if door.body else None
        if body is not None and MARK in repr(body):
            body = {}  # a body never carries a marker: an echo of it is no leak
        query = dict(door.query or {})
        if "q" in query or (name.startswith("admin:workplan_") and name.endswith("_changelist")):
            query["q"] = MARK.lower()  # finds every marker (searches ignore case), and its echo is not one
        suffix = "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""
        for obj in subjects(world, door.subject) if door.subject else [None]:
            url = url_for(name, route, door.arguments(world, obj)) + suffix
            for method in sorted(takes):
                data = json.dumps(body) if method == "POST" and body is not None else None
                yield name, method, url, data, door.as_json
    # The editor holding the working copy it offers back (someone else's is never shown, whoever asks).
    for section in subjects(world, "section"):
        yield "workplan:section-edit", "GET", f"/workplan/sections/{section.pk}/edit/?restore=working-copy", None, False
    # Comparing a section with every other draft of the site.
    for section in subjects(world, "section")[: len(STATES)]:
        for draft in subjects(world, "draft"):
            address = f"/workplan/sections/{section.pk}/compare/?draft={draft.pk}"
            yield "workplan:section-compare", "GET", address, None, False
    yield "notifications", "GET", "/notifications/?read=keep", None, False


# A field of the section, and of the working copy: whoever may not meet one of them somewhere is checked.
FIELDS = ("sbodyen", "wbodyen")


def scan(text):
    """Return the (tag, field) of every marker in a text."""
    return [(found.group(1), found.group(2)) for found in MARKER.finditer(text)]


def test_no_role_meets_a_marker_of_a_draft_it_may_not_see(world):
    browser = Browser(world)
    everything = list(requests(world))
    leaks, seen = [], Counter()
    checked = [role for role in ROLES if not all(may_meet(role, tag, field) for tag in TAG_STATES for field in FIELDS)]
    assert {"anonymous", "auditor", "other_liaison", "outsider", "member", "deactivated"} <= set(checked)
    assert {"chief", "chair", "superuser"} <= set(checked), "those who read every draft, but no one's working copy"
    for role in checked:
        pages = everything + [("audit:events", "GET", url, None, False) for url in _audit_pages(browser, role)]
        for name, method, url, data, as_json in pages:
            body = None if data is None else json.loads(data)
            fetched = browser.fetch(role, method, url, body, as_json=as_json)
            for tag, field in scan(fetched.text()):
                if may_meet(role, tag, field):
                    seen[role] += 1
                else:
                    leaks.append(f"{role} {method} {url} ({name}, {fetched.status}): {MARK}{tag}{field}")
    print(f"\ncanary: {browser.count} requests for {len(checked)} roles; markers rightly met: {dict(seen)}")
    assert not leaks, f"{len(leaks)} markers reached someone who may not see their draft:\n" + "\n".join(
        sorted(set(leaks))[:80]
    )
    # The canary is alive: those who may see something met its markers on the way.
    assert {"staff", "outsider", "member", "liaison", "anonymous"} <= set(seen)


def _audit_pages(browser, role):
    """Return every page of the audit log the role can page through (none for those who may not read it)."""
    pages, url = [], "/audit/"
    while url and len(pages) < 200:
        fetched = browser.fetch(role, "GET", url)
        if fetched.status != 200:
            break
        pages.append(url)
        older = re.search(r'href="([^"]+)" rel="next"', fetched.body.decode())
        url = urljoin("/audit/", html.unescape(older.group(1))) if older else None
    return pages


def test_a_reader_of_each_draft_meets_its_markers(world):
    """The positive control: the canary can fail, because those who may read a draft do meet its markers."""
    browser = Browser(world)
    reader = {"drafting": "staff", "in_review": "liaison", "with_chair": "member", "with_council": "member"}
    reader["returned"] = "chair"
    for state, role in reader.items():
        address = f"/workplan/sections/{world.sections[state].pk}/"
        found = set()
        for language in ("km", "en"):  # the rows show in the reader's language
            section = browser.fetch(role, "GET", address, HTTP_ACCEPT_LANGUAGE=language)
            assert section.status == 200, (state, role)
            found |= {field for tag, field in scan(section.text()) if tag == STATE_TAGS[state]}
        expected = {"stitleen", "stitlekm", "sbodyen", "sbodykm"}
        expected |= {
            f"s{name}{language}" for name in ("indicator", "target", "baseline", "means") for language in ("en", "km")
        }
        expected |= {"sobjectiveen", "sobjectivekm", "sactivityen", "sactivitykm", "planname"}
        expected |= {"comment", "reply", "quote", "lcomment", "lquote", "reviewremarks"}
        assert expected <= found, (state, role, expected - found)
        draft = browser.fetch(role, "GET", f"/workplan/drafts/{world.drafts[state].pk}/")
        assert marker(state, "submitremarks") in draft.text(), (state, role)
        history = browser.fetch(role, "GET", f"/workplan/sections/{world.sections[state].pk}/history/")
        assert marker(state, "summary") in history.text(), (state, role)
    # The writer meets their working copy: offered back in the editor, and through the API.
    for state in ("drafting", "in_review"):
        pk = world.sections[state].pk
        restored = browser.fetch(WRITER, "GET", f"/workplan/sections/{pk}/edit/?restore=working-copy")
        assert marker(state, "wbodyen") in html.unescape(restored.text()), state
        api = browser.fetch(WRITER, "GET", f"/api/v1/sections/{pk}/working-copy/")
        assert marker(state, "wtitlekm") in api.text() and marker(state, "wactivityen") in api.text(), state
    council = browser.fetch("chair", "GET", f"/workplan/drafts/{world.drafts['returned'].pk}/council/scan/")
    assert marker("returned", "scan") in council.text()
    public = browser.fetch("anonymous", "GET", f"/plans/{world.plans['published'].pk}/")
    assert marker("published", "sbodyen") in public.text()


def test_no_notification_or_mail_carries_a_marker_to_someone_who_may_not_see_its_draft(world):
    role_of = {person.pk: role for role, person in world.people.items()}
    # The former chief was chief, and active, while the drafts moved.
    role_of |= {world.base.colleague.pk: "staff", world.base.justice_liaison.pk: "liaison"}
    role_of[world.people["deactivated"].pk] = "chief"
    state_then = dict(world.notified)
    assert state_then, "the world wrote no notification"
    leaks, by_kind = [], defaultdict(set)
    for notification in Notification.objects.filter(pk__in=state_then).select_related("recipient", "actor"):
        section = section_of(notification.subject)
        role = role_of.get(notification.recipient_id, "other_liaison")  # anyone else holds no role that reads drafts
        state = state_then[notification.pk]
        by_kind[notification.kind].add(role)
        # What a notification can say: its kind, who acted, the section it points to. (It names its draft by plan
        # and number too: that is not the draft's content, and the list hides it once the draft is out of sight.)
        text = " ".join(
            str(part)
            for part in (
                notification.get_kind_display(),
                notification.actor and notification.actor.display_name,
                section and section.title_en,
                section and section.title_km,
            )
        )
        if state is not None and reads(role, state):
            continue
        for tag, field in scan(text):
            leaks.append(f"{notification.kind} to {notification.recipient} ({role}, draft {state}): {tag}{field}")
    assert not leaks, "\n".join(leaks)
    addresses = {person.email: role for role, person in world.people.items() if person.email}
    for message in mail.outbox:
        text = " ".join([message.subject, message.body, *(content for content, _type in message.alternatives)])
        for address in message.to + message.cc + message.bcc:
            role = addresses.get(address, "other_liaison")
            assert all(may_meet(role, tag, field) for tag, field in scan(text)), (address, message.subject)
    assert by_kind["review_requested"] and by_kind["comment"], "the world should notify reviewers and commenters"
