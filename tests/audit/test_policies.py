"""Who reads the audit log: audit.policies answers, from the check the members app registers for its auditor role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from audit import policies
from members import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="t-root", is_staff=True, is_superuser=True)


def test_auditors_and_superusers_read_the_log(auditor, superuser, chief, staff, liaison, chair, member):
    assert policies.can_read_log(auditor)
    assert policies.can_read_log(superuser)
    assert not any(policies.can_read_log(person) for person in (chief, staff, liaison, chair, member))
    assert not policies.can_read_log(AnonymousUser())


def test_a_deactivated_account_reads_nothing(auditor, superuser):
    for person in (auditor, superuser):
        person.is_active = False
        person.save(update_fields=["is_active"])
    assert not policies.can_read_log(auditor)
    assert not policies.can_read_log(superuser)


def test_the_role_opens_the_log_only_through_the_registered_check(auditor, superuser, monkeypatch):
    monkeypatch.setattr(policies, "_reader_checks", [])
    assert not policies.can_read_log(auditor), "with nothing registered the log stays closed"
    assert policies.can_read_log(superuser)
    policies.register_reader(lambda user: user.username == "t-auditor")
    assert policies.can_read_log(auditor)


def test_the_answer_costs_no_query_once_the_roles_are_known(auditor, django_assert_num_queries):
    assert roles.AUDITOR in roles.roles_of(auditor)
    with django_assert_num_queries(0):
        assert policies.can_read_log(auditor)


def test_the_page_follows_the_policy(client, chief, auditor, monkeypatch):
    client.force_login(chief)
    assert client.get("/audit/").status_code == 404
    monkeypatch.setattr(policies, "_reader_checks", [lambda user: user.username == "t-chief"])
    assert client.get("/audit/").status_code == 200
    client.force_login(auditor)
    assert client.get("/audit/").status_code == 404
