"""Input that used to end in a server error is refused with a clear 400: problem details in the API, the form
again with a message on pages. Each test sends what an outside probe sent."""

import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import ApiToken
from tests.factories import PASSWORD, UserFactory
from tests.workplan.builders import Review
from workplan.models import Comment, Draft

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
# Longer than django-axes' username column (255 characters), where a refused sign-in is recorded.
LONG_USERNAME = "u" * 300
TOO_LONG = "No account has a username this long: a username has at most 150 characters."


@pytest.fixture
def review():
    return Review()


def _api(user=None, language="en"):
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def _problem(response, status=400):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


# --- 1. A username longer than django-axes can record, at the three sign-in doors ---------------------------


def test_sign_in_page_refuses_an_over_long_username_with_the_form_again(client):
    response = client.post(
        reverse("login"), {"username": LONG_USERNAME, "password": "whatever"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "registration/login.html" in [template.name for template in response.templates]
    assert response.context["form"].errors["username"] == [TOO_LONG]
    assert TOO_LONG in response.text
    assert not response.wsgi_request.user.is_authenticated
    assert not AccessAttempt.objects.exists()  # refused before authentication: nothing for axes to count


def test_sign_in_page_still_counts_an_ordinary_wrong_password(client):
    person = UserFactory(username="ordinary-signer")
    response = client.post(reverse("login"), {"username": person.username, "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AccessAttempt.objects.filter(username=person.username).exists()


def test_admin_sign_in_refuses_an_over_long_username_with_the_form_again(client):
    response = client.post(
        reverse("admin:login"), {"username": LONG_USERNAME, "password": "whatever"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [TOO_LONG]
    assert TOO_LONG in response.text
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("language", ["en", "km"])
def test_token_endpoint_refuses_an_over_long_username(language):
    response = _api(language=language).post(
        "/api/v1/auth/token/", {"username": LONG_USERNAME, "password": "whatever"}, format="json"
    )

    body = _problem(response)
    message = body["errors"]["username"][0]
    if language == "en":
        assert message == "Ensure this field has no more than 150 characters."
    else:
        assert "150" in message and "Ensure" not in message
    assert not AccessAttempt.objects.exists()


# --- 2. JSON nested deeper than the decoder can go --------------------------------------------------------------


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_token_endpoint_refuses_json_nested_5000_deep(opening, closing):
    body = opening * 5000 + "1" + closing * 5000

    response = _api().post("/api/v1/auth/token/", body, content_type="application/json")

    assert _problem(response)["detail"] == "The body's JSON is nested too deeply."


def test_json_nested_a_little_is_still_read(review):
    # The same parser reads every API body: a nested body the decoder can read goes on to the view.
    response = _api().post(
        "/api/v1/auth/token/",
        json.dumps({"username": review.staff.username, "password": PASSWORD, "name": "nested"}),
        content_type="application/json",
    )
    assert response.status_code == 201


# --- 3. OPTIONS on the API's documentation page -----------------------------------------------------------------


def test_options_on_the_api_docs_is_refused_cleanly(client):
    # The reference is a page of the portal's own now (portal/api_reference.py): OPTIONS is one more method it
    # does not take.
    response = client.options("/api/docs/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.get("/api/docs/").status_code == 200


# --- 4. Numbers too large for a float: JSON's 1e400 is read as infinity -----------------------------------------


def test_opening_a_draft_refuses_plan_1e400(review):
    response = _api(review.chief).post("/api/v1/drafts/", '{"plan": 1e400}', content_type="application/json")

    assert _problem(response)["errors"] == {"plan": ["Give the id of a plan."]}
    assert Draft.objects.count() == 1


def test_a_reply_refuses_parent_1e400(review):
    url = f"/api/v1/sections/{review.section.pk}/comments/"

    response = _api(review.staff).post(url, '{"body": "A reply", "parent": 1e400}', content_type="application/json")

    assert _problem(response)["errors"] == {"parent": ["Reply to a thread of this section."]}
    assert not Comment.objects.exists()


# --- 5. A NUL character, which PostgreSQL refuses in text -------------------------------------------------------


def test_search_refuses_a_nul_character_with_the_form_again(client, review):
    client.force_login(review.staff)

    response = client.get(reverse("search"), {"q": "Poi\x00pet"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "workplan/search/search.html" in [template.name for template in response.templates]
    assert "Null characters are not allowed." in response.text
    assert response.context["results"] == []


def test_search_still_finds_words(client, review):
    client.force_login(review.staff)
    response = client.get(reverse("search"), {"q": "  First text  "})
    assert response.status_code == 200
    assert [result.document.section_id for result in response.context["results"]] == [review.section.pk]


def test_tokens_page_refuses_a_nul_character_in_the_name(client, review):
    client.force_login(review.staff)

    response = client.post(reverse("tokens"), {"name": "my\x00script"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "members/token_list.html" in [template.name for template in response.templates]
    assert "Null characters are not allowed." in response.text
    assert not ApiToken.objects.exists()


def test_tokens_page_still_creates_a_named_token(client, review):
    client.force_login(review.staff)
    response = client.post(reverse("tokens"), {"name": "  nightly export  "})
    assert response.status_code == 200
    assert ApiToken.objects.get().name == "nightly export"


@pytest.mark.parametrize("value", ["abc", "1e400", "\x00"])
def test_tokens_page_ignores_a_revoke_of_what_is_no_token_id(client, review, value):
    client.force_login(review.staff)

    response = client.post(reverse("tokens"), {"revoke": value})

    assert response.status_code == 302
    assert response["Location"] == reverse("tokens")


@pytest.mark.parametrize("field", ["username", "name"])
def test_token_endpoint_refuses_a_nul_character(review, field):
    # DRF's CharField refuses NUL itself: this keeps it so.
    data = {"username": review.chief.username, "password": PASSWORD, "name": "script"}
    data[field] = data[field][:3] + "\x00" + data[field][3:]

    response = _api().post("/api/v1/auth/token/", data, format="json")

    assert _problem(response)["errors"] == {field: ["Null characters are not allowed."]}
    assert not ApiToken.objects.exists()


def test_share_form_refuses_a_nul_character(client, review):
    client.force_login(review.chief)
    url = reverse("workplan:draft-share", args=[review.draft.pk])

    response = client.post(url, {"username": "guest\x00"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302  # back to the draft, with the share form's one message (test_share_view)
    assert response["Location"] == reverse("workplan:draft", args=[review.draft.pk])


# The admin's autocomplete fields: a chosen value that is no key at all.


@pytest.mark.parametrize("value", ["abc", "1e400", "9" * 40, "before\x00after"])
def test_an_admin_autocomplete_value_that_is_no_key_is_refused_not_a_server_error(client, review, value):
    client.force_login(review.chief)
    add = reverse("admin:members_liaisonmembership_add")
    page = client.get(add, {"ministry": value, "person": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    sent = client.post(add, {"ministry": value, "person": value, "started_on": "2026-01-01"})
    assert sent.status_code == 200
    assert "ministry" in sent.context["adminform"].form.errors
