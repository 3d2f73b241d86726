"""The public pages, the language switch, the dashboard and the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import roles
from tests.api.test_public_api import add_people, build_commission
from tests.factories import LiaisonMembershipFactory, UserFactory


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_commission_page_shows_the_whole_commission(client, seeded):
    response = client.get("/commission/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    context = response.context
    commission = context["commission"]
    assert len(commission.active_memberships) == 18
    assert len(commission.secretariat.active_memberships) == 57
    assert len(commission.ministries.all()) == 14
    assert len(commission.secretariat.task_forces.all()) == 6
    html = response.content.decode()
    for text in (
        "Sar Kheng",
        "Chou Bun Eng",
        "Ten Borany",
        "Ministry of Culture and Fine Arts",
        "Ministry of Posts and Telecommunications",
        "Child affairs",
        "Sept. 25, 2009",
    ):
        assert text in html
    assert response["Content-Language"] == "en"


def test_commission_page_in_khmer(client, seeded):
    response = client.get("/commission/", HTTP_ACCEPT_LANGUAGE="km")
    html = response.content.decode()
    assert response["Content-Language"] == "km"
    assert '<html lang="km">' in html
    for text in ("ស ខេង", "ជូ ប៊ុនអេង", "ក្រសួងវប្បធម៌ និងវិចិត្រសិល្បៈ", "ក្រុមការងារកិច្ចការកុមារ"):
        assert text in html
    assert "Members of the commission" not in html


def test_language_switch_remembers_the_choice(client, seeded):
    response = client.post(
        reverse("set_language"), {"language": "km", "next": "/commission/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == "/commission/"
    page = client.get("/commission/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "km"


def test_commission_page_before_seeding(client, db):
    response = client.get("/commission/")
    assert response.status_code == 200
    assert response.context["commission"] is None


@pytest.mark.django_db
def test_commission_page_queries_do_not_grow(client, django_assert_max_num_queries):
    commission = build_commission(2)
    with CaptureQueriesContext(connection) as small:
        client.get("/commission/")
    add_people(commission, 25)
    with CaptureQueriesContext(connection) as large:
        client.get("/commission/")
    assert len(small) == len(large)
    with django_assert_max_num_queries(8):
        client.get("/commission/")


def test_home_page(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["summary"] == {
        "member_count": 18,
        "secretariat_count": 57,
        "ministry_count": 14,
        "task_force_count": 6,
    }


def test_dashboard_needs_sign_in(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("fixture", ["chief", "staff", "liaison", "chair", "member", "auditor"])
def test_dashboard_shows_the_users_role(client, request, fixture, django_assert_max_num_queries):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    with django_assert_max_num_queries(9):
        response = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    (role,) = roles.roles_of(user)
    assert [name for name, _ in response.context["roles"]] == [role]
    assert f'id="role-{role}"' in response.content.decode()


def test_dashboard_without_a_role(client, db):
    client.force_login(UserFactory())
    response = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert "no role in the portal yet" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get("/commission/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_static_assets_are_served_by_the_portal(client, db):
    html = client.get("/commission/").content.decode()
    assert "/static/css/portal.css" in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


PORTAL_APPS = {"members", "commission", "taskforces"}


def portal_models():
    return [model for model in apps.get_models() if model._meta.app_label in PORTAL_APPS]


def test_every_portal_model_is_in_the_admin():
    assert portal_models()
    for model in portal_models():
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", portal_models(), ids=lambda model: model._meta.label)
def test_admin_lists_search_and_filter(client, db, model):
    build_commission(2)
    from members.tokens import token_create

    token_create(user=UserFactory(), name="script")
    LiaisonMembershipFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, f"{model._meta.label} has no search"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Interior"}).status_code == 200
    assert model_admin.list_filter or model_admin.date_hierarchy, f"{model._meta.label} has no filters"
    obj = model.objects.first()
    change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


def test_chief_manages_the_organisation_in_the_admin(client, seeded, settings):
    from members.models import User

    settings.DEBUG = True  # the seeded chief is a demo account
    chief = User.objects.get(username="chief")
    client.force_login(chief)
    assert client.get(reverse("admin:commission_commissionmembership_changelist")).status_code == 200
    assert client.get(reverse("admin:taskforces_taskforce_changelist")).status_code == 200
    assert client.get(reverse("admin:members_liaisonmembership_changelist")).status_code == 200
    # Memberships are ended, not deleted.
    assert chief.has_perm("commission.change_commissionmembership")
    assert not chief.has_perm("commission.delete_commissionmembership")
    assert not chief.has_perm("members.delete_liaisonmembership")


def test_people_without_admin_rights_do_not_reach_the_admin(client, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
