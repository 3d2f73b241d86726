"""The audit page (/audit/) and the admin: auditors read, nobody else learns the page exists, every look recorded."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit import services, views
from audit.models import AuditEvent
from tests.factories import UserFactory

from .support import chain, lock_queries

pytestmark = pytest.mark.django_db

URL = "/audit/"


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def listed_ids(response):
    return [event.pk for event in response.context["events"]]


def test_the_url():
    assert reverse("audit:events") == URL


def test_an_auditor_sees_the_events_newest_first(auditor_client, chief):
    first = services.record(action="draft.read", actor=chief, object_type="workplan.draft", object_id=3)
    second = services.record(action="section.save", actor=chief, details={"version": 2})

    response = auditor_client.get(URL, headers={"accept-language": "en"})

    assert response.status_code == 200
    assert "audit/event_list.html" in [template.name for template in response.templates]
    ids = listed_ids(response)
    assert ids.index(second.pk) < ids.index(first.pk)
    html = response.text
    assert "section.save" in html
    assert "workplan.draft" in html
    assert "version=2" in html
    assert "t-chief" in html


def test_a_superuser_sees_the_page(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("fixture", ["staff", "chief", "chair", "member", "liaison"])
def test_anyone_else_signed_in_gets_a_404_and_the_attempt_is_recorded(client, request, fixture):
    person = request.getfixturevalue(fixture)
    client.force_login(person)

    response = client.get(URL)

    assert response.status_code == 404
    denied = AuditEvent.objects.filter(action="audit.read", outcome=AuditEvent.Outcome.DENIED).get()
    assert denied.actor == person


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"
    assert not AuditEvent.objects.filter(action="audit.read").exists()


def test_reading_the_page_is_recorded_with_its_filters(auditor_client, auditor):
    auditor_client.get(URL, {"action": "draft.", "outcome": "denied"}, REMOTE_ADDR="192.0.2.44")

    event = AuditEvent.objects.filter(action="audit.read").get()
    assert (event.actor, event.outcome, event.address) == (auditor, AuditEvent.Outcome.OK, "192.0.2.44")
    assert event.details == {"filters": {"action": "draft.", "outcome": "denied"}}


def test_reading_an_older_page_is_recorded_with_its_cursor(auditor_client):
    auditor_client.get(URL, {"before": "12345"})
    assert AuditEvent.objects.get(action="audit.read").details == {"filters": {}, "before": 12345}


def test_the_page_lists_its_own_reading(auditor_client):
    response = auditor_client.get(URL)
    assert [event.action for event in response.context["events"]][:1] == ["audit.read"]


# --- Filters --------------------------------------------------------------------------------------------


@pytest.fixture
def assorted(chief, staff):
    services.record(action="draft.read", actor=chief, object_type="workplan.draft", object_id=901)
    services.record(action="draft.redline", actor=staff, object_type="workplan.draft", object_id=902)
    services.record(action="section.save", actor=staff, object_type="workplan.section", object_id=901)
    services.record(action="auth.login_failed", outcome="failed", details={"username": "t-chief"})
    return list(AuditEvent.objects.order_by("id"))


def actions(response):
    return [event.action for event in response.context["events"] if event.action != "audit.read"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "t-staff"}, ["section.save", "draft.redline"]),
        ({"action": "draft."}, ["draft.redline", "draft.read"]),
        ({"action": "draft.read"}, ["draft.read"]),
        ({"object_type": "workplan.draft"}, ["draft.redline", "draft.read"]),
        ({"object_type": "workplan.draft", "object_id": "902"}, ["draft.redline"]),
        ({"object_id": "901"}, ["section.save", "draft.read"]),
        ({"outcome": "failed"}, ["auth.login_failed"]),
        ({"actor": "t-staff", "action": "section"}, ["section.save"]),
        ({"actor": "nobody"}, []),
    ],
)
def test_filters(auditor_client, assorted, query, expected):
    response = auditor_client.get(URL, query)
    assert response.status_code == 200
    assert actions(response) == expected
    assert response.context["filtered"]
    assert response.context["total"] == len(expected)


def test_the_date_range_is_in_the_portals_time_zone(auditor_client, assorted):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    everything = actions(auditor_client.get(URL, {"since": today.isoformat(), "until": today.isoformat()}))
    assert len(everything) == AuditEvent.objects.exclude(action="audit.read").count() >= len(assorted)
    assert actions(auditor_client.get(URL, {"until": yesterday.isoformat()})) == []
    tomorrow = today + datetime.timedelta(days=1)
    assert actions(auditor_client.get(URL, {"since": tomorrow.isoformat()})) == []


def test_a_backwards_date_range_is_explained(auditor_client, assorted):
    response = auditor_client.get(
        URL, {"since": "2026-05-02", "until": "2026-05-01"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.text
    assert response.context["events"] == []


def test_an_unfiltered_count_comes_from_the_head(auditor_client, assorted):
    response = auditor_client.get(URL)
    assert response.context["total"] == len(assorted) + 1  # and the reading itself
    assert not response.context["filtered"]


def test_a_filtered_count_stops_at_the_limit(auditor_client, assorted, monkeypatch):
    monkeypatch.setattr(views, "COUNT_LIMIT", 2)
    response = auditor_client.get(URL, {"outcome": "ok"}, headers={"accept-language": "en"})
    assert response.context["total"] == 3
    assert "More than 2 events match." in response.text


# --- Pages ----------------------------------------------------------------------------------------------


def follow(client, url):
    response = client.get(url)
    return response, response.context["newer_url"], response.context["older_url"]


def test_pages_of_fifty_newest_first_by_id(auditor_client):
    chain(119)  # with the three readings below, 122 events

    first, newer, older = follow(auditor_client, URL)
    ids = listed_ids(first)
    assert len(ids) == 50
    assert ids == sorted(ids, reverse=True)
    assert newer is None
    assert re.fullmatch(r"\?before=\d+", older)

    second, newer, older = follow(auditor_client, URL + older)
    assert listed_ids(second) == list(range(ids[-1] - 1, ids[-1] - 51, -1))
    assert newer is not None

    back, _newer, _older = follow(auditor_client, URL + newer)
    assert listed_ids(back) == ids


def test_pages_keep_the_filters(auditor_client):
    chain(60)
    services.record(action="other.event")

    _response, _newer, older = follow(auditor_client, URL + "?action=test.")
    assert "action=test." in older
    last_page, _newer, older = follow(auditor_client, URL + older)
    assert len(listed_ids(last_page)) == 10
    assert older is None
    assert set(actions(last_page)) == {"test.event"}


def test_a_bad_cursor_shows_the_first_page(auditor_client):
    chain(3)
    response = auditor_client.get(URL, {"before": "not-a-number"})
    assert response.status_code == 200
    assert len(listed_ids(response)) == 5  # the sign-in, three events, the reading


def test_the_number_of_queries_does_not_grow_with_the_log(auditor_client, chief, django_assert_max_num_queries):
    chain(5, actor=chief)
    with CaptureQueriesContext(connection) as few:
        auditor_client.get(URL)
    chain(200, actor=chief)
    cursor = AuditEvent.objects.order_by("-id").values_list("id", flat=True)[60]
    with CaptureQueriesContext(connection) as many:
        auditor_client.get(URL, {"before": cursor})
    with django_assert_max_num_queries(len(few)):
        filtered = auditor_client.get(URL, {"action": "test.", "actor": ""})
    # The session, the user, the roles; the reading's audit append (lock the head, insert, move the head);
    # the page of events, its people's names, the count, the unread notifications; the session saved (in a
    # savepoint).
    assert len(few) == len(many) <= 12 + lock_queries(), [query["sql"] for query in many]
    assert filtered.status_code == 200


# --- Admin ----------------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_admin_is_read_only(superuser_client):
    event = services.record(action="draft.read", details={"why": "a test"})
    changelist = reverse("admin:audit_auditevent_changelist")

    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert superuser_client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    change = superuser_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.text
    posted = superuser_client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "x.y"})
    assert posted.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "draft.read"


def test_the_admin_filters_and_searches(superuser_client, chief):
    services.record(action="draft.read", actor=chief, object_type="workplan.draft", object_id="77")
    services.record(action="auth.login_failed", outcome="failed")
    changelist = reverse("admin:audit_auditevent_changelist")

    def listed(query):
        return [event.action for event in superuser_client.get(changelist, query).context["cl"].result_list]

    assert listed({"outcome__exact": "failed"}) == ["auth.login_failed"]
    assert listed({"action__exact": "draft.read"}) == ["draft.read"]
    assert listed({"q": "t-chief"}) == ["draft.read"]
    assert listed({"q": "77"}) == ["draft.read"]


def test_reading_the_admin_is_recorded(superuser_client):
    event = services.record(action="draft.read")
    superuser_client.get(reverse("admin:audit_auditevent_changelist"))
    superuser_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    reads = list(AuditEvent.objects.filter(action="audit.read").order_by("id"))
    assert [read.details["via"] for read in reads] == ["admin", "admin"]
    assert (reads[1].object_type, reads[1].object_id) == ("audit.auditevent", str(event.pk))
    assert services.verify().ok


def test_staff_without_the_permission_are_refused_by_the_admin_and_recorded(client, chief):
    client.force_login(chief)
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="audit.read", outcome="denied", actor=chief).exists()
