"""Answers to a signed-in person or a token client are never stored; anonymous public answers keep their caching."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from members import tokens
from tests.workplan.builders import Review
from workplan import workflow

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture
def review():
    return Review()


def publish(review):
    """Take the draft through review, the chair and the Council, recording the Council's scanned decision."""
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    workflow.council_approve(
        draft=review.draft,
        actor=review.chief,
        decision_date=datetime.date(2010, 3, 1),
        decision_reference="No. 12 SSR",
        scan=SimpleUploadedFile("decision.pdf", b"%PDF-1.4\n% decision\n", content_type="application/pdf"),
    )


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def token_client(person):
    _token, key = tokens.token_create(user=person, name="cache test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_pages_of_a_draft_are_private_and_never_stored(review):
    review.save(body_en="<p>First text, revised.</p>")
    client = signed_in(review.staff)
    section = review.section.pk
    for url, query in (
        (reverse("workplan:section", args=[section]), {}),
        (reverse("workplan:section-history", args=[section]), {}),
        (reverse("workplan:section-compare", args=[section]), {"a": 1, "b": 2}),
        (reverse("workplan:draft", args=[review.draft.pk]), {}),
    ):
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url


def test_a_draft_read_with_a_token_is_private_and_never_stored(review):
    client = token_client(review.staff)
    for url in (f"/api/v1/drafts/{review.draft.pk}/", f"/api/v1/sections/{review.section.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url


def test_a_refused_token_is_not_stored_either(review):
    response = APIClient().get("/api/v1/drafts/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response["Cache-Control"] == PRIVATE


def test_the_councils_scan_is_private_and_never_stored(review, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    publish(review)
    response = signed_in(review.chief).get(reverse("workplan:council-scan", args=[review.draft.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == PRIVATE


def test_a_signed_in_person_on_a_public_page_is_not_stored(review, settings, tmp_path):
    """The public pages show the signed-in person's own menu: their copy is theirs."""
    settings.MEDIA_ROOT = tmp_path
    publish(review)
    response = signed_in(review.staff).get(reverse("public-plan", args=[review.plan.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_anonymous_public_answers_keep_their_caching(review, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    publish(review)
    anonymous = Client()
    page = anonymous.get(reverse("public-plan", args=[review.plan.pk]))
    assert page.status_code == 200
    assert not page.has_header("Cache-Control")
    plan = anonymous.get(f"/api/v1/plans/{review.plan.pk}/")
    assert plan.status_code == 200
    assert plan["Cache-Control"] == "public, max-age=300"
    for _ in range(2):  # answered by DRF, then from the kept answer
        activities = anonymous.get("/api/v1/activities/", {"ministry": "justice"})
        assert activities.status_code == 200
        assert not activities.has_header("Cache-Control")


def test_a_views_own_cache_control_is_kept(review, settings, tmp_path):
    """The published plan is the same whoever asks, and the health check is never cached: their views say so."""
    settings.MEDIA_ROOT = tmp_path
    publish(review)
    plan = token_client(review.staff).get(f"/api/v1/plans/{review.plan.pk}/")
    assert plan["Cache-Control"] == "public, max-age=300"
    health = signed_in(review.staff).get(reverse("healthz"))
    assert "no-cache" in health["Cache-Control"] and "max-age=0" in health["Cache-Control"]
