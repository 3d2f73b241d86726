"""The query-count guard: every page and API operation costs the same SQL queries on a small and a large database.

It knocks on every URL pattern of the site (the permission matrix's table
says how, tests/workplan/test_matrix.py) for a few roles and draft states,
counts the queries, then grows every table a page may read — more activities,
comments, reviewers, revisions, notifications, grants, audit events, people,
plans — and knocks again. A count that changed names a query that runs once
per row: an N+1 that would make the page slow as the data grows.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit import sentences
from audit import services as audit
from members import roles
from members.models import Organization
from notifications.models import Notification
from notifications.services import notification_build
from tests.factories import OrganizationFactory, UserFactory
from tests.workplan import test_matrix as matrix
from tests.workplan.matrix_support import Browser, url_patterns
from workplan import notices
from workplan.drafting import rows as plan_rows
from workplan.drafting import services
from workplan.drafting.selectors import section_get
from workplan.models import (
    Activity,
    Comment,
    DraftUserObjectPermission,
    Objective,
    Plan,
    ReviewAssignment,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.sweep]

#: Who knocks: the public, a writer, a reviewer, the chief, and the admin's superuser.
GUARD_ROLES = ("anonymous", "staff", "liaison", "chief", "superuser")
#: The draft states a URL naming a draft is tried in.
GUARD_STATES = ("drafting", "in_review", "published")
GROWTH = 12  # how many of each thing the large database adds per parent
# The audit log names a page's people and objects with one query per kind of name on the page (audit.sentences):
# its count follows which kinds the newest events happen to be (the large database's are its grown events), up to
# one query per kind, never how many events there are. tests/audit/test_page_in_words.py holds each kind to the
# same count for five events and fifty.
BY_KIND_OF_NAME = {"audit:events", "audit:export"}


def grew(name, small, large):
    """Return whether a count of queries changed with the data more than the page's nature explains."""
    if name in BY_KIND_OF_NAME:
        return abs(large - small) > sentences.kinds_of_names()
    return small != large


def knocks(world):
    """Yield (key, method, url, body, headers, as_json) for every URL pattern, role and state of the guard."""
    for name, route, _pattern in url_patterns():
        if name not in matrix.TABLE:
            continue  # the matrix's own test fails for a URL pattern without an entry
        door = matrix.TABLE[name]
        for state in GUARD_STATES if door.subject else (None,):
            url, body, headers = matrix.knock(world, name, route, state or "drafting")
            for method in door.methods:
                for role in GUARD_ROLES:
                    yield (name, state, method, role), method, url, body if method != "GET" else None, headers, door


def measure(world, browser):
    counts = {}
    for key, method, url, body, headers, door in knocks(world):
        role = key[3]
        connection.queries_log.clear()  # the log keeps 9,000 queries at most; each count starts from empty
        with CaptureQueriesContext(connection) as queries:
            fetched = browser.fetch(role, method, url, body, as_json=door.as_json, **headers)
        counts[key] = (len(queries), fetched.status)
    return counts


