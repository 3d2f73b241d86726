"""A few exports in flight per person: more are refused with a message, never queued without end."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from workplan.exports import services
from workplan.models import Export

pytestmark = pytest.mark.django_db


def _ask(plan, user=None):
    """Ask for an export without running the build: it stays pending, as behind a busy worker."""
    return services.export_request(user or plan.staff, plan.draft, "csv", "en")


def test_a_fourth_export_in_flight_is_refused_and_nothing_is_queued(plan, settings):
    assert settings.EXPORTS_PER_PERSON == 3
    for _ in range(3):
        _ask(plan)
    with pytest.raises(ValidationError) as refused:
        _ask(plan)
    assert refused.value.code == "too_many_exports"
    assert Export.objects.filter(requested_by=plan.staff).count() == 3
    assert AuditEvent.objects.filter(action="export.requested").count() == 3


def test_another_person_is_not_held_by_one_persons_exports(plan):
    for _ in range(3):
        _ask(plan)
    assert _ask(plan, plan.chief).requested_by == plan.chief


def test_once_one_is_ready_the_person_may_ask_again(plan):
    first, *_rest = [_ask(plan) for _ in range(3)]
    Export.objects.filter(pk=first.pk).update(status=Export.Status.DONE, progress=100)
    assert _ask(plan).status == Export.Status.PENDING


def test_a_failed_export_retried_counts_too(plan):
    failed = _ask(plan)
    Export.objects.filter(pk=failed.pk).update(status=Export.Status.FAILED)
    for _ in range(3):
        _ask(plan)
    failed.refresh_from_db()
    with pytest.raises(ValidationError):
        services.export_retry(plan.staff, failed)
    failed.refresh_from_db()
    assert failed.status == Export.Status.FAILED


def test_the_export_page_says_why_in_the_persons_language(client, plan):
    for _ in range(3):
        _ask(plan)
    client.force_login(plan.staff)
    url = reverse("workplan:draft-exports", args=[plan.draft.pk])
    response = client.post(url, {"format": "csv", "language": "en"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You already have 3 exports being prepared" in response.content.decode()
    khmer = client.post(url, {"format": "csv", "language": "en"}, follow=True, HTTP_ACCEPT_LANGUAGE="km")
    assert "You already have" not in khmer.content.decode()
    assert Export.objects.filter(requested_by=plan.staff).count() == 3
