"""The audit page in words: sentences, cards on phones, filters by person, kind and day, constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit import services
from members import tokens
from members.seats import START
from tests.factories import LiaisonMembershipFactory, UserFactory
from tests.security.test_hostile_walk import HOSTILE
from tests.workplan.builders import Review
from workplan.models import Comment, Export, ReviewAssignment

pytestmark = pytest.mark.django_db

URL = "/audit/"
FILTERS = ("actor", "action", "object_type", "object_id", "outcome", "since", "until", "before", "after")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


class Things(Review):
    """One object of every kind the log names: people, a draft, a section, a review, a comment, a token…"""

    def __init__(self):
        super().__init__()
        self.guest = UserFactory(username="guest-d", name_en="Dara Kim", name_km="ដារ៉ា គីម")
        self.review = ReviewAssignment.objects.create(section=self.section, ministry=self.interior)
        self.comment = Comment.objects.create(section=self.section, author=self.liaison, body="A comment")
        self.token, _key = tokens.token_create(user=self.staff, name="dashboard")
        self.export = Export.objects.create(draft=self.draft, requested_by=self.chief, format="csv", language="en")
        self.seat = LiaisonMembershipFactory(person=self.guest, ministry=self.interior)

    def kinds(self):
        """Return, for each kind of event, the arguments of audit.services.record that make one."""
        seat = {"person": self.guest.username, "body": f"ministry:{self.interior.pk}", "started_on": "2009-10-01"}
        return {
            "auth.login": {"actor": self.staff, "obj": self.staff},
            "section.save": {"actor": self.staff, "obj": self.section, "details": {"version": 3}},
            "grant.add": {"actor": self.chief, "obj": self.draft, "details": {"person": self.guest.username}},
            "review.decide": {
                "actor": self.liaison,
                "obj": self.review,
                "details": {"decision": "approve", "revision": 3, "section": self.section.pk},
            },
            "comment.create": {"actor": self.liaison, "obj": self.comment, "details": {"section": self.section.pk}},
            "token.create": {"actor": self.staff, "obj": self.token, "details": {"name": "dashboard"}},
            "export.requested": {
                "actor": self.chief,
                "obj": self.export,
                "details": {"draft": self.draft.pk, "format": "csv", "language": "en"},
            },
            f"membership.{START}": {
                "actor": self.chief,
                "object_type": "members.liaisonmembership",
                "object_id": self.seat.pk,
                "details": seat,
            },
            "auth.login_failed": {"outcome": "failed", "details": {"username": "nobody"}},
            "something.new": {"actor": self.chief, "object_type": "workplan.draft", "object_id": self.draft.pk},
        }

    def record(self, action, times=1):
        for _ in range(times):
            services.record(action=action, **self.kinds()[action])


@pytest.fixture
def things():
    return Things()


def test_the_page_tells_each_event_in_words(auditor_client, things):
    things.record("grant.add")
    things.record("section.save")

    response = auditor_client.get(URL, headers={"accept-language": "en"})

    html = response.text
    draft = "draft 1 of the 2010–2014 plan"
    assert f"{things.chief.name_en} shared {draft} with Dara Kim" in html
    assert f"{things.staff.name_en} saved the Prevention section of {draft}, version 3" in html
    assert not re.search(r"(members\.user|workplan\.section|workplan\.draft) \d", html)
    # The person is a link to their events; their username is beside their name.
    assert f'href="?actor={things.staff.username}"' in html
    assert f'<span class="muted audit-username">{things.staff.username}</span>' in html


def test_the_table_becomes_cards_on_phones(auditor_client, things):
    things.record("section.save")
    html = auditor_client.get(URL, headers={"accept-language": "en"}).text
    assert '<table class="cards">' in html
    headings = re.findall(r'<th scope="col">([^<]+)</th>', html)
    cells = re.findall(r'<td[^>]*data-label="([^"]+)"', html)
    assert headings == ["Event", "When", "Who", "What happened", "Outcome", "Address", "Details"]
    assert cells[: len(headings)] == headings
    assert len(cells) == len(headings) * len(re.findall(r'<tr class="outcome-', html))


def test_the_page_speaks_khmer(auditor_client, things):
    things.record("grant.add")
    html = auditor_client.get(URL, headers={"accept-language": "km"}).text
    assert f"{things.chief.name_km} បានចែករំលែក សេចក្តីព្រាងទី 1 នៃផែនការឆ្នាំ 2010–2014 ជាមួយ ដារ៉ា គីម" in html
    assert 'data-label="អ្វីដែលបានកើតឡើង"' in html


# --- Filters ---------------------------------------------------------------------------------------------


def listed(response):
    return [event.action for event in response.context["events"] if event.action != "audit.read"]


def test_the_kind_of_event_is_chosen_from_the_portals_kinds_by_area(auditor_client):
    html = auditor_client.get(URL, headers={"accept-language": "en"}).text
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert '<optgroup label="Drafts and sections">' in select
    assert '<option value="section.save">Section saved</option>' in select
    assert '<option value="account.second_factor">Two-step sign-in code given</option>' in select
    assert '<option value="workflow.chair_approve">Approve and send to the Council of Ministers</option>' in select


def test_a_kind_matches_exactly_and_any_other_text_matches_the_start(auditor_client, things):
    for action in ("account.second_factor", "account.second_factor_setup", "section.save"):
        services.record(action=action, actor=things.staff)

    assert listed(auditor_client.get(URL, {"action": "account.second_factor"})) == ["account.second_factor"]
    typed = auditor_client.get(URL, {"action": "account."}, headers={"accept-language": "en"})
    assert listed(typed) == ["account.second_factor_setup", "account.second_factor"]
    assert '<option value="account." selected>Every action starting with “account.”</option>' in typed.text


def test_the_person_filter_and_the_days(auditor_client, things):
    things.record("section.save")
    things.record("grant.add")
    today = datetime.date.today()
    khmer_today = today.isoformat().translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))

    def who(query):
        events = auditor_client.get(URL, query).context["events"]
        return {event.actor_label for event in events}, [event.action for event in events]

    people, actions = who({"actor": things.staff.username})
    assert people == {things.staff.username}
    assert "section.save" in actions
    assert "grant.add" not in actions
    # Days may be typed in Khmer digits.
    for day in (today.isoformat(), khmer_today):
        people, actions = who({"actor": things.chief.username, "since": day, "until": day})
        assert (people, actions[0]) == ({things.chief.username}, "grant.add")
    assert who({"until": (today - datetime.timedelta(days=1)).isoformat()}) == (set(), [])


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"since": "2026-13-45"}, "since", "Give a date as year-month-day, for example 2026-05-31."),
        ({"until": "yesterday"}, "until", "Give a date as year-month-day, for example 2026-05-31."),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "until", "The end date is before the start date."),
        ({"action": "DROP TABLE"}, "action", "Choose a kind of event from the list."),
        ({"action": "a" * 65}, "action", "Choose a kind of event from the list."),
        ({"outcome": "maybe"}, "outcome", "Choose an outcome from the list."),
        ({"actor": "x" * 151}, "actor", "This is longer than anything the log holds: shorten it."),
        ({"object_id": "a\x00b"}, "object_id", "This holds a character that cannot be searched for (NUL): remove it."),
    ],
)
def test_bad_filters_are_explained_and_show_no_events(auditor_client, query, field, message):
    response = auditor_client.get(URL, query, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert response.context["events"] == []
    assert "Some filters cannot be read: correct them above to see the events." in response.text


def test_bad_filters_are_explained_in_khmer(auditor_client):
    response = auditor_client.get(URL, {"since": "2026-13-45", "action": "DROP"}, headers={"accept-language": "km"})
    assert response.status_code == 400
    assert "សូមសរសេរកាលបរិច្ឆេទជា ឆ្នាំ-ខែ-ថ្ងៃ ឧទាហរណ៍ 2026-05-31។" in response.text
    assert "សូមជ្រើសរើសប្រភេទព្រឹត្តិការណ៍ពីបញ្ជី។" in response.text


@pytest.mark.parametrize("url", [URL, "/audit/export/"])
@pytest.mark.parametrize("label", sorted(HOSTILE))
def test_hostile_filters_never_make_a_server_error(auditor_client, url, label):
    for name in FILTERS:
        response = auditor_client.get(url, {name: HOSTILE[label]})
        assert response.status_code in (200, 302, 400), (name, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
    for edge in ("0001-01-01", "9999-12-31"):
        response = auditor_client.get(url, {"since": edge, "until": edge})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


# --- Queries ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "auth.login",
        "section.save",
        "grant.add",
        "review.decide",
        "comment.create",
        "token.create",
        "export.requested",
        "membership.start",
        "auth.login_failed",
        "something.new",
    ],
)
def test_five_or_fifty_events_of_a_kind_cost_the_same_queries(
    auditor_client, things, action, django_assert_max_num_queries
):
    things.record(action, 5)
    query = {"since": datetime.date.today().isoformat()}
    with CaptureQueriesContext(connection) as five:
        auditor_client.get(URL, query)
    things.record(action, 45)
    with django_assert_max_num_queries(len(five)):
        response = auditor_client.get(URL, query)
    assert len([event for event in response.context["events"] if event.action == action]) >= 45


def test_every_kind_at_once_costs_the_same_queries_for_ten_or_fifty_events(
    auditor_client, things, django_assert_max_num_queries
):
    for action in things.kinds():
        things.record(action)
    with CaptureQueriesContext(connection) as few:
        auditor_client.get(URL)
    for _round in range(5):
        for action in things.kinds():
            things.record(action)
    with django_assert_max_num_queries(len(few)):
        response = auditor_client.get(URL)
    assert len(response.context["events"]) == 50
    assert {event.action for event in response.context["events"]} >= set(things.kinds())
    # The session, the user, the roles; the reading's audit append (three); the page of events; one query per
    # kind of name (people, usernames, sections, drafts, reviews, comments, tokens, exports, ministries);
    # the count; the unread notifications; the session saved.
    assert len(few) <= 22, [query["sql"] for query in few.captured_queries]
