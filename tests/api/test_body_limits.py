"""A body Django refuses to read (too large, too many fields) gets problem details in the client's language."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from core.api import problem_exception_handler
from members import tokens
from portal.views import bad_request
from tests.workplan.builders import Review

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")
TOO_LARGE = "The body is larger than the API accepts (%(limit)d bytes at most)."
TOO_MANY_FIELDS = "The body has more fields than the API accepts (%(limit)d at most)."


@pytest.fixture
def review():
    return Review()


def token_client(person, language="en"):
    _token, key = tokens.token_create(user=person, name="body limits")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE=language)
    return client


def one_byte_too_many(field):
    """Return a JSON object one byte longer than DATA_UPLOAD_MAX_MEMORY_SIZE."""
    empty = json.dumps({field: ""})
    body = json.dumps({field: "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1 - len(empty))})
    assert len(body.encode()) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    return body


def expected(message, language, limit):
    with translation.override(language):
        return translation.gettext(message) % {"limit": limit}


def assert_too_large(response, detail):
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["status"]) == ("about:blank", 413)
    assert problem["detail"] == detail


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_post_over_the_limit_is_a_413_problem(review, language):
    response = token_client(review.chief, language).post(
        f"/api/v1/drafts/{review.draft.pk}/transitions/", one_byte_too_many("remarks"), content_type="application/json"
    )
    assert_too_large(response, expected(TOO_LARGE, language, settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    if language == "km":
        assert KHMER.search(response.json()["detail"]) and KHMER.search(response.json()["title"])


def test_a_patch_over_the_limit_is_a_413_problem(review):
    client = token_client(review.staff)
    url = f"/api/v1/sections/{review.section.pk}/"
    response = client.patch(
        url, one_byte_too_many("body_en"), content_type="application/json", HTTP_IF_MATCH=client.get(url)["ETag"]
    )
    assert_too_large(response, expected(TOO_LARGE, "en", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    review.section.refresh_from_db()
    assert "xxxx" not in review.section.body_en


def test_a_body_at_the_limit_is_read(review):
    """The limit is Django's own: a body of exactly DATA_UPLOAD_MAX_MEMORY_SIZE bytes goes through to the view."""
    body = one_byte_too_many("remarks")[:-3] + '"}'
    assert len(body) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = token_client(review.chief).post(
        f"/api/v1/drafts/{review.draft.pk}/transitions/", body, content_type="application/json"
    )
    assert response.status_code == 400  # no action named: the body was read and checked
    assert "action" in response.json()["errors"]


def test_a_body_over_the_limit_from_a_browser_session_is_a_413_problem(review):
    """A session's post is first read by DRF's CSRF check, which meets Django's refusal before the view does."""
    browser = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    browser.force_login(review.chief)
    browser.get(reverse("dashboard"))  # for the CSRF cookie
    response = browser.post(
        f"/api/v1/drafts/{review.draft.pk}/transitions/", one_byte_too_many("remarks"), content_type="application/json"
    )
    assert_too_large(response, expected(TOO_LARGE, "en", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def test_too_many_fields_is_a_413_problem():
    """The API parses JSON only, so no request of today's reaches this; a form parser added later would."""
    with translation.override("en"):
        response = problem_exception_handler(TooManyFieldsSent(), {})
    assert (response.status_code, response.content_type) == (413, "application/problem+json")
    assert response.data["detail"] == expected(TOO_MANY_FIELDS, "en", settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)


def test_a_body_over_the_limit_of_an_unknown_type_is_refused_for_its_type(review):
    """The API reads only JSON: a body of another type is refused before it is read, as 415 problem details."""
    response = token_client(review.chief).post(
        f"/api/v1/drafts/{review.draft.pk}/transitions/",
        "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        content_type="application/x-unknown",
    )
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Send the body as JSON (Content-Type: application/json)."


def test_a_request_django_refuses_before_the_api_is_a_problem(review):
    """A host the portal does not serve: problem details under /api/, Django's page elsewhere."""
    client = Client(headers={"accept-language": "en"})
    response = client.get("/api/v1/plans/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "This request cannot be answered as it was sent."
    page = client.get("/plans/", HTTP_HOST="elsewhere.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_a_body_too_large_refused_outside_the_api_views_is_a_413_problem():
    request = RequestFactory().post("/api/v1/anything/")
    response = bad_request(request, RequestDataTooBig())
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["detail"] == TOO_LARGE % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
