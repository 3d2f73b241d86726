"""Helpers for the tests of the organisation's rules (commission, secretariat, task forces)."""

import datetime
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.utils import translation

from core import rules

START = datetime.date(2009, 10, 1)
LATER = datetime.date(2012, 1, 1)

# The sentences a user reads when the database refuses a change, by rule name.
# Written out here (not imported) so that a changed or lost message fails a test.
SEAT_TAKEN = "Every seat of the {body} set by the sub-decree is taken. End a membership before adding another."
SENIOR_REQUIRED = (
    "The {body} must have exactly one active {role}: appoint a new {role} in the same change that ends the current one."
)
ONE_SEAT_PER_PERSON = "This person already holds an active seat in this body."
END_AFTER_START = "A membership must end after the day it starts."
MESSAGES = {
    "commission_seat_limit": SEAT_TAKEN.format(body="commission"),
    "secretariat_seat_limit": SEAT_TAKEN.format(body="secretariat"),
    "commission_chair_required": SENIOR_REQUIRED.format(body="commission", role="chair"),
    "secretariat_chief_required": SENIOR_REQUIRED.format(body="secretariat", role="chief"),
    "commission_one_active_chair": "The commission already has an active chair: end that membership first.",
    "secretariat_one_active_chief": "The secretariat already has an active chief: end that membership first.",
    "taskforce_one_active_lead": "This task force already has an active lead: end that membership first.",
    "commission_one_active_seat_per_person": ONE_SEAT_PER_PERSON,
    "secretariat_one_active_seat_per_person": ONE_SEAT_PER_PERSON,
    "taskforce_one_active_seat_per_person": ONE_SEAT_PER_PERSON,
    "commission_membership_end_after_start": END_AFTER_START,
    "secretariat_membership_end_after_start": END_AFTER_START,
    "taskforce_membership_end_after_start": END_AFTER_START,
}


def is_postgres():
    return connection.vendor == "postgresql"


def _unique_constraint(rule):
    return any(
        constraint.name == rule and isinstance(constraint, models.UniqueConstraint)
        for model in apps.get_models()
        for constraint in model._meta.constraints
    )


def check_deferred_rules():
    """Fire the rules PostgreSQL defers to commit now, as a commit would, then defer them again."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def assert_explained(error, rule):
    """Check that `core.rules` turns the database's refusal into the rule's message."""
    with translation.override("en"):
        explained = rules.as_validation_error(error)
        assert explained is not None, f"no message for {error!r}"
        assert explained.code == rule
        assert explained.messages == [MESSAGES[rule]]


@contextmanager
def refused_by(rule):
    """Expect the database to refuse what runs inside the block, for `rule`, and roll it back.

    The block runs in a savepoint; on PostgreSQL the deferred rules are fired at
    its end, as a commit would. PostgreSQL names every rule it enforces, so the
    refusal must be explained with the rule's message. SQLite names check
    constraints and triggers in its error, but reports a unique index only by
    its columns.
    """
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
        if is_postgres():
            check_deferred_rules()
    error = caught.value
    if is_postgres() or not _unique_constraint(rule):
        assert rules.rule_name(error) == rule, str(error)
        assert_explained(error, rule)
    else:
        assert "UNIQUE constraint failed" in str(error)


@contextmanager
def accepted():
    """Run the block and, on PostgreSQL, fire the deferred rules as a commit would: nothing may be refused."""
    yield
    if is_postgres():
        check_deferred_rules()
