"""Every kind of API error answers in the client's language: no English left in a Khmer answer, none missing.

Each case below makes the API refuse one way (400 on several endpoints, 401, 403, 404, 405, 406, 409,
412, 413, 415, 428, 429) and is asked once in Khmer and once in English. A Khmer answer must have Khmer in
every text a person reads (title, detail, each message in errors) and no English word left in any of
them; an English answer must have no Khmer. Field names (the keys of errors) and the problem type stay
the same in both languages. The portal sets no limit of its own on an API body: Django's
DATA_UPLOAD_MAX_MEMORY_SIZE gives the 413.
"""

import json
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework import serializers
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from members import tokens
from members.api import TokenRequestSerializer
from members.tokens import PerTokenRateThrottle
from tests.factories import PASSWORD
from tests.workplan.builders import Review
from workplan import workflow
from workplan.drafting import api as drafting_api
from workplan.models import ReviewAssignment
from workplan.public import api as public
from workplan.review import api as review_api
from workplan.review import services as reviews
from workplan.workflow import api as workflow_api

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")
# What the client sent, quoted back to it: the Khmer catalogue puts such values between « and ».
ECHOED = re.compile("«[^»]*»")
# Words a client has to type exactly as they are: header names, media types, formats, a method.
TECHNICAL = re.compile(r"Content-Type: application/json|If-Match|ETag|GET|JSON|CSV|API|X-CSRFToken|CSRF|YYYY-MM-DD|NUL")
# Codes the cases below send, which a message names as they are (an unknown ministry's code).
CODES = re.compile(r"\bnowhere\b")
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def english_left(text):
    """Return the English words of a text once echoed values, codes and technical words are set aside."""
    return ENGLISH.findall(CODES.sub(" ", TECHNICAL.sub(" ", ECHOED.sub(" ", text))))


def messages(errors):
    """Yield every message of a problem's errors (not the field names that key them)."""
    if isinstance(errors, dict):
        for value in errors.values():
            yield from messages(value)
    elif isinstance(errors, list):
        for value in errors:
            yield from messages(value)
    else:
        yield errors


def field_names(errors, prefix=""):
    """Return the paths of the fields an errors object names, such as objectives.0.activities.0.budget."""
    if isinstance(errors, dict):
        return {name for key, value in errors.items() for name in field_names(value, f"{prefix}{key}.")}
    if isinstance(errors, list) and any(isinstance(value, dict | list) for value in errors):
        return {
            name
            for index, value in enumerate(errors)
            if isinstance(value, dict | list)
            for name in field_names(value, f"{prefix}{index}.")
        }
    return {prefix.rstrip(".")}


def test_the_check_finds_english():
    """The check must fail on DRF's and the portal's English, and pass their Khmer and what a client sent."""
    assert english_left("This field is required.")
    assert english_left("Ensure this field has no more than 300 characters.")
    assert english_left("Not found.")
    assert english_left("JSON parse error - Expecting value: line 1 column 1 (char 0)")
    assert english_left("ខ្លឹមសារមិនមែនជា JSON ត្រឹមត្រូវទេ (No Draft matches the given query.)")
    assert english_left("Send the body as JSON (Content-Type: application/json).")
    assert english_left("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.")
    assert not english_left("«fly» មិនមែនជាជម្រើសដែលត្រឹមត្រូវទេ។")
    assert not english_left("សូមផ្ញើ If-Match ជាមួយ ETag នៃកំណែ (ពី GET)។")


@pytest.fixture
def portal():
    """A draft being written, and the people who act on it."""
    review = Review()
    return SimpleNamespace(review=review, draft=review.draft, section=review.section, plan=review.plan)


def token_client(user, language):
    """Return an API client that sends a token of the user's and asks for the language."""
    _token, key = tokens.token_create(user=user, name="problem details")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE=language)
    return client


def anonymous(language):
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client


def transitions(p):
    return f"/api/v1/drafts/{p.draft.pk}/transitions/"


def section_url(p):
    return f"/api/v1/sections/{p.section.pk}/"


def patch_section(p, language, payload, *, person=None, if_match="current"):
    """PATCH the section as JSON (sent as text: the test client's renderer cannot encode a lone surrogate)."""
    client = token_client(person or p.review.staff, language)
    if if_match == "current":
        if_match = client.get(section_url(p))["ETag"]
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return client.patch(section_url(p), json.dumps(payload), content_type="application/json", **headers)


