"""A task force has at most one active lead, and each person one active place in it.

The database refuses a change that breaks a rule even when code bypasses
validation; the admin shows the rule's message instead.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import translation

from taskforces.models import TaskForceMembership
from tests.commission.rules_support import LATER, MESSAGES, START, accepted, refused_by
from tests.factories import TaskForceFactory, TaskForceMembershipFactory, UserFactory

Lead = TaskForceMembership.Role.LEAD
LEAD_TAKEN = MESSAGES["taskforce_one_active_lead"]
ONE_PLACE_PER_PERSON = MESSAGES["taskforce_one_active_seat_per_person"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def task_force(db):
    task_force = TaskForceFactory()
    TaskForceMembershipFactory(task_force=task_force, role=Lead)
    return task_force


def leads_of(task_force):
    return TaskForceMembership.objects.active().filter(task_force=task_force, role=Lead)


# --- The database ------------------------------------------------------------------------------


def test_a_second_active_lead_is_refused(task_force):
    with refused_by("taskforce_one_active_lead"):
        TaskForceMembership.objects.create(task_force=task_force, person=UserFactory(), role=Lead, started_on=LATER)

    assert leads_of(task_force).count() == 1


def test_update_making_a_member_a_second_lead_is_refused(task_force):
    member = TaskForceMembershipFactory(task_force=task_force)

    with refused_by("taskforce_one_active_lead"):
        TaskForceMembership.objects.filter(pk=member.pk).update(role=Lead)

    assert leads_of(task_force).count() == 1


def test_a_new_lead_after_the_old_one_ended_is_accepted(task_force):
    with accepted():
        leads_of(task_force).update(ended_on=LATER)
        TaskForceMembership.objects.create(task_force=task_force, person=UserFactory(), role=Lead, started_on=LATER)

    assert leads_of(task_force).count() == 1
    assert TaskForceMembership.objects.filter(task_force=task_force, role=Lead).count() == 2


def test_each_task_force_has_its_own_lead(task_force):
    with accepted():
        TaskForceMembershipFactory(task_force=TaskForceFactory(secretariat=task_force.secretariat), role=Lead)

    assert TaskForceMembership.objects.active().filter(role=Lead).count() == 2


def test_a_second_active_place_for_the_same_person_is_refused(task_force):
    member = TaskForceMembershipFactory(task_force=task_force)

    with refused_by("taskforce_one_active_seat_per_person"):
        TaskForceMembership.objects.bulk_create(
            [TaskForceMembership(task_force=task_force, person=member.person, started_on=LATER)]
        )

    assert TaskForceMembership.objects.filter(person=member.person).count() == 1


def test_an_ended_place_and_a_new_one_for_the_same_person_are_accepted(task_force):
    earlier = TaskForceMembershipFactory(task_force=task_force, ended_on=LATER)

    with accepted():
        TaskForceMembership.objects.create(task_force=task_force, person=earlier.person, started_on=LATER)

    assert TaskForceMembership.objects.filter(person=earlier.person).count() == 2


@pytest.mark.parametrize("days", [0, -1], ids=["same-day", "day-before"])
def test_a_place_ending_on_or_before_its_start_is_refused(task_force, days):
    with refused_by("taskforce_membership_end_after_start"):
        TaskForceMembership.objects.create(
            task_force=task_force, person=UserFactory(), started_on=START, ended_on=START + datetime.timedelta(days)
        )

    assert TaskForceMembership.objects.filter(task_force=task_force).count() == 1


def test_a_task_force_has_no_seat_limit_and_needs_no_lead(db):
    """Unlike the commission, a task force may grow and may be without a lead, even at commit."""
    task_force = TaskForceFactory()

    with accepted():
        TaskForceMembershipFactory.create_batch(5, task_force=task_force)

    assert TaskForceMembership.objects.active().filter(task_force=task_force).count() == 5
    assert not leads_of(task_force).exists()


# --- Validation and the admin -------------------------------------------------------------------


def test_full_clean_refuses_a_second_lead(task_force):
    with pytest.raises(ValidationError) as caught:
        TaskForceMembership(task_force=task_force, person=UserFactory(), role=Lead, started_on=LATER).full_clean()

    assert ValidationError(caught.value.error_dict[NON_FIELD_ERRORS]).messages == [LEAD_TAKEN]


def test_full_clean_refuses_a_second_place_for_the_same_person(task_force):
    member = TaskForceMembershipFactory(task_force=task_force)

    with pytest.raises(ValidationError) as caught:
        TaskForceMembership(task_force=task_force, person=member.person, started_on=LATER).full_clean()

    assert ValidationError(caught.value.error_dict[NON_FIELD_ERRORS]).messages == [ONE_PLACE_PER_PERSON]


@pytest.fixture
def admin_client(client, chief):
    client.force_login(chief)
    return client


def test_admin_refuses_a_second_lead(admin_client, task_force):
    newcomer = UserFactory()
    data = {
        "person": newcomer.pk,
        "organization": "",
        "started_on": "2011-03-04",
        "ended_on": "",
        "task_force": task_force.pk,
        "role": Lead,
        "_save": "Save",
    }

    response = admin_client.post(
        reverse("admin:taskforces_taskforcemembership_add"), data, headers={"accept-language": "en"}
    )

    assert response.status_code == 200
    assert LEAD_TAKEN in response.content.decode()
    assert 'value="2011-03-04"' in response.content.decode()
    assert not TaskForceMembership.objects.filter(person=newcomer).exists()


def task_force_post(task_force, rows):
    data = {
        "secretariat": task_force.secretariat_id,
        "code": task_force.code,
        "order": task_force.order,
        "name_en": task_force.name_en,
        "name_km": task_force.name_km,
        "mandate_en": "",
        "mandate_km": "",
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, row in enumerate(rows):
        fields = {"id": "", "task_force": task_force.pk, "organization": "", "ended_on": "", "role": "member", **row}
        data.update({f"memberships-{index}-{name}": value for name, value in fields.items()})
    return data


def lead_row(task_force, **changes):
    lead = leads_of(task_force).get()
    return {"id": lead.pk, "person": lead.person_id, "started_on": lead.started_on.isoformat(), "role": Lead, **changes}


def post_task_force(client, task_force, rows):
    url = reverse("admin:taskforces_taskforce_change", args=[task_force.pk])
    return client.post(url, task_force_post(task_force, rows), headers={"accept-language": "en"})


def test_task_force_page_refuses_two_leads(admin_client, task_force):
    newcomer = UserFactory()

    response = post_task_force(
        admin_client,
        task_force,
        [lead_row(task_force), {"person": newcomer.pk, "role": Lead, "started_on": "2012-01-01"}],
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [str(m) for m in formset.non_form_errors()] == [
        "Only one active Lead is allowed: end the current one's membership first."
    ]
    assert not TaskForceMembership.objects.filter(person=newcomer).exists()


def test_task_force_page_replaces_the_lead_in_one_submission(admin_client, task_force):
    successor = UserFactory()

    response = post_task_force(
        admin_client,
        task_force,
        [
            lead_row(task_force, ended_on="2012-01-01"),
            {"person": successor.pk, "role": Lead, "started_on": "2012-01-01"},
        ],
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert leads_of(task_force).get().person == successor
