"""Property-based tests of the REST API against its own OpenAPI schema (schemathesis + hypothesis).

Every operation of /api/schema/ is called with generated examples, anonymously and with a token for each
role; each response must not be a server error and must match the schema (status code and body).
"""

import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import throttling

from config.wsgi import application
from members import roles, tokens
from tests.factories import UserFactory
from tests.workplan.builders import Review
from workplan.models import ReviewAssignment

MAX_EXAMPLES = 100 if os.environ.get("CI", "").lower() == "true" else 15
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.response_schema_conformance,
]
TOKEN_OPERATION = "POST /api/v1/auth/token/"
RATES = {"anon": "1000000/minute", "user": "1000000/minute", "token": "1000000/minute"}


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep the test's connection (and its transaction) open across WSGI requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def no_throttling(monkeypatch):
    monkeypatch.setattr(throttling.SimpleRateThrottle, "THROTTLE_RATES", RATES)
    monkeypatch.setattr(throttling.AnonRateThrottle, "rate", RATES["anon"], raising=False)
    monkeypatch.setattr(throttling.UserRateThrottle, "rate", RATES["user"], raising=False)
    cache.clear()


@pytest.fixture
def api_schema(wsgi_in_test_transaction, no_throttling):
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def _strategy(operation, known):
    """Generated cases, half of them aimed at objects that exist (random ids are almost always 404)."""
    generated = operation.as_strategy()
    names = {parameter.name for parameter in operation.path_parameters}
    if not names:
        return generated
    if "code" in names:
        codes = known["task_force_codes"] if "task-forces" in operation.path else known["ministry_codes"]
        aimed = [operation.as_strategy(path_parameters={"code": code}) for code in codes]
    else:
        (name,) = names  # "id": drf-spectacular's name for the pk in the URL
        aimed = [operation.as_strategy(path_parameters={name: pk}) for pk in known["pks"](operation.path)]
    return st.one_of(generated, *aimed)


def _run(operation, strategy, headers):
    """Call the operation with generated cases; return the status codes it answered with."""
    statuses = set()

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    @given(case=strategy)
    def check(case):
        cache.clear()
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.add(response.status_code)

    check()
    return statuses


@pytest.mark.django_db
def test_every_operation_conforms_for_every_role(api_schema, settings):
    review = Review()
    review.submit()
    auditor = UserFactory(username="auditor-x", roles=[roles.AUDITOR])
    people = {
        "chief": review.chief,
        "staff": review.staff,
        "liaison": review.liaison,
        "chair": review.chair,
        "auditor": auditor,
    }
    section_pks = list(review.draft.sections.values_list("pk", flat=True))
    review_pks = list(ReviewAssignment.objects.values_list("pk", flat=True))

    def pks(path):
        if path.startswith("/api/v1/sections/"):
            return section_pks
        if path.startswith("/api/v1/reviews/"):
            return review_pks
        if path.startswith("/api/v1/plans/"):
            return [review.plan.pk]
        return [review.draft.pk]

    known = {"task_force_codes": ["prevention", "justice"], "ministry_codes": ["interior", "justice"], "pks": pks}
    operations = [operation for operation in _operations(api_schema) if operation.label != TOKEN_OPERATION]
    assert len(operations) >= 17

    callers = {"anonymous": {}}
    for role, person in people.items():
        _token, key = tokens.token_create(user=person, name=f"schemathesis {role}")
        callers[role] = {"Authorization": f"Token {key}"}
    answered = {}
    for caller, headers in callers.items():
        for operation in operations:
            answered[caller, operation.label] = _run(operation, _strategy(operation, known), headers)
    # The callers were who they claimed, and the WSGI app saw the test's data.
    assert answered["anonymous", "GET /api/v1/drafts/"] <= {401}
    for role in people:
        assert 200 in answered[role, "GET /api/v1/drafts/"], role
    assert 200 in answered["staff", "GET /api/v1/sections/{id}/"]
    assert 200 in answered["liaison", "GET /api/v1/reviews/"]


@pytest.mark.django_db
def test_token_operation_conforms(api_schema, settings):
    """POST auth/token/ with generated credentials, with axes off so that no account gets locked."""
    settings.AXES_ENABLED = False
    Review()
    operation = api_schema.find_operation_by_label(TOKEN_OPERATION)
    _run(operation, operation.as_strategy(), {})
