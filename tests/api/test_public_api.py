"""The public organisation API: anonymous, read-only, throttled, constant in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import AnonRateThrottle

from tests.factories import (
    CommissionMembershipFactory,
    OrganizationFactory,
    SecretariatFactory,
    SecretariatMembershipFactory,
    TaskForceFactory,
    TaskForceMembershipFactory,
)

PUBLIC_URLS = ["/api/v1/ministries/", "/api/v1/task-forces/", "/api/v1/commission/"]


def build_commission(size):
    """Create a commission, secretariat and two task forces with `size` people in each body."""
    secretariat = SecretariatFactory(
        commission__sub_decree__commission_seats=100, commission__sub_decree__secretariat_seats=100
    )
    commission = secretariat.commission
    ministries = [OrganizationFactory() for _ in range(size)]
    commission.ministries.add(*ministries)
    CommissionMembershipFactory(commission=commission, role="chair", organization=ministries[0])
    SecretariatMembershipFactory(secretariat=secretariat, role="chief", organization=ministries[0])
    task_forces = [TaskForceFactory(secretariat=secretariat) for _ in range(2)]
    for index in range(size):
        CommissionMembershipFactory(commission=commission, organization=ministries[index])
        SecretariatMembershipFactory(secretariat=secretariat, organization=ministries[index])
        TaskForceMembershipFactory(task_force=task_forces[index % 2], organization=ministries[index])
    return commission


def add_people(commission, count):
    secretariat = commission.secretariat
    for _ in range(count):
        ministry = OrganizationFactory()
        commission.ministries.add(ministry)
        CommissionMembershipFactory(commission=commission, organization=ministry)
        SecretariatMembershipFactory(secretariat=secretariat, organization=ministry)
        TaskForceMembershipFactory(task_force=secretariat.task_forces.first(), organization=ministry)
    TaskForceFactory(secretariat=secretariat)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_query_count_does_not_grow_with_members(client, url, django_assert_max_num_queries):
    commission = build_commission(2)
    small = queries_for(client, url)
    add_people(commission, 25)
    large = queries_for(client, url)
    assert small == large
    with django_assert_max_num_queries(7):
        client.get(url)


@pytest.mark.django_db
def test_ministries_list_shape(client):
    OrganizationFactory(code="interior", name_en="Ministry of Interior", name_km="ក្រសួងមហាផ្ទៃ")
    OrganizationFactory(code="aple", kind="ngo")
    response = client.get("/api/v1/ministries/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1  # NGOs are not ministries
    assert body["results"][0] == {
        "code": "interior",
        "name_km": "ក្រសួងមហាផ្ទៃ",
        "name_en": "Ministry of Interior",
        "abbreviation": "",
        "is_illustrative": False,
    }
    detail = client.get("/api/v1/ministries/interior/")
    assert detail.json()["code"] == "interior"


@pytest.mark.django_db
def test_task_forces_and_commission_shape(client):
    commission = build_commission(3)
    task_forces = client.get("/api/v1/task-forces/").json()
    assert task_forces["count"] == 2
    first = task_forces["results"][0]
    assert {"code", "name_km", "name_en", "members"} <= set(first)
    assert {"person", "role", "organization"} <= set(first["members"][0])
    # People appear by their public face only.
    assert set(first["members"][0]["person"]) == {"name_km", "name_en", "title_km", "title_en", "is_illustrative"}

    body = client.get("/api/v1/commission/").json()
    assert body["name_en"] == commission.name_en
    assert body["sub_decree"]["commission_seats"] == 100
    assert body["members"][0]["role"] == "chair"
    assert len(body["members"]) == 4
    assert len(body["ministries"]) == 3
    assert len(body["secretariat"]["members"]) == 4
    assert body["secretariat"]["members"][0]["role"] == "chief"


@pytest.mark.django_db
def test_no_private_fields_leak(client, chief):
    build_commission(2)
    text = client.get("/api/v1/commission/").content.decode()
    for private in ("password", "email", "username", "is_staff", "last_login", "pbkdf2", "md5$"):
        assert private not in text


@pytest.mark.django_db
def test_read_only(client):
    OrganizationFactory(code="interior")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/ministries/interior/", {}, content_type="application/json")
        assert response.status_code in (403, 405)
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_errors_are_problem_details(client):
    missing = client.get("/api/v1/ministries/nowhere/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    assert missing.json()["title"] == "Not found"
    unknown = client.get("/api/v1/no-such-endpoint/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"
    empty = client.get("/api/v1/commission/")
    assert empty.status_code == 404


@pytest.mark.django_db
def test_errors_in_khmer(client):
    response = client.get("/api/v1/ministries/nowhere/", HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 404
    assert response.json()["title"] != "Not found"


@pytest.mark.django_db
def test_anonymous_reads_are_throttled(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    OrganizationFactory()
    codes = [client.get("/api/v1/ministries/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    throttled = client.get("/api/v1/ministries/")
    assert throttled["Content-Type"] == "application/problem+json"
    assert "Retry-After" in throttled


@pytest.mark.django_db
def test_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/ministries/", "/api/v1/task-forces/", "/api/v1/commission/"} <= set(schema["paths"])


@pytest.mark.django_db
def test_the_reference_describes_every_operation_of_the_schema_without_a_script(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="km")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="km"' in html and "<script" not in html.split("</main>")[0].split("<main")[-1]
    for path, item in schema["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                assert f'<span class="api-method">{method.upper()}</span> <code>{path}</code>' in html, (method, path)
    for name in schema["components"]["schemas"]:
        assert f">{name}</h3>" in html, name
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_the_reference_makes_no_query(client, django_assert_max_num_queries):
    client.get("/api/docs/")
    with django_assert_max_num_queries(0):
        client.get("/api/docs/")