def grow(world, count, tag):
    """Add `count` of everything a page may list to every draft, person and plan of the world.

    Run once with a count of 1 before the small measure, so that the small
    database already has one of each thing (a query Django skips for an empty
    list is not an N+1), then with a large count.
    """
    ministries = [
        OrganizationFactory(code=f"{tag}-ministry-{n}", name_en=f"Ministry {tag} {n}", name_km=f"ក្រសួង {tag} {n}")
        for n in range(count)
    ]
    people = [
        UserFactory(username=f"{tag}-{n}", roles=[roles.LIAISON], organization=ministries[n]) for n in range(count)
    ]
    view = Permission.objects.get(codename="view_draft", content_type__app_label="workplan")
    interior = Organization.objects.get(code="interior")
    for draft in world.drafts.values():
        DraftUserObjectPermission.objects.bulk_create(
            DraftUserObjectPermission(user=person, permission=view, content_object=draft) for person in people
        )
        for section in draft.sections.all():
            objectives = Objective.objects.bulk_create(
                Objective(section=section, code=f"{tag}{n}", order=50 + n, text_en=f"Grown {n}", text_km=f"បន្ថែម {n}")
                for n in range(max(count // 3, 1))
            )
            activities = Activity.objects.bulk_create(
                Activity(
                    objective=objective,
                    code=f"{objective.code}.{n}",
                    order=n,
                    text_en=f"Grown activity {n}",
                    text_km=f"សកម្មភាព {n}",
                    lead_ministry=ministries[n % count],
                    start_year=2010,
                    end_year=2012,
                    budget=Decimal("1000.00"),
                    indicator_en="Indicator",
                    indicator_km="សូចនាករ",
                    target_en="100",
                    target_km="១០០",
                )
                for objective in objectives
                for n in range(count)
            )
            Activity.partners.through.objects.bulk_create(
                Activity.partners.through(activity=item, organization=partner)
                for item in activities
                for partner in (interior, ministries[0])
            )
            threads = Comment.objects.bulk_create(
                Comment(section=section, author=world.people["liaison"], body=f"Thread {n}", quote="First")
                for n in range(count)
            )
            Comment.objects.bulk_create(
                Comment(section=section, parent=thread, author=world.people["chief"], body="A reply")
                for thread in threads
            )
            ReviewAssignment.objects.bulk_create(
                ReviewAssignment(section=section, ministry=ministry, due_on=datetime.date(2030, 1, 1))
                for ministry in ministries
            )
    # More revisions of the editable drafts' sections, through the service.
    for state in ("drafting", "in_review"):
        section = world.sections[state]
        for n in range(max(count // 2, 1)):
            section.refresh_from_db()
            current = section_get(world.people["chief"], section.pk)
            content = {
                "title_en": current.title_en,
                "title_km": current.title_km,
                "body_en": f"<p>Grown revision {tag} {n} {state}.</p>",
                "body_km": current.body_km,
                "rows": plan_rows.snapshot(current),
            }
            services.section_save(
                section_id=section.pk, actor=world.people["staff"], base_version=section.version, content=content
            )
    for person in [*world.people.values(), *people]:
        Notification.objects.bulk_create(
            notification_build(person, notices.COMMENT, draft=draft, section=world.sections[state])
            for state, draft in world.drafts.items()
            for _ in range(count)
        )
    for n in range(count * 10):
        audit.record(action="grown.event", actor=world.people["chief"], object_type="test", object_id=f"{tag}{n}")
    for n in range(max(count // 4, 1)):
        year = 2030 + 5 * Plan.objects.count()
        plan = Plan.objects.create(
            name_en=f"Grown plan {tag} {n}", name_km=f"ផែនការ {n}", first_year=year, last_year=year + 4
        )
        services.draft_open(plan=plan, actor=world.people["chief"])


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_RENEW_AFTER = 24 * 3600  # the two measures are minutes apart: no session renewal between
    with matrix.quiet_request_log():
        yield matrix.World()


def test_every_page_and_api_operation_costs_the_same_queries_on_a_large_database(world):
    grow(world, 1, "one")
    browser = Browser(world)
    measure(world, browser)  # warm the per-process caches (content types, permissions) first
    small = measure(world, browser)
    grow(world, GROWTH, "many")
    large = measure(world, browser)
    assert len(small) > 500, "the guard knocks on every URL pattern"
    changed = sorted(
        f"{method} {name} [{role}, {state}]: {small[key][0]} → {large[key][0]} queries"
        for key in small
        for name, state, method, role in [key]
        if grew(name, small[key][0], large[key][0])
    )
    assert not changed, "queries that grow with the data:\n" + "\n".join(changed)
    answers = [key for key in small if small[key][1] != large[key][1]]
    assert not answers, f"answers changed with the data, so the counts compare unlike things: {answers[:10]}"
