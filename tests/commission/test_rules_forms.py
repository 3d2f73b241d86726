"""Breaking a rule through a form or the admin gives a message naming the rule, and saves nothing."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import translation

from commission.models import CommissionMembership, SecretariatMembership
from tests.factories import (
    CommissionFactory,
    CommissionMembershipFactory,
    OrganizationFactory,
    SecretariatFactory,
    SecretariatMembershipFactory,
    SubDecreeFactory,
    UserFactory,
)

from .rules_support import LATER, MESSAGES, START

Chair = CommissionMembership.Role.CHAIR
Chief = SecretariatMembership.Role.CHIEF
SEATS = 3
SEATS_TAKEN = (
    "Every seat of the commission is taken: the sub-decree sets 3 seats. End a membership before adding another."
)
SECRETARIAT_SEATS_TAKEN = (
    "Every seat of the secretariat is taken: the sub-decree sets 2 seats. End a membership before adding another."
)
CHAIR_TAKEN = MESSAGES["commission_one_active_chair"]
ONE_SEAT_PER_PERSON = MESSAGES["commission_one_active_seat_per_person"]
END_AFTER_START = MESSAGES["commission_membership_end_after_start"]
ONE_CHAIR_IN_FORMSET = "Only one active Chair is allowed: end the current one&#x27;s membership first."
TYPED_START = "2011-03-04"


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the Khmer catalogue is written separately."""
    with translation.override("en"):
        yield


@pytest.fixture
def commission(db):
    commission = CommissionFactory(sub_decree=SubDecreeFactory(commission_seats=SEATS, secretariat_seats=2))
    commission.ministries.add(OrganizationFactory())
    CommissionMembershipFactory(commission=commission, role=Chair)
    return commission


@pytest.fixture
def full_commission(commission):
    CommissionMembershipFactory.create_batch(SEATS - 1, commission=commission)
    return commission


@pytest.fixture
def admin_client(client, chief):
    """The test client signed in as the secretariat chief (staff, with the chief's permissions only)."""
    client.force_login(chief)
    return client


def messages_of(error):
    """Return the non-field messages of a model ValidationError, interpolated."""
    return ValidationError(error.error_dict[NON_FIELD_ERRORS]).messages


def codes_of(error):
    return [e.code for e in error.error_dict[NON_FIELD_ERRORS]]


def active_in(commission):
    return CommissionMembership.objects.active().filter(commission=commission).count()


# --- model.full_clean() ------------------------------------------------------------------------


def test_full_clean_refuses_a_membership_beyond_the_seats(full_commission):
    newcomer = CommissionMembership(commission=full_commission, person=UserFactory(), started_on=START)

    with pytest.raises(ValidationError) as caught:
        newcomer.full_clean()

    assert messages_of(caught.value) == [SEATS_TAKEN]
    assert codes_of(caught.value) == ["commission_seat_limit"]


def test_full_clean_accepts_an_ended_membership_and_an_existing_one_in_a_full_commission(full_commission):
    """Neither an ended membership nor a seat already held takes one more seat."""
    CommissionMembership(
        commission=full_commission, person=UserFactory(), started_on=START, ended_on=LATER
    ).full_clean()
    seated = CommissionMembership.objects.filter(commission=full_commission, role="member").first()
    seated.started_on = datetime.date(2009, 11, 1)
    seated.full_clean()

    assert active_in(full_commission) == SEATS


def test_full_clean_refuses_a_secretariat_membership_beyond_the_seats(commission):
    secretariat = SecretariatFactory(commission=commission)
    SecretariatMembershipFactory(secretariat=secretariat, role=Chief)
    SecretariatMembershipFactory(secretariat=secretariat)
    newcomer = SecretariatMembership(secretariat=secretariat, person=UserFactory(), started_on=START)

    with pytest.raises(ValidationError) as caught:
        newcomer.full_clean()

    assert messages_of(caught.value) == [SECRETARIAT_SEATS_TAKEN]
    assert codes_of(caught.value) == ["secretariat_seat_limit"]


def test_full_clean_refuses_a_second_chair(commission):
    second = CommissionMembership(commission=commission, person=UserFactory(), role=Chair, started_on=LATER)

    with pytest.raises(ValidationError) as caught:
        second.full_clean()

    assert messages_of(caught.value) == [CHAIR_TAKEN]


