"""The share form: only the chief learns anything about a username, and gets one answer for "no such account"."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from guardian.shortcuts import get_users_with_perms

from members import roles
from tests.factories import UserFactory
from tests.workplan.builders import Drafting
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db

NO_ACCOUNT = "There is no active account with this username."


@pytest.fixture
def drafting():
    return Drafting()


def _share(client, drafting, username, **extra):
    url = reverse("workplan:draft-share", args=[drafting.draft.pk])
    return client.post(url, {"username": username, **extra}, HTTP_ACCEPT_LANGUAGE="en")


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _shared_with(draft):
    return set(get_users_with_perms(draft, only_with_perms_in=["view_draft"], with_group_users=False))


def _page(response):
    # The CSP nonce and the masked CSRF token differ at every response; nothing else may.
    page = re.sub(r'nonce="[^"]*"', 'nonce=""', response.text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', page)


@pytest.mark.parametrize("revoke", [False, True])
def test_a_non_chief_who_sees_the_draft_gets_the_same_refusal_whether_or_not_the_name_exists(client, drafting, revoke):
    UserFactory(username="someone-real")
    client.force_login(drafting.staff)  # staff read every open draft
    extra = {"revoke": "1"} if revoke else {}

    real = _share(client, drafting, "someone-real", **extra)
    unknown = _share(client, drafting, "nobody-by-this-name", **extra)

    assert real.status_code == unknown.status_code == 403
    assert _page(real) == _page(unknown)
    assert _messages(real) == _messages(unknown) == []
    assert _shared_with(drafting.draft) == set()


def test_someone_who_cannot_see_the_draft_gets_the_same_404_whether_or_not_the_name_exists(client, drafting):
    UserFactory(username="someone-real")
    client.force_login(UserFactory(username="outside-liaison", roles=[roles.LIAISON]))

    real = _share(client, drafting, "someone-real")
    unknown = _share(client, drafting, "nobody-by-this-name")

    assert real.status_code == unknown.status_code == 404
    assert _page(real) == _page(unknown)


@pytest.mark.parametrize("username", ["nobody-by-this-name", "former-colleague", "x" * 151, "nul\x00name", "   "])
def test_the_chief_gets_one_message_for_a_name_that_is_no_active_account(client, drafting, username):
    UserFactory(username="former-colleague", is_active=False)
    client.force_login(drafting.chief)

    response = _share(client, drafting, username)

    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:draft", args=[drafting.draft.pk])
    assert _messages(response) == [NO_ACCOUNT]
    assert _shared_with(drafting.draft) == set()


def test_the_chief_shares_with_an_active_account(client, drafting):
    guest = UserFactory(username="guest-reader")
    client.force_login(drafting.chief)

    response = _share(client, drafting, " guest-reader ")

    assert response.status_code == 302
    assert _messages(response) == [f"{guest.display_name} can now see this draft."]
    assert _shared_with(drafting.draft) == {guest}


def test_the_chief_revokes_the_share_of_a_deactivated_account(client, drafting):
    guest = UserFactory(username="guest-leaving")
    reviews.draft_share(draft=drafting.draft, actor=drafting.chief, person=guest)
    type(guest).objects.filter(pk=guest.pk).update(is_active=False)
    client.force_login(drafting.chief)

    response = _share(client, drafting, "guest-leaving", revoke="1")

    assert _messages(response) == [f"{guest.display_name} can no longer see this draft."]
    assert _shared_with(drafting.draft) == set()
