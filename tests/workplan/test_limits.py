"""Bounded work: texts longer than workplan.limits are refused before any work, and redlines finish in time."""

import random
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from members import tokens
from tests.workplan.builders import Drafting, activity_form_data, form_data
from workplan import limits
from workplan.drafting import services
from workplan.models import Comment, SectionRevision
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu"]


@pytest.fixture
def drafting():
    return Drafting()


def _revisions(drafting):
    return SectionRevision.objects.filter(section=drafting.section).count()


def test_a_section_text_over_the_limit_is_refused_by_the_service_and_nothing_is_written(drafting):
    before = _revisions(drafting)
    with pytest.raises(ValidationError) as refused:
        drafting.save(body_en="<p>" + "a" * limits.BODY + "</p>")
    assert "body_en" in refused.value.message_dict
    assert _revisions(drafting) == before


def test_a_section_text_at_the_limit_is_saved(drafting):
    text = "<p>" + "a" * (limits.BODY - 7) + "</p>"
    drafting.save(body_en=text)
    drafting.section.refresh_from_db()
    assert drafting.section.body_en == text


def test_the_editor_says_which_text_is_too_long_in_khmer(client, drafting):
    client.force_login(drafting.staff)
    url = reverse("workplan:section-edit", args=[drafting.section.pk])
    text = "<p>" + "ក" * limits.BODY + "</p>"
    response = client.post(url, form_data(drafting, body_km=text), HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 400
    assert "body_km" in response.context["form"].errors
    # What the person typed is still in the form.
    assert response.context["form"]["body_km"].value() == text


def test_the_api_refuses_a_section_text_over_the_limit_naming_the_field(drafting):
    _token, key = tokens.token_create(user=drafting.staff, name="limits")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    url = f"/api/v1/sections/{drafting.section.pk}/"
    etag = api.get(url)["ETag"]
    response = api.patch(url, {"body_en": "a" * (limits.BODY + 1)}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "body_en" in response.json()["errors"] or "body_en" in str(response.json())
    assert _revisions(drafting) == 2


def test_an_activity_text_over_the_limit_is_refused(client, drafting):
    client.force_login(drafting.staff)
    activity = drafting.section.objectives.get(code="1").activities.get(code="1.1")
    data = activity_form_data(drafting.section, "1.1", text_en="x" * (limits.ROW_TEXT + 1))
    response = client.post(reverse("workplan:activity-edit", args=[activity.pk]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.activity_save(
            activity_id=activity.pk,
            actor=drafting.staff,
            base_version=activity.version,
            changes={"text_en": "x" * (limits.ROW_TEXT + 1)},
        )
    activity.refresh_from_db()
    assert activity.text_en == "Activity 1.1 in English"


def test_a_comment_over_the_limit_is_refused(drafting):
    with pytest.raises(ValidationError) as refused:
        reviews.comment_create(section=drafting.section, actor=drafting.staff, body="c" * (limits.COMMENT + 1))
    assert "body" in refused.value.message_dict
    assert not Comment.objects.exists()


def _repetitive(count):
    rng = random.Random(1)
    old = [rng.choice(WORDS) for _ in range(count)]
    new = [word if index % 50 else "changed" for index, word in enumerate(old)]
    return f"<p>{' '.join(old)}</p>", f"<p>{' '.join(new)}</p>"


def test_the_compare_page_of_ten_thousand_repetitive_words_answers_within_two_seconds_and_says_so(client, drafting):
    old, new = _repetitive(10_000)
    drafting.save(body_en=old, body_km=old)
    drafting.save(body_en=new, body_km=new)
    client.force_login(drafting.staff)
    url = reverse("workplan:section-compare", args=[drafting.section.pk])
    started = time.monotonic()
    response = client.get(url, {"a": 3, "b": 4}, HTTP_ACCEPT_LANGUAGE="en")
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="redline-coarse"' in page
    assert "too large to compare word by word" in page
    khmer = client.get(url, {"a": 3, "b": 4}, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert 'id="redline-coarse"' in khmer and "too large to compare" not in khmer


def test_an_ordinary_compare_page_says_nothing_of_a_budget(client, drafting):
    drafting.save(body_en="<p>First text, revised.</p>")
    client.force_login(drafting.staff)
    response = client.get(reverse("workplan:section-compare", args=[drafting.section.pk]), {"a": 2, "b": 3})
    assert response.status_code == 200
    assert 'id="redline-coarse"' not in response.content.decode()


def test_the_api_redline_says_when_it_compared_by_paragraph(drafting):
    old, new = _repetitive(10_000)
    drafting.save(body_en=old)
    drafting.save(body_en=new)
    _token, key = tokens.token_create(user=drafting.staff, name="limits")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = f"/api/v1/sections/{drafting.section.pk}/redline/"
    coarse = api.get(url, {"a": 3, "b": 4})
    assert coarse.status_code == 200 and coarse.json()["coarse"] is True
    fine = api.get(url, {"a": 1, "b": 2})
    assert fine.status_code == 200 and fine.json()["coarse"] is False