def test_full_clean_accepts_a_new_chair_once_the_old_one_has_ended(commission):
    CommissionMembership.objects.filter(commission=commission, role=Chair).update(ended_on=LATER)

    CommissionMembership(commission=commission, person=UserFactory(), role=Chair, started_on=LATER).full_clean()

    assert active_in(commission) == 0


def test_full_clean_refuses_a_second_active_seat_for_the_same_person(commission):
    seated = CommissionMembershipFactory(commission=commission)

    with pytest.raises(ValidationError) as caught:
        CommissionMembership(commission=commission, person=seated.person, started_on=LATER).full_clean()

    assert messages_of(caught.value) == [ONE_SEAT_PER_PERSON]


@pytest.mark.parametrize("ended_on", [START, START - datetime.timedelta(1)], ids=["same-day", "day-before"])
def test_full_clean_refuses_a_membership_ending_on_or_before_its_start(commission, ended_on):
    membership = CommissionMembership(commission=commission, person=UserFactory(), started_on=START, ended_on=ended_on)

    with pytest.raises(ValidationError) as caught:
        membership.full_clean()

    assert messages_of(caught.value) == [END_AFTER_START]


def test_full_clean_refuses_a_second_chief(commission):
    secretariat = SecretariatFactory(commission=commission)
    SecretariatMembershipFactory(secretariat=secretariat, role=Chief)

    with pytest.raises(ValidationError) as caught:
        SecretariatMembership(secretariat=secretariat, person=UserFactory(), role=Chief, started_on=LATER).full_clean()

    assert messages_of(caught.value) == [MESSAGES["secretariat_one_active_chief"]]


# --- The admin's add view of a commission membership ------------------------------------------------

ADD_URL = "admin:commission_commissionmembership_add"


def membership_post(commission, person, **fields):
    return {
        "person": person.pk,
        "organization": "",
        "started_on": TYPED_START,
        "ended_on": "",
        "commission": commission.pk,
        "role": "member",
        "_save": "Save",
        **fields,
    }


def post_membership(client, data, language="en"):
    return client.post(reverse(ADD_URL), data, headers={"accept-language": language})


def form_errors(response):
    return response.context["adminform"].form.errors.as_data()


def assert_form_shown_again(response, person, message):
    """The add form comes back with the rule's message and with what the user typed."""
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in [str(m) for errors in form.errors.values() for m in errors]
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert f'value="{TYPED_START}"' in html
    assert f'<option value="{person.pk}" selected>' in html


def test_admin_refuses_a_membership_beyond_the_seats(admin_client, full_commission):
    newcomer = UserFactory()

    response = post_membership(admin_client, membership_post(full_commission, newcomer))

    assert_form_shown_again(response, newcomer, SEATS_TAKEN)
    assert active_in(full_commission) == SEATS
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_admin_refuses_a_second_chair(admin_client, commission):
    newcomer = UserFactory()

    response = post_membership(admin_client, membership_post(commission, newcomer, role=Chair))

    assert_form_shown_again(response, newcomer, CHAIR_TAKEN)
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_admin_refuses_a_membership_ending_before_it_starts(admin_client, commission):
    newcomer = UserFactory()

    response = post_membership(admin_client, membership_post(commission, newcomer, ended_on="2011-03-03"))

    assert_form_shown_again(response, newcomer, END_AFTER_START)
    assert 'value="2011-03-03"' in response.content.decode()
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_admin_refuses_the_same_person_twice(admin_client, commission):
    seated = CommissionMembershipFactory(commission=commission)

    response = post_membership(admin_client, membership_post(commission, seated.person))

    assert_form_shown_again(response, seated.person, ONE_SEAT_PER_PERSON)
    assert CommissionMembership.objects.filter(person=seated.person).count() == 1


def test_admin_accepts_a_membership_within_the_rules(admin_client, commission):
    """The refusals above come from the rules, not from a form that cannot be saved at all."""
    newcomer = UserFactory()

    response = post_membership(admin_client, membership_post(commission, newcomer))

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:commission_commissionmembership_changelist")
    saved = CommissionMembership.objects.get(person=newcomer)
    assert (saved.commission, saved.started_on, saved.ended_on) == (commission, datetime.date(2011, 3, 4), None)


