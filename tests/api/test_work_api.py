"""The signed-in API: tokens, drafts, sections with If-Match, transitions, reviews, comments; public plans."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import ApiToken
from tests.factories import PASSWORD
from tests.workplan.builders import Review
from workplan import policies, workflow
from workplan.models import Draft, PublishedPlan, ReviewAssignment
from workplan.public.api import csv_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return Review()


def token_client(user):
    """A client with a token made as a script makes one: the password, and the app's code for two-step sign-in."""
    from members import second_factor
    from tests.factories import current_code, give_authenticator

    body = {"username": user.username, "password": PASSWORD, "name": "test"}
    if second_factor.required_for(user):
        body["code"] = current_code(give_authenticator(user))
    client = APIClient()
    response = client.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 201, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_token_is_stored_hashed_and_stops_with_the_account(review):
    client = token_client(review.staff)
    stored = ApiToken.objects.get(user=review.staff)
    assert client.get("/api/v1/drafts/").status_code == 200
    assert stored.key_hash != client._credentials["HTTP_AUTHORIZATION"].split()[1]
    type(review.staff).objects.filter(pk=review.staff.pk).update(is_active=False)
    response = client.get("/api/v1/drafts/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_token_requests_are_locked_out_like_sign_in(review):
    client = APIClient()
    for _ in range(5):
        wrong = client.post(
            "/api/v1/auth/token/",
            {"username": review.staff.username, "password": "nope"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert wrong.status_code in (400, 429)
    locked = client.post(
        "/api/v1/auth/token/",
        {"username": review.staff.username, "password": PASSWORD},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert locked.status_code == 429
    assert "locked" in locked.json()["detail"]


def test_section_etag_and_if_match(review):
    client = token_client(review.staff)
    url = f"/api/v1/sections/{review.section.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    body = response.json()
    assert {"id", "draft", "task_force", "title_km", "title_en", "body_km", "body_en", "version", "objectives"} <= set(
        body
    )
    assert body["task_force"] == "prevention"
    assert client.patch(url, {"body_en": "<p>x</p>"}, format="json").status_code == 428
    assert client.patch(url, {"body_en": "<p>x</p>"}, format="json", HTTP_IF_MATCH='"stale"').status_code == 412
    saved = client.patch(
        url,
        {
            "body_en": "<p>Through the API<script>x()</script></p>",
            "version": 99,
            "state": "published",
            "author": "someone",
            "summary": "API edit",
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["body_en"] == "<p>Through the API</p>"
    assert saved.json()["version"] == body["version"] + 1  # not 99: clients cannot set it
    assert Draft.objects.get(pk=review.draft.pk).state == "drafting"
    assert saved["ETag"] != etag
    # The old ETag is now stale.
    assert client.patch(url, {"body_en": "<p>y</p>"}, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_a_patch_answers_with_the_section_as_a_get_then_shows_it(review):
    client = token_client(review.staff)
    url = f"/api/v1/sections/{review.section.pk}/"
    before = client.get(url)
    rows = before.json()["objectives"]
    text_only = client.patch(url, {"title_en": " Renamed "}, format="json", HTTP_IF_MATCH=before["ETag"])
    assert text_only.status_code == 200, text_only.content
    after = client.get(url)
    assert text_only.json() == after.json() and text_only["ETag"] == after["ETag"]
    assert after.json()["objectives"] == rows, "rows the client left out stay as they were"
    assert after.json()["title_en"] == "Renamed"
    rows[0]["activities"][0]["partners"] = ["aple", "justice"]
    rows[0]["activities"].append({**rows[0]["activities"][0], "code": "1.2", "budget": "7", "partners": []})
    saved = client.patch(url, {"objectives": rows}, format="json", HTTP_IF_MATCH=after["ETag"])
    assert saved.status_code == 200, saved.content
    again = client.get(url)
    assert saved.json() == again.json() and saved["ETag"] == again["ETag"]
    assert [a["budget"] for a in again.json()["objectives"][0]["activities"]] == ["40000.00", "7.00"]
    unchanged = client.patch(url, {"objectives": rows}, format="json", HTTP_IF_MATCH=again["ETag"])
    assert unchanged.json() == again.json() and unchanged["ETag"] == again["ETag"]


def test_validation_errors_name_the_field(review):
    client = token_client(review.staff)
    url = f"/api/v1/sections/{review.section.pk}/"
    etag = client.get(url)["ETag"]
    rows = [
        {
            "code": "1",
            "activities": [{"code": "1.1", "lead_ministry": "interior", "start_year": 2009, "end_year": 2010}],
        }
    ]
    response = client.patch(url, {"objectives": rows}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    problem = response.json()
    assert problem["status"] == 400
    assert "2009 is outside the plan period" in str(problem["errors"])


@pytest.mark.parametrize("field", ["body", "quote"])
def test_a_comment_with_a_nul_character_is_refused_by_name(review, field):
    """PostgreSQL cannot store NUL in text: the API says so instead of failing."""
    client = token_client(review.staff)
    payload = {"body": "A comment", field: "before\x00after"}
    response = client.post(f"/api/v1/sections/{review.section.pk}/comments/", payload, format="json")
    assert response.status_code == 400
    assert "NUL" in str(response.json()["errors"])


def test_visibility_and_refusals(review):
    liaison = token_client(review.other_liaison)
    assert liaison.get(f"/api/v1/sections/{review.section.pk}/").status_code == 404
    assert liaison.get(f"/api/v1/drafts/{review.draft.pk}/").status_code == 404
    assert liaison.get("/api/v1/drafts/").json()["count"] == 0
    staff = token_client(review.staff)
    response = staff.post(
        f"/api/v1/drafts/{review.draft.pk}/transitions/", {"action": "submit_for_review"}, format="json"
    )
    assert response.status_code == 403
    chair = token_client(review.chair)
    wrong_state = chair.post(
        f"/api/v1/drafts/{review.draft.pk}/transitions/", {"action": "chair_approve"}, format="json"
    )
    assert wrong_state.status_code == 409
    assert wrong_state["Content-Type"] == "application/problem+json"
    anonymous = APIClient()
    assert anonymous.get("/api/v1/drafts/").status_code in (401, 403)


def test_a_draft_through_the_whole_workflow_by_api(review):
    chief, chair = token_client(review.chief), token_client(review.chair)
    transitions = f"/api/v1/drafts/{review.draft.pk}/transitions/"
    assert chief.post(transitions, {"action": "submit_for_review"}, format="json").json()["state"] == "in_review"
    for person in (review.liaison, review.justice_liaison):
        client = token_client(person)
        for assignment in client.get("/api/v1/reviews/").json()["results"]:
            if assignment["ministry"] != person.organization.code:
                continue
            comment = client.post(
                f"/api/v1/sections/{assignment['section']}/comments/", {"body": "Fine"}, format="json"
            )
            assert comment.status_code == 201
            decided = client.post(
                f"/api/v1/reviews/{assignment['id']}/decision/", {"decision": "approve"}, format="json"
            )
            assert decided.status_code == 200, decided.content
            assert decided.json()["decision"] == "approve"
    for section in chief.get(f"/api/v1/drafts/{review.draft.pk}/").json()["sections"]:
        for thread in chief.get(f"/api/v1/sections/{section['id']}/comments/").json()["results"]:
            resolved = chief.post(f"/api/v1/comments/{thread['id']}/resolve/", {"resolved": True}, format="json")
            assert resolved.status_code == 200
            assert resolved.json()["resolved"] is True
    assert chief.post(transitions, {"action": "submit_to_chair"}, format="json").json()["state"] == "with_chair"
    assert chair.post(transitions, {"action": "chair_approve"}, format="json").json()["state"] == "with_council"
    missing = chief.post(transitions, {"action": "council_approve"}, format="json")
    assert missing.status_code == 400
    assert "decision_reference" in missing.json()["errors"]
    done = chief.post(
        transitions,
        {"action": "council_approve", "decision_date": "2010-03-01", "decision_reference": "No. 12 SSR"},
        format="json",
    )
    assert done.json()["state"] == "published"

    public = APIClient()
    plans = public.get("/api/v1/plans/").json()
    assert plans["count"] == 1
    assert plans["results"][0]["decision_reference"] == "No. 12 SSR"
    detail = public.get(f"/api/v1/plans/{review.plan.pk}/")
    assert detail.status_code == 200
    assert detail["Cache-Control"].startswith("public") or "public" in detail["Cache-Control"]
    etag = detail["ETag"]
    document = detail.json()
    assert {s["key"] for s in document["sections"]} >= {"prevention", "front"}
    assert all(len(s["revision_hash"]) == 64 for s in document["sections"])
    assert public.get(f"/api/v1/plans/{review.plan.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    activities = public.get("/api/v1/activities/", {"ministry": "justice", "year": 2011}).json()
    assert [a["code"] for a in activities["results"]] == ["1.1"]
    assert public.get("/api/v1/activities/", {"year": 2030}).json()["count"] == 0


def test_the_published_plan_is_served_from_the_stored_document(review, django_assert_max_num_queries):
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
    )
    client = APIClient()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/api/v1/plans/{review.plan.pk}/"
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    tables = " ".join(query["sql"] for query in first)
    assert "workplan_section" not in tables and "workplan_activity" not in tables
    assert len(first) <= 2  # the entity tag, then (once per process) the stored bytes
    # Later requests read nothing: the entity tag is in the cache and the bytes in the process.
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content == response.content
    assert len(again) == 0
    with CaptureQueriesContext(connection) as unchanged:
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert len(unchanged) == 0
    # What DRF answers is unchanged: another format, or a client that does not take JSON.
    assert client.get(url, {"format": "csv"}).status_code == 404
    refused = client.get(url, HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/problem+json"


def test_a_plan_is_public_as_soon_as_its_publication_commits(review, django_capture_on_commit_callbacks):
    client = APIClient()
    url = f"/api/v1/plans/{review.plan.pk}/"
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    # Asked before publication: the answer "not published" is remembered ...
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        workflow.council_approve(
            draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
        )
    # ... and forgotten when the publication commits.
    published = client.get(url)
    assert published.status_code == 200
    assert published["ETag"] == f'"{PublishedPlan.objects.get(plan=review.plan).etag}"'


def test_nothing_unpublished_is_public(review):
    client = APIClient()
    assert client.get("/api/v1/plans/").json()["count"] == 0
    assert client.get(f"/api/v1/plans/{review.plan.pk}/").status_code == 404
    assert client.get("/api/v1/activities/").json()["count"] == 0
    assert client.get("/api/v1/activities/", {"ministry": "interior", "plan": review.plan.pk}).json()["count"] == 0
    assert ReviewAssignment.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("ok", "ok"),
        (None, ""),
        (["aple", "lscw"], "aple lscw"),
    ],
)
def test_csv_cells_that_start_a_formula_are_escaped(value, cell):
    assert csv_cell(value) == cell


def test_activities_as_csv(review, client):
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    from workplan.models import Activity

    Activity.objects.update(indicator_en='=HYPERLINK("http://x")', target_en="1")
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
    )
    response = client.get("/api/v1/activities/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("plan,task_force,objective,code")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_pages_of_activities_are_kept_until_the_next_publication(review, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = APIClient()
    url = "/api/v1/activities/?year=2011&ministry=justice"
    assert client.get(url).json()["count"] == 0
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.council_approve(
            draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
        )
    # The publication replaced the stored empty page at once.
    fresh = client.get(url)
    assert fresh.json()["count"] == 1
    with CaptureQueriesContext(connection) as again:
        kept = client.get(url)
    assert len(again) == 0 and kept.content == fresh.content
    # The same filters in another order are the same page; another format or Accept header is another answer.
    assert client.get("/api/v1/activities/?ministry=justice&year=2011").content == fresh.content
    as_csv = client.get(url, HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"].startswith("text/csv") and b"1.1" in as_csv.content
    assert client.get(url).content == fresh.content
    # Refusals are never kept.
    for _ in range(2):
        assert client.get("/api/v1/activities/?year=soon").status_code == 400
    # Nor are pages asked with a parameter they do not read: the same answer, from the database each time.
    for _ in range(2):
        with CaptureQueriesContext(connection) as unknown:
            assert client.get(url + "&utm_source=mail").content == fresh.content
        assert len(unknown) > 0
    # Kept apart from the portal's own cache (the editor's rows, throttles, lockouts).
    default_entries = len(caches["default"]._cache)
    client.get("/api/v1/activities/?year=2012")
    assert len(caches["default"]._cache) == default_entries


def test_activity_rows_are_what_the_serializer_describes(review, client):
    """The list answers from plain rows; they must be exactly the documented serializer's output, page by page."""
    from members.models import Organization
    from workplan.models import Activity
    from workplan.public.api import PublicActivitySerializer

    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    first = Activity.objects.order_by("pk").first()
    first.budget = "1234.5"
    first.save()
    first.partners.set(Organization.objects.order_by("-code")[:3])
    Activity.objects.create(
        objective=first.objective,
        code="1.9",
        order=9,
        lead_ministry=first.lead_ministry,
        start_year=2010,
        end_year=2011,
    )
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
    )
    answered = client.get("/api/v1/activities/").json()["results"]
    described = PublicActivitySerializer(
        Activity.objects.filter(objective__section__draft__state=Draft.State.PUBLISHED).order_by(
            "objective__section__draft__plan_id", "objective__section__order", "objective__order", "order", "pk"
        ),
        many=True,
    ).data
    assert answered == [dict(row) for row in described]
    assert len(answered) == Activity.objects.count() == 2
    row, added = (next(row for row in answered if row["code"] == code) for code in (first.code, "1.9"))
    assert row["budget"] == "1234.50"
    assert row["partners"] == sorted(row["partners"]) and len(row["partners"]) == 3
    assert added["budget"] is None and added["partners"] == []


def test_token_page(client, review):
    client.force_login(review.staff)
    created = client.post(reverse("tokens"), {"name": "dashboard"}, HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 200
    key = created.context["new_key"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/drafts/").status_code == 200
    token = ApiToken.objects.get(user=review.staff, name="dashboard")
    client.post(reverse("tokens"), {"revoke": token.pk})
    assert api.get("/api/v1/drafts/").status_code == 401


def test_clients_are_throttled_per_token(review, monkeypatch):
    from members.tokens import PerTokenRateThrottle

    monkeypatch.setattr(PerTokenRateThrottle, "rate", "3/minute", raising=False)
    first, second = token_client(review.staff), token_client(review.staff)
    assert [first.get("/api/v1/drafts/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # Another token of the same person has its own allowance.
    assert second.get("/api/v1/drafts/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/plans/", "/api/v1/activities/?ministry=interior&year=2011"])
def test_public_lists_keep_their_query_count(url, review, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workplan.models import Activity

    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="R"
    )
    client = APIClient()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # Thirty more published activities, each with partners.
    template = Activity.objects.filter(objective__section=review.section).first()
    for index in range(30):
        clone = Activity.objects.get(pk=template.pk)
        clone.pk, clone.code = None, f"8.{index}"
        clone.save()
        clone.partners.set(template.partners.all())
    # Rows added behind a publication's back (the portal never does): forget the stored answers.
    caches["public"].clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)
    with django_assert_max_num_queries(4):
        client.get(url)


def test_the_drafts_list_names_the_sections_each_person_may_read(review):
    review.submit()
    for person in (review.chief, review.liaison, review.justice_liaison, review.other_liaison, review.staff):
        client = APIClient()
        client.force_authenticate(person)
        listed = {entry["id"]: entry for entry in client.get("/api/v1/drafts/").json()["results"]}
        for entry in listed.values():
            detail = client.get(entry["url"]).json()
            fields = ("id", "task_force", "version")
            listed_sections = [{field: section[field] for field in fields} for section in entry["sections"]]
            assert listed_sections == [{field: s[field] for field in fields} for s in detail["sections"]]
            assert entry["actions"] == detail["actions"]
        visible = set(policies.visible_drafts(person).values_list("pk", flat=True))
        assert set(listed) == visible, person.username
    liaison = APIClient()
    liaison.force_authenticate(review.justice_liaison)
    (entry,) = liaison.get("/api/v1/drafts/").json()["results"]
    assigned = set(
        ReviewAssignment.objects.filter(ministry=review.justice, section__draft=review.draft).values_list(
            "section_id", flat=True
        )
    )
    assert {section["id"] for section in entry["sections"]} == assigned
    assert len(assigned) < review.draft.sections.count()


def test_the_drafts_list_is_paged_by_twenty(review):
    for number in range(2, 25):
        Draft.objects.create(plan=review.plan, number=number, state=Draft.State.RETURNED, created_by=review.chief)
    client = APIClient()
    client.force_authenticate(review.chief)
    first = client.get("/api/v1/drafts/").json()
    assert first["count"] == 24 and len(first["results"]) == 20 and first["next"]
    assert len(client.get(first["next"]).json()["results"]) == 4
    assert len(client.get("/api/v1/drafts/", {"page_size": 100}).json()["results"]) == 24