def rows(*activities, code="1"):
    return [{"code": code, "activities": list(activities)}]


def section_with_wrong_fields(p, language):
    activity = {
        "code": "1.1",
        "lead_ministry": "interior",
        "start_year": "soon",
        "end_year": 1800,
        "budget": "-1",
        "currency": "EUR",
        "partners": "aple",
    }
    payload = {
        "title_en": "x" * 301,
        "title_km": "\ud800",
        "body_en": None,
        "body_km": "a\x00b",
        "objectives": [*rows(activity, code=""), "an objective"],
    }
    return patch_section(p, language, payload)


def section_rows_missing_a_year(p, language):
    return patch_section(
        p, language, {"objectives": rows({"code": "1.1", "lead_ministry": "interior", "start_year": 2010})}
    )


def section_rows_breaking_the_plan(p, language):
    activity = {"code": "1.1", "lead_ministry": "nowhere", "start_year": 2009, "end_year": 2010}
    return patch_section(p, language, {"objectives": rows(activity)})


def council_decision_missing(p, language):
    p.review.submit()
    p.review.approve_all()
    workflow.submit_to_chair(draft=p.draft, actor=p.review.chief)
    workflow.chair_approve(draft=p.draft, actor=p.review.chair)
    return token_client(p.review.chief, language).post(transitions(p), {"action": "council_approve"}, format="json")


def review_decision(p, language, payload):
    p.review.submit()
    assignment = ReviewAssignment.objects.filter(ministry=p.review.interior).first()
    return token_client(p.review.liaison, language).post(
        f"/api/v1/reviews/{assignment.pk}/decision/", payload, format="json"
    )


def thread_resolved_with_no_answer(p, language):
    thread = reviews.comment_create(section=p.section, actor=p.review.staff, body="A question")
    return token_client(p.review.staff, language).post(
        f"/api/v1/comments/{thread.pk}/resolve/", {"resolved": "perhaps"}, format="json"
    )


def comment(p, language, payload):
    return token_client(p.review.staff, language).post(f"{section_url(p)}comments/", payload, format="json")


def token_request(p, language, payload):
    return anonymous(language).post("/api/v1/auth/token/", payload, format="json")


def locked_out(p, language):
    for _attempt in range(5):
        token_request(p, language, {"username": p.review.staff.username, "password": "no"})
    return token_request(p, language, {"username": p.review.staff.username, "password": PASSWORD})


def throttled(client, url):
    client.get(url)
    return client.get(url)


def csrf_refused(p, language):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(p.review.chief)
    return client.post(transitions(p), {"action": "submit_for_review"}, format="json", HTTP_ACCEPT_LANGUAGE=language)


