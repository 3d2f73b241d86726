"""A deactivated account loses access at once: its sessions end and its grants stop working."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from members import roles
from members.models import UserSession
from tests.factories import PASSWORD, UserFactory
from tests.workplan.builders import Drafting
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db


def signed_in_client(user):
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_deactivating_in_the_admin_ends_every_session():
    drafting = Drafting()
    admin = UserFactory(username="admin-x", is_staff=True, is_superuser=True)
    laptop, phone = signed_in_client(drafting.staff), signed_in_client(drafting.staff)
    draft_url = reverse("workplan:draft", args=[drafting.draft.pk])
    assert laptop.get(draft_url).status_code == 200
    assert UserSession.objects.filter(user=drafting.staff).count() == 2

    admin_client = Client()
    admin_client.force_login(admin)
    change = reverse("admin:members_user_change", args=[drafting.staff.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "is_active": "",
            "groups": [group.pk for group in drafting.staff.groups.all()],
            "user_permissions": [],
            "organization": "",
            "date_joined_0": drafting.staff.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": drafting.staff.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    drafting.staff.refresh_from_db()
    assert not drafting.staff.is_active
    assert not UserSession.objects.filter(user=drafting.staff).exists()
    remaining = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(drafting.staff.pk)]
    assert remaining == []
    for client in (laptop, phone):
        assert client.get(draft_url).status_code == 302  # signed out: sent to the sign-in page


def test_a_revoked_share_stops_on_the_next_request(client):
    drafting = Drafting()
    guest = UserFactory(username="guest-x", roles=[roles.AUDITOR])
    client.force_login(guest)
    url = reverse("workplan:section", args=[drafting.section.pk])
    assert client.get(url).status_code == 404
    reviews.draft_share(draft=drafting.draft, actor=drafting.chief, person=guest)
    assert client.get(url).status_code == 200
    reviews.draft_unshare(draft=drafting.draft, actor=drafting.chief, person=guest)
    assert client.get(url).status_code == 404


def test_a_deactivated_user_sees_nothing_even_with_a_session(client):
    drafting = Drafting()
    client.force_login(drafting.chief)
    url = reverse("workplan:draft", args=[drafting.draft.pk])
    assert client.get(url).status_code == 200
    type(drafting.chief).objects.filter(pk=drafting.chief.pk).update(is_active=False)
    assert client.get(url).status_code == 302


def test_the_chief_cannot_touch_superusers_in_the_admin(client):
    drafting = Drafting()
    superuser = UserFactory(username="root-x", is_staff=True, is_superuser=True)
    client.force_login(drafting.chief)
    # Viewable, read-only; a change is refused.
    change = reverse("admin:members_user_change", args=[superuser.pk])
    assert client.post(change, {"username": "root-x", "is_active": ""}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active
    password = client.get(f"/admin/members/user/{superuser.pk}/password/")
    assert password.status_code == 403
    page = client.get(reverse("admin:members_user_change", args=[drafting.staff.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()


def test_adding_a_commission_in_the_admin_shows_the_form_again(client):
    admin_user = UserFactory(username="root-y", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:commission_commission_add"), {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 200
