"""Reads are audited at the boundary (audit.reads): after a successful answer, never on refusal, never by selectors."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from audit.models import AuditEvent
from audit.reads import AuditedReadMixin
from tests.workplan.builders import Review
from workplan import workflow

pytestmark = pytest.mark.django_db


class Reading(AuditedReadMixin, View):
    """A view that reads the user it is given, then answers with the status it is asked for."""

    def get(self, request, status):
        self.audit_read(request.user, "test.read", why="testing")
        return HttpResponse(status=status)


@pytest.mark.parametrize(("status", "audited"), [(200, 1), (302, 1), (400, 0), (403, 0), (404, 0), (500, 0)])
def test_a_read_is_audited_only_once_the_view_has_answered_successfully(django_user_model, status, audited):
    person = django_user_model.objects.create(username="reader")
    request = RequestFactory().get("/")
    request.user = person
    Reading.as_view()(request, status=status)
    events = AuditEvent.objects.filter(action="test.read")
    assert events.count() == audited
    if audited:
        assert events.get().details == {"why": "testing"}
        assert events.get().actor == person


def test_pages_and_api_audit_confidential_reads_once_and_published_ones_never(client):
    review = Review()
    client.force_login(review.chief)
    url, api = f"/workplan/sections/{review.section.pk}/", f"/api/v1/sections/{review.section.pk}/"
    for address in (url, api):
        assert client.get(address).status_code == 200
    reads = AuditEvent.objects.filter(action="section.read", object_id=str(review.section.pk))
    assert reads.count() == 2
    # A person who may not see the section gets 404, and nothing is recorded as read.
    client.force_login(review.other_liaison)
    workflow.submit_for_review(draft=review.draft, actor=review.chief)
    assert client.get(url).status_code == 404
    assert client.get(api).status_code == 404
    assert reads.count() == 2


def test_selectors_only_read():
    """No selector module imports the audit log's writer: reads are audited by the views that answer."""
    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/**/selectors.py"):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("audit"):
                offenders.append(str(path))
    assert offenders == []
