"""The database itself keeps the commission's rules, even when code bypasses validation.

Every change here goes around `full_clean()`: `objects.create()`, `bulk_create()`,
queryset `update()` and `delete()`, raw SQL. Seat limits, one seat per person,
one chair and "ends after it starts" hold on SQLite and PostgreSQL; "exactly one
active chair/chief" is a deferred PostgreSQL trigger, checked at commit.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from commission.models import CommissionMembership, SecretariatMembership, SubDecree
from core import rules
from tests.factories import (
    CommissionFactory,
    CommissionMembershipFactory,
    SecretariatFactory,
    SecretariatMembershipFactory,
    SubDecreeFactory,
    UserFactory,
)

from .rules_support import LATER, START, accepted, assert_explained, check_deferred_rules, refused_by

Chair = CommissionMembership.Role.CHAIR
Chief = SecretariatMembership.Role.CHIEF
COMMISSION_SEATS = 3
SECRETARIAT_SEATS = 2


@pytest.fixture
def sub_decree(db):
    return SubDecreeFactory(commission_seats=COMMISSION_SEATS, secretariat_seats=SECRETARIAT_SEATS)


@pytest.fixture
def commission(sub_decree):
    """A commission with its chair: one of its three seats is taken."""
    commission = CommissionFactory(sub_decree=sub_decree)
    CommissionMembershipFactory(commission=commission, role=Chair)
    return commission


@pytest.fixture
def full_commission(commission):
    CommissionMembershipFactory.create_batch(COMMISSION_SEATS - 1, commission=commission)
    assert active_in(commission) == COMMISSION_SEATS
    return commission


@pytest.fixture
def secretariat(commission):
    """A secretariat with its chief: one of its two seats is taken."""
    secretariat = SecretariatFactory(commission=commission)
    SecretariatMembershipFactory(secretariat=secretariat, role=Chief)
    return secretariat


@pytest.fixture
def full_secretariat(secretariat):
    SecretariatMembershipFactory.create_batch(SECRETARIAT_SEATS - 1, secretariat=secretariat)
    return secretariat


def active_in(commission):
    return CommissionMembership.objects.active().filter(commission=commission).count()


def active_in_secretariat(secretariat):
    return SecretariatMembership.objects.active().filter(secretariat=secretariat).count()


def new_membership(commission, **fields):
    """Return an unsaved membership of a new person."""
    return CommissionMembership(commission=commission, person=UserFactory(), started_on=START, **fields)


# --- At most commission_seats active commission memberships -----------------------------------------


def test_create_beyond_the_commission_seats_is_refused(full_commission):
    newcomer = UserFactory()

    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.create(commission=full_commission, person=newcomer, started_on=START)

    assert active_in(full_commission) == COMMISSION_SEATS
    assert not CommissionMembership.objects.filter(person=newcomer).exists()


def test_bulk_create_beyond_the_commission_seats_is_refused_as_a_whole(commission):
    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.bulk_create([new_membership(commission) for _ in range(COMMISSION_SEATS)])

    assert active_in(commission) == 1


def test_bulk_create_up_to_the_commission_seats_is_accepted(commission):
    with accepted():
        CommissionMembership.objects.bulk_create([new_membership(commission) for _ in range(COMMISSION_SEATS - 1)])

    assert active_in(commission) == COMMISSION_SEATS


def test_update_reopening_an_ended_membership_of_a_full_commission_is_refused(full_commission):
    former = CommissionMembershipFactory(commission=full_commission, ended_on=LATER)

    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.filter(pk=former.pk).update(ended_on=None)

    former.refresh_from_db()
    assert former.ended_on == LATER
    assert active_in(full_commission) == COMMISSION_SEATS


def test_update_reopening_several_memberships_at_once_beyond_the_seats_is_refused(commission):
    ended = CommissionMembershipFactory.create_batch(COMMISSION_SEATS, commission=commission, ended_on=LATER)

    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.filter(pk__in=[m.pk for m in ended]).update(ended_on=None)

    assert active_in(commission) == 1


def test_update_moving_a_membership_into_a_full_commission_is_refused(full_commission):
    elsewhere = CommissionFactory(sub_decree=full_commission.sub_decree)
    mover = CommissionMembershipFactory(commission=elsewhere, role=Chair)

    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.filter(pk=mover.pk).update(commission=full_commission)

    assert active_in(full_commission) == COMMISSION_SEATS


def test_raw_sql_insert_beyond_the_commission_seats_is_refused(full_commission):
    newcomer = UserFactory()
    table = CommissionMembership._meta.db_table

    with refused_by("commission_seat_limit"), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (commission_id, person_id, role, started_on) VALUES (%s, %s, %s, %s)",
            [full_commission.pk, newcomer.pk, "member", START],
        )

    assert active_in(full_commission) == COMMISSION_SEATS


def test_ended_memberships_do_not_take_a_seat(full_commission):
    with accepted():
        CommissionMembership.objects.create(
            commission=full_commission, person=UserFactory(), started_on=START, ended_on=LATER
        )

    assert active_in(full_commission) == COMMISSION_SEATS


def test_ending_a_membership_frees_its_seat(full_commission):
    leaving = CommissionMembership.objects.active().filter(commission=full_commission, role="member").first()

    with accepted():
        CommissionMembership.objects.filter(pk=leaving.pk).update(ended_on=LATER)
        CommissionMembership.objects.create(commission=full_commission, person=UserFactory(), started_on=LATER)

    assert active_in(full_commission) == COMMISSION_SEATS


def test_the_seat_limit_follows_the_sub_decree(full_commission):
    """The trigger reads the seats from the sub-decree, not from a number fixed when it was written."""
    SubDecree.objects.filter(pk=full_commission.sub_decree_id).update(commission_seats=COMMISSION_SEATS + 1)

    with accepted():
        CommissionMembership.objects.create(commission=full_commission, person=UserFactory(), started_on=START)
    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.create(commission=full_commission, person=UserFactory(), started_on=START)

    assert active_in(full_commission) == COMMISSION_SEATS + 1


# --- At most secretariat_seats active secretariat memberships ----------------------------------------


def test_create_beyond_the_secretariat_seats_is_refused(full_secretariat):
    with refused_by("secretariat_seat_limit"):
        SecretariatMembership.objects.create(secretariat=full_secretariat, person=UserFactory(), started_on=START)

    assert active_in_secretariat(full_secretariat) == SECRETARIAT_SEATS


def test_bulk_create_beyond_the_secretariat_seats_is_refused(secretariat):
    newcomers = [
        SecretariatMembership(secretariat=secretariat, person=UserFactory(), started_on=START)
        for _ in range(SECRETARIAT_SEATS)
    ]

    with refused_by("secretariat_seat_limit"):
        SecretariatMembership.objects.bulk_create(newcomers)

    assert active_in_secretariat(secretariat) == 1


def test_update_reopening_a_secretariat_membership_beyond_the_seats_is_refused(full_secretariat):
    former = SecretariatMembershipFactory(secretariat=full_secretariat, ended_on=LATER)

    with refused_by("secretariat_seat_limit"):
        SecretariatMembership.objects.filter(pk=former.pk).update(ended_on=None)

    assert active_in_secretariat(full_secretariat) == SECRETARIAT_SEATS


def test_the_secretariat_limit_is_its_own(full_commission, secretariat):
    """A full commission does not stop the secretariat filling its own seats, and the other way round."""
    with accepted():
        SecretariatMembership.objects.create(secretariat=secretariat, person=UserFactory(), started_on=START)

    assert active_in_secretariat(secretariat) == SECRETARIAT_SEATS
    with refused_by("commission_seat_limit"):
        CommissionMembership.objects.create(commission=full_commission, person=UserFactory(), started_on=START)


# --- One active seat per person per body ----------------------------------------------------------


def test_a_second_active_seat_for_the_same_person_is_refused(commission):
    seated = CommissionMembershipFactory(commission=commission)

    with refused_by("commission_one_active_seat_per_person"):
        CommissionMembership.objects.create(commission=commission, person=seated.person, started_on=LATER)

    assert CommissionMembership.objects.filter(person=seated.person).count() == 1


def test_reopening_a_persons_ended_seat_while_they_hold_another_is_refused(commission):
    seated = CommissionMembershipFactory(commission=commission)
    earlier = CommissionMembershipFactory(
        commission=commission, person=seated.person, started_on=datetime.date(2005, 1, 1), ended_on=START
    )

    with refused_by("commission_one_active_seat_per_person"):
        CommissionMembership.objects.filter(pk=earlier.pk).update(ended_on=None)

    assert CommissionMembership.objects.active().filter(person=seated.person).count() == 1


def test_an_ended_seat_and_a_new_active_one_for_the_same_person_are_accepted(commission):
    earlier = CommissionMembershipFactory(commission=commission, ended_on=LATER)

    with accepted():
        CommissionMembership.objects.create(commission=commission, person=earlier.person, started_on=LATER)

    assert CommissionMembership.objects.filter(person=earlier.person).count() == 2


def test_the_same_person_may_sit_in_two_bodies(commission, secretariat):
    seated = CommissionMembershipFactory(commission=commission)
    elsewhere = CommissionFactory(sub_decree=commission.sub_decree)

    with accepted():
        CommissionMembership.objects.create(commission=elsewhere, person=seated.person, role=Chair, started_on=START)
        SecretariatMembership.objects.create(secretariat=secretariat, person=seated.person, started_on=START)

    assert CommissionMembership.objects.active().filter(person=seated.person).count() == 2


def test_a_second_active_secretariat_seat_for_the_same_person_is_refused(secretariat):
    seated = SecretariatMembership.objects.get(secretariat=secretariat)

    with refused_by("secretariat_one_active_seat_per_person"):
        SecretariatMembership.objects.create(secretariat=secretariat, person=seated.person, started_on=LATER)

    assert SecretariatMembership.objects.filter(person=seated.person).count() == 1


# --- A membership ends after it starts ----------------------------------------------------------


@pytest.mark.parametrize("days", [0, -1], ids=["same-day", "day-before"])
def test_a_membership_ending_on_or_before_its_start_is_refused(commission, days):
    with refused_by("commission_membership_end_after_start"):
        CommissionMembership.objects.create(
            commission=commission, person=UserFactory(), started_on=START, ended_on=START + datetime.timedelta(days)
        )

    assert CommissionMembership.objects.filter(commission=commission).count() == 1


def test_a_membership_ending_the_day_after_its_start_is_accepted(commission):
    with accepted():
        CommissionMembershipFactory(commission=commission, ended_on=START + datetime.timedelta(1))

    assert CommissionMembership.objects.filter(commission=commission).count() == 2


def test_update_ending_memberships_on_their_first_day_is_refused(commission):
    with refused_by("commission_membership_end_after_start"):
        CommissionMembership.objects.filter(commission=commission).update(ended_on=F("started_on"))

    assert active_in(commission) == 1


def test_a_secretariat_membership_ending_before_its_start_is_refused(secretariat):
    with refused_by("secretariat_membership_end_after_start"):
        SecretariatMembership.objects.create(
            secretariat=secretariat, person=UserFactory(), started_on=LATER, ended_on=START
        )

    assert SecretariatMembership.objects.filter(secretariat=secretariat).count() == 1


# --- At most one active chair / chief --------------------------------------------------------------


def test_a_second_active_chair_is_refused(commission):
    with refused_by("commission_one_active_chair"):
        CommissionMembership.objects.create(commission=commission, person=UserFactory(), role=Chair, started_on=LATER)

    assert CommissionMembership.objects.filter(commission=commission, role=Chair).count() == 1


def test_update_making_a_member_a_second_chair_is_refused(commission):
    member = CommissionMembershipFactory(commission=commission)

    with refused_by("commission_one_active_chair"):
        CommissionMembership.objects.filter(pk=member.pk).update(role=Chair)

    member.refresh_from_db()
    assert member.role == "member"


def test_a_second_active_chief_is_refused(secretariat):
    with refused_by("secretariat_one_active_chief"):
        SecretariatMembership.objects.create(
            secretariat=secretariat, person=UserFactory(), role=Chief, started_on=LATER
        )

    assert SecretariatMembership.objects.filter(secretariat=secretariat, role=Chief).count() == 1


# --- Exactly one active chair / chief while the body has members (PostgreSQL, at commit) ---------------


@pytest.mark.postgres
def test_members_without_a_chair_are_refused_at_commit(sub_decree):
    chairless = CommissionFactory(sub_decree=sub_decree)

    with refused_by("commission_chair_required"):
        CommissionMembershipFactory(commission=chairless)

    assert active_in(chairless) == 0


@pytest.mark.postgres
def test_the_chair_rule_waits_for_the_commit(sub_decree):
    """Inside the transaction the commission may be briefly without a chair: the rule fires at commit."""
    chairless = CommissionFactory(sub_decree=sub_decree)
    savepoint = transaction.savepoint_create()

    CommissionMembershipFactory(commission=chairless)  # not refused yet
    assert active_in(chairless) == 1
    with pytest.raises(IntegrityError) as caught:
        check_deferred_rules()  # as the commit would

    transaction.savepoint_rollback(savepoint)
    assert rules.rule_name(caught.value) == "commission_chair_required"


@pytest.mark.postgres
def test_ending_the_only_chair_is_refused(commission):
    CommissionMembershipFactory(commission=commission)
    chair = CommissionMembership.objects.get(commission=commission, role=Chair)

    with refused_by("commission_chair_required"):
        CommissionMembership.objects.filter(pk=chair.pk).update(ended_on=LATER)

    chair.refresh_from_db()
    assert chair.ended_on is None


@pytest.mark.postgres
def test_deleting_the_chair_is_refused(commission):
    CommissionMembershipFactory(commission=commission)

    with refused_by("commission_chair_required"):
        CommissionMembership.objects.filter(commission=commission, role=Chair).delete()

    assert CommissionMembership.objects.filter(commission=commission, role=Chair).exists()


@pytest.mark.postgres
def test_moving_the_chair_to_another_commission_is_refused(commission):
    """The rule checks the commission a row leaves as well as the one it joins."""
    CommissionMembershipFactory(commission=commission)
    elsewhere = CommissionFactory(sub_decree=commission.sub_decree)

    with refused_by("commission_chair_required"):
        CommissionMembership.objects.filter(commission=commission, role=Chair).update(commission=elsewhere)

    assert CommissionMembership.objects.filter(commission=elsewhere).count() == 0


@pytest.mark.postgres
def test_demoting_the_chair_to_member_is_refused(commission):
    with refused_by("commission_chair_required"):
        CommissionMembership.objects.filter(commission=commission, role=Chair).update(role="member")

    assert CommissionMembership.objects.filter(commission=commission, role=Chair).exists()


@pytest.mark.postgres
def test_replacing_the_chair_in_one_transaction_is_accepted(commission):
    CommissionMembershipFactory(commission=commission)
    old = CommissionMembership.objects.get(commission=commission, role=Chair)

    with accepted():
        CommissionMembership.objects.filter(pk=old.pk).update(ended_on=LATER)
        new = CommissionMembership.objects.create(
            commission=commission, person=UserFactory(), role=Chair, started_on=LATER
        )

    assert list(CommissionMembership.objects.active().filter(commission=commission, role=Chair)) == [new]


@pytest.mark.postgres
def test_the_last_member_may_leave_with_the_chair(commission):
    """A commission nobody sits on needs no chair."""
    with accepted():
        CommissionMembership.objects.filter(commission=commission).update(ended_on=LATER)

    assert active_in(commission) == 0


@pytest.mark.postgres
def test_a_secretariat_without_a_chief_is_refused(secretariat):
    SecretariatMembershipFactory(secretariat=secretariat)

    with refused_by("secretariat_chief_required"):
        SecretariatMembership.objects.filter(secretariat=secretariat, role=Chief).update(ended_on=LATER)

    assert SecretariatMembership.objects.active().filter(secretariat=secretariat, role=Chief).exists()


@pytest.mark.postgres
def test_replacing_the_chief_in_one_transaction_is_accepted(secretariat):
    SecretariatMembershipFactory(secretariat=secretariat)

    with accepted():
        SecretariatMembership.objects.filter(secretariat=secretariat, role=Chief).update(ended_on=LATER)
        SecretariatMembership.objects.create(
            secretariat=secretariat, person=UserFactory(), role=Chief, started_on=LATER
        )

    assert SecretariatMembership.objects.active().filter(secretariat=secretariat, role=Chief).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_chair_rule_is_checked_by_a_real_commit():
    """Without the test's wrapping transaction: the commit itself refuses, and accepts a replacement."""
    commission = CommissionFactory(sub_decree=SubDecreeFactory(commission_seats=COMMISSION_SEATS))
    chair = CommissionMembershipFactory(commission=commission, role=Chair)  # autocommit: chair first
    CommissionMembershipFactory(commission=commission)

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        CommissionMembership.objects.filter(pk=chair.pk).update(ended_on=LATER)
    assert rules.rule_name(caught.value) == "commission_chair_required"
    assert_explained(caught.value, "commission_chair_required")
    chair.refresh_from_db()
    assert chair.ended_on is None

    with transaction.atomic():
        CommissionMembership.objects.filter(pk=chair.pk).update(ended_on=LATER)
        CommissionMembership.objects.create(commission=commission, person=UserFactory(), role=Chair, started_on=LATER)
    assert CommissionMembership.objects.active().filter(commission=commission, role=Chair).count() == 1
    assert active_in(commission) == 2


# --- core.rules explains refusals ------------------------------------------------------------------


def test_an_unrelated_integrity_error_is_not_explained():
    assert rules.as_validation_error(IntegrityError("null value in column violates not-null constraint")) is None
    assert rules.rule_name(IntegrityError("something else entirely")) is None
