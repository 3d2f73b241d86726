"""Two requests racing for the last seat: the database lets exactly one of them have it.

Form validation alone cannot settle a race: both requests count the seats before
either has saved, and both see one free. The seat-limit trigger locks the
commission's row before counting, so the second insert waits for the first to
commit, counts again and is refused; the admin then shows the rule's message.

These tests commit for real (`transaction=True`), on PostgreSQL only.
"""

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from commission.models import CommissionMembership, SecretariatMembership
from core import rules
from members import roles
from tests.factories import (
    CommissionFactory,
    CommissionMembershipFactory,
    SecretariatFactory,
    SecretariatMembershipFactory,
    SubDecreeFactory,
    UserFactory,
)

from .rules_support import START, assert_explained

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SEATS = 3
WAIT = 10  # seconds before a stuck thread gives up, so a broken test fails instead of hanging


@pytest.fixture
def commission_with_one_seat_left():
    commission = CommissionFactory(sub_decree=SubDecreeFactory(commission_seats=SEATS, secretariat_seats=2))
    # Each statement commits on its own here: the chair comes first, or the chair rule refuses the member.
    CommissionMembershipFactory(commission=commission, role=CommissionMembership.Role.CHAIR)
    CommissionMembershipFactory.create_batch(SEATS - 2, commission=commission)
    return commission


@pytest.fixture
def chief_user():
    """A staff user in the secretariat chief's group, with no other permission."""
    user = UserFactory(roles=[roles.CHIEF], is_staff=True)
    assert user.has_perm("commission.add_commissionmembership")
    assert not user.is_superuser
    return user


def active_in(commission):
    return CommissionMembership.objects.active().filter(commission=commission).count()


def in_threads(work, *arguments):
    """Run `work(argument)` for each argument, each in its own thread with its own database connection."""

    def run(argument):
        try:
            return work(argument)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        futures = [pool.submit(run, argument) for argument in arguments]
        return [future.result(timeout=3 * WAIT) for future in futures]


def both_validated_before_either_saves(monkeypatch, model):
    """Make the first two validations of `model` wait for each other, as two simultaneous requests would."""
    barrier = threading.Barrier(2, timeout=WAIT)
    calls = itertools.count()
    original_clean = model.clean

    def clean(self):
        original_clean(self)
        if next(calls) < 2:  # later validations (the refused request's second look) go straight on
            barrier.wait()

    monkeypatch.setattr(model, "clean", clean)
    return barrier


def test_two_admin_requests_racing_for_the_last_seat(commission_with_one_seat_left, chief_user, monkeypatch):
    commission = commission_with_one_seat_left
    url = reverse("admin:commission_commissionmembership_add")
    both_validated_before_either_saves(monkeypatch, CommissionMembership)
    refusals = []
    explain = rules.as_validation_error

    def recording_explain(error):
        refusals.append(rules.rule_name(error))
        return explain(error)

    monkeypatch.setattr(rules, "as_validation_error", recording_explain)
    newcomers = UserFactory.create_batch(2)

    def request_seat(person):
        client = Client(headers={"accept-language": "en"})
        client.force_login(chief_user)
        data = {
            "person": person.pk,
            "organization": "",
            "started_on": "2011-03-04",
            "ended_on": "",
            "commission": commission.pk,
            "role": "member",
            "_save": "Save",
        }
        return person, client.post(url, data)

    results = in_threads(request_seat, *newcomers)

    by_status = {response.status_code: (person, response) for person, response in results}
    assert sorted(by_status) == [200, 302]
    winner, accepted = by_status[302]
    loser, refused = by_status[200]
    assert accepted.headers["Location"] == reverse("admin:commission_commissionmembership_changelist")
    # The loser passed validation; the database refused its insert and the admin explained why.
    assert refusals == ["commission_seat_limit"]
    html = refused.content.decode()
    assert "Every seat of the commission" in html
    assert 'class="errorlist nonfield"' in html
    assert f'<option value="{loser.pk}" selected>' in html
    assert 'value="2011-03-04"' in html
    assert active_in(commission) == SEATS
    assert CommissionMembership.objects.filter(person=winner).count() == 1
    assert not CommissionMembership.objects.filter(person=loser).exists()


def test_two_saves_racing_for_the_last_seat(commission_with_one_seat_left, monkeypatch):
    """The same race without HTTP: both validate, both save through core.rules.save_or_explain."""
    commission = commission_with_one_seat_left
    both_validated_before_either_saves(monkeypatch, CommissionMembership)
    newcomers = UserFactory.create_batch(2)

    def take_seat(person):
        membership = CommissionMembership(commission=commission, person=person, started_on=START)
        membership.full_clean()
        try:
            rules.save_or_explain(membership)
        except ValidationError as error:
            return error
        return None

    outcomes = in_threads(take_seat, *newcomers)

    refused = [outcome for outcome in outcomes if outcome is not None]
    assert len(refused) == 1, outcomes
    assert refused[0].code == "commission_seat_limit"
    assert isinstance(refused[0].__cause__, IntegrityError)
    assert active_in(commission) == SEATS


def wait_until_waiting_for_a_lock(pid, timeout=WAIT):
    """Return True once the backend `pid` waits for a lock, False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # statistics are otherwise frozen for the transaction
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() == ("Lock",):
                return True
            time.sleep(0.02)
    return False


@pytest.mark.parametrize("body", ["commission", "secretariat"])
def test_the_second_insert_waits_for_the_first_and_is_refused(commission_with_one_seat_left, body):
    """The trigger's lock, shown step by step: B's insert blocks while A's is uncommitted, then is refused.

    Without the lock, B would count the committed rows only, find the seat free and take it too.
    """
    if body == "commission":
        model, rule, seats = CommissionMembership, "commission_seat_limit", SEATS
        target = {"commission": commission_with_one_seat_left}
    else:  # two seats, the chief's taken
        model, rule, seats = SecretariatMembership, "secretariat_seat_limit", 2
        target = {"secretariat": SecretariatFactory(commission=commission_with_one_seat_left)}
        SecretariatMembershipFactory(role=SecretariatMembership.Role.CHIEF, **target)
    first_inserted, second_connected = threading.Event(), threading.Event()
    second_pid = []
    first, second = UserFactory.create_batch(2)

    def a(person):
        with transaction.atomic():
            model.objects.create(person=person, started_on=START, **target)
            first_inserted.set()
            assert second_connected.wait(WAIT)
            return wait_until_waiting_for_a_lock(second_pid[0])  # then commits, releasing B

    def b(person):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid.append(cursor.fetchone()[0])
        second_connected.set()
        assert first_inserted.wait(WAIT)
        try:
            model.objects.create(person=person, started_on=START, **target)
        except IntegrityError as error:
            return error
        return None

    def run(task):
        work, person = task
        return work(person)

    a_saw_b_blocked, b_outcome = in_threads(run, (a, first), (b, second))

    assert a_saw_b_blocked, "the second insert did not wait for the first transaction"
    assert isinstance(b_outcome, IntegrityError)
    assert rules.rule_name(b_outcome) == rule
    assert_explained(b_outcome, rule)
    assert model.objects.active().filter(**target).count() == seats
    assert not model.objects.filter(person=second).exists()