def body_too_large(p, language):
    body = json.dumps({"action": "submit_for_review", "remarks": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    return as_chief(p, language).post(transitions(p), body, content_type="application/json")


def as_chief(p, language):
    return token_client(p.review.chief, language)


def as_staff(p, language):
    return token_client(p.review.staff, language)


# name: (status, the refused request, the fields its errors name)
CASES = {
    "a token request without its fields": (
        400,
        lambda p, lang: token_request(p, lang, {"name": "x" * 101}),
        {"username", "password", "name"},
    ),
    "a token request with a wrong password": (
        400,
        lambda p, lang: token_request(p, lang, {"username": p.review.staff.username, "password": "no"}),
        None,
    ),
    "a draft opened without a plan id": (
        400,
        lambda p, lang: as_chief(p, lang).post("/api/v1/drafts/", {"plan": "x"}, format="json"),
        {"plan"},
    ),
    "a second open draft": (
        400,
        lambda p, lang: as_chief(p, lang).post("/api/v1/drafts/", {"plan": p.plan.pk}, format="json"),
        {"__all__"},
    ),
    "a transition with wrong fields": (
        400,
        lambda p, lang: as_chief(p, lang).post(
            transitions(p),
            {"action": "fly", "remarks": None, "due_on": "soon", "decision_reference": "x" * 101},
            format="json",
        ),
        {"action", "remarks", "due_on", "decision_reference"},
    ),
    "a transition that is not an object": (
        400,
        lambda p, lang: as_chief(p, lang).post(transitions(p), ["submit_for_review"], format="json"),
        {"non_field_errors"},
    ),
    "a transition without the Council's decision": (
        400,
        council_decision_missing,
        {"decision_date", "decision_reference"},
    ),
    "a section with wrong fields": (
        400,
        section_with_wrong_fields,
        {
            "title_en",
            "title_km",
            "body_en",
            "body_km",
            "objectives.0.code",
            "objectives.0.activities.0.start_year",
            "objectives.0.activities.0.end_year",
            "objectives.0.activities.0.budget",
            "objectives.0.activities.0.currency",
            "objectives.0.activities.0.partners",
            "objectives.1.non_field_errors",
        },
    ),
    "a section's rows missing a year": (
        400,
        section_rows_missing_a_year,
        {"objectives.0.activities.0.end_year"},
    ),
    "a section's rows breaking the plan's rules": (400, section_rows_breaking_the_plan, {"non_field_errors"}),
    "a redline without revision numbers": (
        400,
        lambda p, lang: as_staff(p, lang).get(f"{section_url(p)}redline/"),
        {"a"},
    ),
    "a comment that is not text": (400, lambda p, lang: comment(p, lang, {"body": 5}), {"body"}),
    "a reply to no thread": (400, lambda p, lang: comment(p, lang, {"body": "Yes", "parent": "x"}), {"parent"}),
    "an empty comment": (400, lambda p, lang: comment(p, lang, {"body": " "}), {"body"}),
    "a review decision without a decision": (
        400,
        lambda p, lang: review_decision(p, lang, {"remarks": None}),
        {"decision", "remarks"},
    ),
    "changes requested without remarks": (
        400,
        lambda p, lang: review_decision(p, lang, {"decision": "request_changes"}),
        {"remarks"},
    ),
    "a thread resolved with no yes or no": (400, thread_resolved_with_no_answer, {"resolved"}),
    "activities filtered by words": (
        400,
        lambda p, lang: anonymous(lang).get("/api/v1/activities/", {"year": "soon", "plan": 2**40}),
        {"year", "plan"},
    ),
    "activities filtered by words, asked as CSV": (
        400,
        lambda p, lang: anonymous(lang).get("/api/v1/activities/", {"year": "soon", "format": "csv"}),
        {"year"},
    ),
    "a body that is not JSON": (
        400,
        lambda p, lang: as_chief(p, lang).post(transitions(p), '{"action": ', content_type="application/json"),
        None,
    ),
    "no credentials": (401, lambda p, lang: anonymous(lang).get("/api/v1/drafts/"), None),
    "an unknown token": (
        401,
        lambda p, lang: anonymous(lang).get("/api/v1/drafts/", HTTP_AUTHORIZATION="Token nope"),
        None,
    ),
    "a malformed token header": (
        401,
        lambda p, lang: anonymous(lang).get("/api/v1/drafts/", HTTP_AUTHORIZATION="Token a b"),
        None,
    ),
    "a step the role may not take": (
        403,
        lambda p, lang: as_staff(p, lang).post(transitions(p), {"action": "submit_for_review"}, format="json"),
        None,
    ),
    "a section the reader may not edit": (403, lambda p, lang: patch_section(p, lang, {}, person=p.review.chair), None),
    "a draft opened by staff": (
        403,
        lambda p, lang: as_staff(p, lang).post("/api/v1/drafts/", {"plan": p.plan.pk}, format="json"),
        None,
    ),
    "a browser session without its CSRF token": (403, csrf_refused, None),
    "a draft that is not there": (404, lambda p, lang: as_staff(p, lang).get("/api/v1/drafts/0/"), None),
    "an address that is not there": (404, lambda p, lang: anonymous(lang).get("/api/v1/nowhere/"), None),
    "a ministry that is not there": (404, lambda p, lang: anonymous(lang).get("/api/v1/ministries/nowhere/"), None),
    "a plan that is not published": (404, lambda p, lang: anonymous(lang).get(f"/api/v1/plans/{p.plan.pk}/"), None),
    "a page past the end": (404, lambda p, lang: as_staff(p, lang).get("/api/v1/drafts/", {"page": 9}), None),
    "a review that is not there": (
        404,
        lambda p, lang: token_client(p.review.liaison, lang).post(
            "/api/v1/reviews/0/decision/", {"decision": "approve"}, format="json"
        ),
        None,
    ),
    "a method the address does not take": (405, lambda p, lang: as_chief(p, lang).delete("/api/v1/drafts/"), None),
    "a format the address does not give": (
        406,
        lambda p, lang: as_chief(p, lang).get("/api/v1/drafts/", HTTP_ACCEPT="text/csv"),
        None,
    ),
    "a step the draft's state does not allow": (
        409,
        lambda p, lang: token_client(p.review.chair, lang).post(
            transitions(p), {"action": "chair_approve"}, format="json"
        ),
        None,
    ),
    "an edit of a stale version": (
        412,
        lambda p, lang: patch_section(p, lang, {"body_en": "<p>x</p>"}, if_match='"section-0-v0"'),
        None,
    ),
    "a body over the size limit": (413, body_too_large, None),
    "a body that is not JSON by its type": (
        415,
        lambda p, lang: as_chief(p, lang).post(transitions(p), "action=submit_for_review", content_type="text/plain"),
        None,
    ),
    "an edit that names no version": (
        428,
        lambda p, lang: patch_section(p, lang, {"body_en": "<p>x</p>"}, if_match=None),
        None,
    ),
    "too many requests with a token": (429, lambda p, lang: throttled(as_staff(p, lang), "/api/v1/drafts/"), None),
    "too many anonymous requests": (429, lambda p, lang: throttled(anonymous(lang), "/api/v1/ministries/"), None),
    "too many wrong passwords": (429, locked_out, None),
}


@pytest.mark.parametrize("language", ["km", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_error_answers_in_the_language_asked(portal, monkeypatch, case, language):
    status, refuse, fields = CASES[case]
    # One request a minute where the case is about throttling; room for every request elsewhere.
    rate = "1/minute" if status == 429 else "1000/minute"
    monkeypatch.setattr(PerTokenRateThrottle, "rate", rate, raising=False)
    monkeypatch.setattr(AnonRateThrottle, "rate", rate, raising=False)
    response = refuse(portal, language)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert problem["status"] == status
    errors = problem.get("errors")
    assert (field_names(errors) if errors else None) == fields
    texts = [problem["title"], problem["detail"], *messages(errors or {})]
    if language == "km":
        for text in texts:
            assert KHMER.search(text), f"no Khmer in {text!r}"
            assert not english_left(text), f"English left in {text!r}"
    else:
        for text in texts:
            assert not KHMER.search(text), f"Khmer in {text!r}"


def test_a_client_that_names_no_language_gets_khmer(portal):
    """Khmer is the portal's language: a client without Accept-Language reads Khmer, as on the pages."""
    response = APIClient().get("/api/v1/drafts/")
    assert response.status_code == 401
    assert KHMER.search(response.json()["detail"])


def input_fields(field):
    """Yield a field and every field nested in it (a serializer's fields, a list's child)."""
    yield field
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        yield from input_fields(field.child)
    elif isinstance(field, serializers.Serializer):
        for child in field.fields.values():
            yield from input_fields(child)


def field_messages(field):
    yield from field.error_messages.values()
    for validator in field.validators:
        if getattr(validator, "message", None):
            yield validator.message


INPUTS = [
    TokenRequestSerializer(),
    workflow_api.TransitionSerializer(),
    drafting_api.SectionWriteSerializer(),
    review_api.DecisionSerializer(),
    review_api.ResolveSerializer(),
]


def test_every_message_the_api_inputs_can_give_has_khmer():
    """DRF and Django ship no Khmer for most of these: the portal's catalogue must have every one of them."""
    with translation.override("km"):
        found = [
            str(message)
            for serializer in INPUTS
            for field in input_fields(serializer)
            for message in field_messages(field)
        ]
        form = public.ActivityFilter().form
        for field in form.fields.values():
            found += [str(message) for message in field.error_messages.values()]
            found += [str(validator.message) for validator in field.validators if getattr(validator, "message", None)]
    assert len(found) > 50
    untranslated = sorted({message for message in found if not KHMER.search(message)})
    assert untranslated == []
