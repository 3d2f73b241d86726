"""Working copies: what is typed in the section editor is kept for its writer alone, until they save."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members import roles
from tests.factories import UserFactory
from tests.workplan.builders import Drafting, activity, form_data
from workplan import workflow
from workplan.drafting import autosave
from workplan.drafting.autosave_views import editor_content
from workplan.models import WorkingCopy

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")


@pytest.fixture
def drafting():
    return Drafting()


def typed(drafting, **changes):
    """Return editor content as someone typing might leave it: rows included, some of them half done."""
    return {
        "title_en": "Prevention",
        "title_km": "ការបង្ការ",
        "body_en": "<p>Half a sentence<script>alert(1)</script></p>",
        "body_km": "<p>អត្ថបទ</p>",
        "rows": [
            {
                "code": "1",
                "text_en": "Objective",
                "text_km": "",
                "activities": [activity("1.1", lead="", budget="12,0", end_year="")],
            }
        ],
        **changes,
    }


def keep(drafting, actor=None, **changes):
    drafting.section.refresh_from_db()
    return autosave.working_copy_save(
        section_id=drafting.section.pk,
        actor=actor or drafting.staff,
        base_version=drafting.section.version,
        content=typed(drafting, **changes),
    )


def autosave_url(section):
    return reverse("workplan:section-autosave", args=[section.pk])


def edit_url(section):
    return reverse("workplan:section-edit", args=[section.pk])


def api_url(section_or_pk):
    pk = getattr(section_or_pk, "pk", section_or_pk)
    return f"/api/v1/sections/{pk}/working-copy/"


# --- The service ---------------------------------------------------------------------------------------------


def test_a_working_copy_keeps_text_as_typed_and_sanitised(drafting):
    keep(drafting)
    copy = WorkingCopy.objects.get()
    assert (copy.section, copy.author, copy.base_version) == (drafting.section, drafting.staff, 2)
    assert copy.content["body_en"] == "<p>Half a sentence</p>"
    # Not validated: a half-typed activity is kept as typed, for the save to check.
    kept = copy.content["rows"][0]["activities"][0]
    assert (kept["lead_ministry"], kept["budget"], kept["end_year"]) == ("", "12,0", "")
    # Kept again: the same row, replaced.
    keep(drafting, body_en="<p>Half a sentence, then the rest.</p>")
    assert WorkingCopy.objects.get().content["body_en"] == "<p>Half a sentence, then the rest.</p>"


def test_keeping_is_one_query_after_the_policy(drafting, django_assert_num_queries):
    keep(drafting)
    drafting.section.refresh_from_db()
    with django_assert_num_queries(3):  # the section, what the policy asks of the person, the upsert
        keep(drafting, body_en="<p>Again.</p>")


def test_texts_left_out_stay_as_the_section_has_them(drafting):
    autosave.working_copy_save(
        section_id=drafting.section.pk, actor=drafting.staff, base_version=2, content={"body_en": "<p>Only this.</p>"}
    )
    content = WorkingCopy.objects.get().content
    assert content["title_en"] == drafting.section.title_en and content["body_km"] == "<p>អត្ថបទដំបូង។</p>"
    assert "rows" not in content


def test_only_someone_who_may_edit_the_section_now_keeps_a_working_copy(drafting):
    for person in (drafting.outsider, drafting.chief, UserFactory(username="nobody")):
        with pytest.raises(PermissionDenied):
            keep(drafting, actor=person)
    workflow.submit_for_review(draft=drafting.draft, actor=drafting.chief)
    keep(drafting)  # in review, still editable
    drafting.draft.state = "with_chair"
    drafting.draft.save(update_fields=["state"])
    with pytest.raises(PermissionDenied):
        keep(drafting)


def test_a_version_the_section_never_had_is_refused(drafting):
    for version in (0, 3, "2"):
        with pytest.raises(ValidationError):
            autosave.working_copy_save(
                section_id=drafting.section.pk, actor=drafting.staff, base_version=version, content=typed(drafting)
            )


def test_a_working_copy_over_the_limit_is_refused(drafting):
    with pytest.raises(ValidationError) as refused:
        keep(drafting, body_en="<p>" + "a" * autosave.MAX_BYTES + "</p>")
    assert refused.value.code == autosave.TOO_LARGE
    assert "too large" in refused.value.messages[0]
    assert not WorkingCopy.objects.exists()


def test_only_the_writer_is_offered_their_working_copy(drafting):
    keep(drafting)
    keep(drafting, actor=drafting.colleague, body_en="<p>The colleague's.</p>")
    mine = autosave.working_copy_for(drafting.section, drafting.staff)
    assert mine.author == drafting.staff and mine.content["body_en"] == "<p>Half a sentence</p>"
    theirs = autosave.working_copy_for(drafting.section, drafting.colleague)
    assert theirs.content["body_en"] == "<p>The colleague's.</p>"
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    for reader in (drafting.chief, drafting.outsider, superuser):
        assert autosave.working_copy_for(drafting.section, reader) is None


def test_a_save_deletes_the_savers_working_copy_and_no_one_elses(drafting):
    keep(drafting)
    keep(drafting, actor=drafting.colleague)
    drafting.save(body_en="<p>Saved.</p>")
    assert list(WorkingCopy.objects.values_list("author", flat=True)) == [drafting.colleague.pk]
    # Even a save that changes nothing: what was typed is what the section holds.
    keep(drafting)
    drafting.save()
    assert not WorkingCopy.objects.filter(author=drafting.staff).exists()


def test_a_stale_save_keeps_the_working_copy(drafting):
    from workplan.drafting import services

    keep(drafting)
    drafting.save(actor=drafting.colleague, body_en="<p>The colleague saved first.</p>")
    with pytest.raises(services.SectionConflict):
        services.section_save(
            section_id=drafting.section.pk, actor=drafting.staff, base_version=2, content={"body_en": "<p>Mine</p>"}
        )
    assert WorkingCopy.objects.filter(author=drafting.staff).exists()


def test_discarding_drops_only_ones_own(drafting):
    keep(drafting)
    keep(drafting, actor=drafting.colleague)
    assert autosave.working_copy_discard(section_id=drafting.section.pk, actor=drafting.staff)
    assert not autosave.working_copy_discard(section_id=drafting.section.pk, actor=drafting.staff)
    assert list(WorkingCopy.objects.values_list("author", flat=True)) == [drafting.colleague.pk]


# --- The editor's form, read as typed -------------------------------------------------------------------------


def test_the_editors_form_is_read_as_typed(drafting):
    """The form holds the texts only: rows are saved one at a time and never kept half typed."""
    from django.http import QueryDict

    data = form_data(drafting, body_en="<p>Half typed", title_en="")
    query = QueryDict(mutable=True)
    for key, value in {**data, "act-0-budget": "abc"}.items():
        query.setlist(key, [str(value)])
    version, content = editor_content(query)
    assert version == 2
    assert content == {
        "title_en": "",
        "title_km": data["title_km"],
        "body_en": "<p>Half typed",
        "body_km": "<p>អត្ថបទដំបូង។</p>",
    }


# --- The autosave endpoint ---------------------------------------------------------------------------------------


def test_the_editor_keeps_its_form_and_answers_in_json(client, drafting):
    client.force_login(drafting.staff)
    response = client.post(autosave_url(drafting.section), form_data(drafting, body_en="<p>Typed.</p>"))
    assert response.status_code == 200
    answer = response.json()
    assert answer["base_version"] == 2 and answer["kept_at"] and answer["kept_at_stamp"]
    copy = WorkingCopy.objects.get()
    assert copy.content["body_en"] == "<p>Typed.</p>" and "rows" not in copy.content
    assert client.delete(autosave_url(drafting.section)).status_code == 204
    assert not WorkingCopy.objects.exists()


def test_the_endpoint_refuses_as_the_pages_do(client, drafting):
    data = form_data(drafting, body_en="<p>Typed.</p>")
    assert client.post(autosave_url(drafting.section), data).status_code == 302  # to sign in
    client.force_login(drafting.outsider)
    assert client.post(autosave_url(drafting.section), data).status_code == 403
    liaison = UserFactory(username="a-liaison", roles=[roles.LIAISON])
    client.force_login(liaison)
    assert client.post(autosave_url(drafting.section), data).status_code == 404
    assert client.delete(autosave_url(drafting.section)).status_code == 404
    assert client.post(reverse("workplan:section-autosave-discard", args=[drafting.section.pk])).status_code == 404
    assert not WorkingCopy.objects.exists()


def test_the_endpoint_says_what_is_wrong_in_the_users_language(client, drafting):
    client.force_login(drafting.staff)
    too_large = form_data(drafting, body_en="<p>" + "ក" * 400_000 + "</p>")
    response = client.post(autosave_url(drafting.section), too_large, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413 and "too large" in response.json()["detail"]
    response = client.post(autosave_url(drafting.section), too_large, HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 413
    assert KHMER.search(response.json()["detail"]) and "too large" not in response.json()["detail"]
    missing = client.post(autosave_url(drafting.section), {"body_en": "<p>x</p>"}, HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400 and "version" in missing.json()["detail"]


@pytest.mark.parametrize("size", [3, 60])
def test_keeping_costs_the_same_queries_whatever_the_size(client, size, django_assert_max_num_queries):
    drafting = Drafting(activities=size)
    client.force_login(drafting.staff)
    data = form_data(drafting, body_en="<p>Typed.</p>")
    client.post(autosave_url(drafting.section), data)
    # Signing in and the session (5), the section through the policy, the section again in the service, the upsert.
    with django_assert_max_num_queries(10):
        assert client.post(autosave_url(drafting.section), data).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.delete(autosave_url(drafting.section)).status_code == 204


def test_the_banners_discard_drops_it_and_goes_back_to_the_editor(client, drafting):
    keep(drafting)
    client.force_login(drafting.staff)
    response = client.post(reverse("workplan:section-autosave-discard", args=[drafting.section.pk]))
    assert response.status_code == 302 and response["Location"] == edit_url(drafting.section)
    assert not WorkingCopy.objects.exists()


# --- The editor page offers it back ------------------------------------------------------------------------------


def test_the_editor_offers_the_working_copy_back_and_restores_it(client, drafting):
    client.force_login(drafting.staff)
    page = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="working-copy"' not in page
    keep(drafting)
    page = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have text that was not saved" in page and "?restore=working-copy" in page
    assert "Half a sentence" not in page  # offered, not shown until asked for
    assert "has been saved since" not in page
    restored = client.get(edit_url(drafting.section) + "?restore=working-copy", HTTP_ACCEPT_LANGUAGE="en")
    html = restored.content.decode()
    assert restored.status_code == 200 and "is restored below" in html
    assert "&lt;p&gt;Half a sentence&lt;/p&gt;" in html
    assert restored.context["form"].initial["version"] == 2
    # The rows are the section's as they stand: a working copy holds texts.
    assert "Activity 1.1 in English" in html
    # Someone else's page offers nothing, and restores nothing.
    client.force_login(drafting.colleague)
    other = client.get(edit_url(drafting.section) + "?restore=working-copy", HTTP_ACCEPT_LANGUAGE="en")
    assert "Half a sentence" not in other.content.decode() and 'id="working-copy"' not in other.content.decode()


def test_the_banner_says_when_someone_saved_since(client, drafting):
    keep(drafting)
    drafting.save(actor=drafting.colleague, body_en="<p>The colleague's text.</p>")
    client.force_login(drafting.staff)
    page = client.get(edit_url(drafting.section), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "has been saved since this text was started from version 2: it is now at version 3" in page
    restored = client.get(edit_url(drafting.section) + "?restore=working-copy", HTTP_ACCEPT_LANGUAGE="en")
    # The form starts from the copy's version: saving it merges with what was saved since.
    assert restored.context["form"].initial["version"] == 2
    data = form_data(drafting, version=2, body_en="<p>Half a sentence</p>")
    assert client.post(edit_url(drafting.section), data).status_code == 409


# --- The API ----------------------------------------------------------------------------------------------------


def test_the_api_gives_the_writer_their_working_copy(client, drafting):
    client.force_login(drafting.staff)
    assert client.get(api_url(drafting.section)).status_code == 404
    body = {"base_version": 2, "title_en": "T", "title_km": "ត", "body_en": "<p>A<script>x</script></p>", "body_km": ""}
    body["objectives"] = [{"code": "1", "activities": [activity("1.1")]}]
    put = client.put(api_url(drafting.section), json.dumps(body), content_type="application/json")
    assert put.status_code == 200, put.content
    got = client.get(api_url(drafting.section)).json()
    assert got["body_en"] == "<p>A</p>" and got["base_version"] == 2 and got["section_version"] == 2
    assert got["objectives"][0]["activities"][0]["budget"] == "40000.00"
    assert client.delete(api_url(drafting.section)).status_code == 204
    assert client.get(api_url(drafting.section)).status_code == 404


def test_in_the_api_someone_elses_working_copy_is_not_there(client, drafting):
    keep(drafting)
    missing = None
    for reader in (drafting.chief, drafting.colleague, drafting.outsider):
        client.force_login(reader)
        response = client.get(api_url(drafting.section))
        missing = missing or client.get(api_url(987654321))
        assert response.status_code == 404 and response.json() == missing.json()
    client.force_login(drafting.outsider)
    body = {"base_version": 2, "title_en": "T", "title_km": "ត", "body_en": "", "body_km": ""}
    refused = client.put(api_url(drafting.section), json.dumps(body), content_type="application/json")
    assert refused.status_code == 403
    client.logout()
    assert client.get(api_url(drafting.section)).status_code == 401
    assert WorkingCopy.objects.get().author == drafting.staff


def test_the_api_refuses_a_working_copy_over_the_limit(client, drafting):
    client.force_login(drafting.staff)
    body = {"base_version": 2, "title_en": "T", "title_km": "ត", "body_km": ""}
    body["body_en"] = "<p>" + "a" * (autosave.MAX_BYTES + 10) + "</p>"
    response = client.put(api_url(drafting.section), json.dumps(body), content_type="application/json")
    assert response.status_code == 413 and response.json()["status"] == 413
    stale = {**body, "body_en": "", "base_version": 7}
    assert client.put(api_url(drafting.section), json.dumps(stale), content_type="application/json").status_code == 400