def test_admin_explains_a_refusal_by_the_database(admin_client, full_commission, monkeypatch):
    """When validation lets a change through (as in a race), the database's refusal is explained in the form."""
    monkeypatch.setattr(CommissionMembership, "clean", lambda self: None)
    newcomer = UserFactory()

    response = post_membership(admin_client, membership_post(full_commission, newcomer))

    assert_form_shown_again(response, newcomer, MESSAGES["commission_seat_limit"])
    assert active_in(full_commission) == SEATS
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_admin_in_khmer_refuses_a_membership_beyond_the_seats(admin_client, full_commission):
    newcomer = UserFactory()

    response = post_membership(admin_client, membership_post(full_commission, newcomer), language="km")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "km"
    assert form_errors(response)[NON_FIELD_ERRORS][0].code == "commission_seat_limit"
    assert 'class="errorlist nonfield"' in response.content.decode()
    assert active_in(full_commission) == SEATS
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


# --- Ending the only chair in the admin (the rule PostgreSQL checks at commit) ---------------------------


@pytest.mark.postgres
def test_admin_refuses_ending_the_only_chair_and_reports_no_success(admin_client, commission):
    CommissionMembershipFactory(commission=commission)
    chair = CommissionMembership.objects.get(commission=commission, role=Chair)
    url = reverse("admin:commission_commissionmembership_change", args=[chair.pk])

    response = admin_client.post(
        url,
        membership_post(commission, chair.person, role=Chair, started_on="2009-10-01", ended_on="2012-01-01"),
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert MESSAGES["commission_chair_required"] in html
    assert 'value="2012-01-01"' in html
    assert "successfully" not in html
    chair.refresh_from_db()
    assert chair.ended_on is None


# --- The commission's change page, with its memberships inline -----------------------------------------


def commission_post(commission, rows):
    """Return the POST data of the commission's change page with the given membership rows."""
    data = {
        "sub_decree": commission.sub_decree_id,
        "name_en": commission.name_en,
        "name_km": commission.name_km,
        "short_name_en": commission.short_name_en,
        "short_name_km": commission.short_name_km,
        "ministries": [m.pk for m in commission.ministries.all()],
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, row in enumerate(rows):
        fields = {
            "id": "",
            "commission": commission.pk,
            "organization": "",
            "started_on": TYPED_START,
            "ended_on": "",
            "role": "member",
            **row,
        }
        data.update({f"memberships-{index}-{name}": value for name, value in fields.items()})
    return data


def existing_rows(commission, changes=None):
    """Return the rows of the commission's memberships as the change page shows them, with `changes` by pk."""
    changes = changes or {}
    return [
        {
            "id": m.pk,
            "person": m.person_id,
            "organization": m.organization_id or "",
            "started_on": m.started_on.isoformat(),
            "ended_on": m.ended_on.isoformat() if m.ended_on else "",
            "role": m.role,
            **changes.get(m.pk, {}),
        }
        for m in CommissionMembership.objects.filter(commission=commission).order_by("pk")
    ]


def post_commission(client, commission, rows, language="en"):
    url = reverse("admin:commission_commission_change", args=[commission.pk])
    return client.post(url, commission_post(commission, rows), headers={"accept-language": language})


def test_commission_page_refuses_two_chairs_in_one_submission(admin_client, commission):
    commission = CommissionFactory(sub_decree=commission.sub_decree)  # a commission nobody sits on yet
    commission.ministries.add(OrganizationFactory())
    first, second = UserFactory.create_batch(2)

    response = post_commission(
        admin_client, commission, [{"person": first.pk, "role": Chair}, {"person": second.pk, "role": Chair}]
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [str(m) for m in formset.non_form_errors()] == [
        "Only one active Chair is allowed: end the current one's membership first."
    ]
    assert ONE_CHAIR_IN_FORMSET in response.content.decode()
    assert not CommissionMembership.objects.filter(commission=commission).exists()


def inline_errors(response):
    formset = response.context["inline_admin_formsets"][0].formset
    return [str(m) for m in formset.non_form_errors()]


def test_commission_page_refuses_a_second_chair_next_to_the_current_one(admin_client, commission):
    newcomer = UserFactory()

    response = post_commission(
        admin_client, commission, [*existing_rows(commission), {"person": newcomer.pk, "role": Chair}]
    )

    assert response.status_code == 200
    assert inline_errors(response) == ["Only one active Chair is allowed: end the current one's membership first."]
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_commission_page_replaces_the_chair_of_a_full_commission_in_one_submission(admin_client, full_commission):
    old = CommissionMembership.objects.get(commission=full_commission, role=Chair)
    successor = UserFactory()
    rows = existing_rows(full_commission, {old.pk: {"ended_on": "2012-01-01"}})

    response = post_commission(
        admin_client, full_commission, [*rows, {"person": successor.pk, "role": Chair, "started_on": "2012-01-01"}]
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    old.refresh_from_db()
    assert old.ended_on == LATER
    new = CommissionMembership.objects.active().get(commission=full_commission, role=Chair)
    assert (new.person, new.started_on) == (successor, LATER)
    assert active_in(full_commission) == SEATS


def test_commission_page_replaces_a_member_of_a_full_commission_in_one_submission(admin_client, full_commission):
    leaving = CommissionMembership.objects.filter(commission=full_commission, role="member").first()
    newcomer = UserFactory()
    rows = existing_rows(full_commission, {leaving.pk: {"ended_on": "2012-01-01"}})

    response = post_commission(admin_client, full_commission, [*rows, {"person": newcomer.pk}])

    assert response.status_code == 302, response.context and response.context["errors"]
    assert CommissionMembership.objects.active().filter(person=newcomer).exists()
    assert active_in(full_commission) == SEATS


def test_commission_page_lets_a_member_become_chair_in_one_submission(admin_client, commission):
    """The chair steps down and a member takes the chair: each ends a seat, the member starts a new one."""
    member = CommissionMembershipFactory(commission=commission)
    chair = CommissionMembership.objects.get(commission=commission, role=Chair)
    rows = existing_rows(commission, {chair.pk: {"ended_on": "2012-01-01"}, member.pk: {"ended_on": "2012-01-01"}})

    response = post_commission(
        admin_client, commission, [*rows, {"person": member.person_id, "role": Chair, "started_on": "2012-01-01"}]
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert CommissionMembership.objects.active().get(commission=commission).person == member.person


def test_commission_page_refuses_ending_the_chair_without_a_successor(admin_client, commission):
    CommissionMembershipFactory(commission=commission)
    old = CommissionMembership.objects.get(commission=commission, role=Chair)

    response = post_commission(
        admin_client, commission, existing_rows(commission, {old.pk: {"ended_on": "2012-01-01"}})
    )

    assert response.status_code == 200
    assert inline_errors(response) == ["There must be exactly one active Chair: appoint one in this change."]
    old.refresh_from_db()
    assert old.ended_on is None


def test_commission_page_refuses_more_members_than_seats(admin_client, commission):
    newcomers = UserFactory.create_batch(SEATS)

    response = post_commission(
        admin_client, commission, [*existing_rows(commission), *({"person": p.pk} for p in newcomers)]
    )

    assert response.status_code == 200
    assert inline_errors(response) == [SEATS_TAKEN]
    assert active_in(commission) == 1


def test_commission_page_refuses_the_same_person_twice_in_one_submission(admin_client, commission):
    newcomer = UserFactory()

    response = post_commission(
        admin_client,
        commission,
        [*existing_rows(commission), {"person": newcomer.pk}, {"person": newcomer.pk, "started_on": "2011-05-01"}],
    )

    assert response.status_code == 200
    assert inline_errors(response) == [ONE_SEAT_PER_PERSON]
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_commission_page_refuses_a_second_seat_for_someone_already_seated(admin_client, commission):
    seated = CommissionMembershipFactory(commission=commission)

    response = post_commission(admin_client, commission, [*existing_rows(commission), {"person": seated.person_id}])

    assert response.status_code == 200
    assert inline_errors(response) == [ONE_SEAT_PER_PERSON]
    assert CommissionMembership.objects.filter(person=seated.person).count() == 1


def test_commission_page_in_khmer_refuses_two_chairs(admin_client, commission):
    newcomer = UserFactory()

    response = post_commission(
        admin_client, commission, [*existing_rows(commission), {"person": newcomer.pk, "role": Chair}], language="km"
    )

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "km"
    assert 'class="errorlist' in response.content.decode()
    assert not CommissionMembership.objects.filter(person=newcomer).exists()
