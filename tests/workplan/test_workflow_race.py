"""Fifty people press the same button: the draft moves once, with one audit event and one set of notifications."""

import threading

import pytest
from django.db import connection

from audit.models import AuditEvent
from notifications.models import Notification
from tests.workplan.builders import Review
from workplan import workflow
from workplan.models import Draft, DraftTransition, ReviewAssignment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_concurrent_submissions_move_the_draft_once():
    review = Review()
    barrier = threading.Barrier(50, timeout=30)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            workflow.submit_for_review(draft=review.draft, actor=review.chief)
            outcomes.append("moved")
        except workflow.WorkflowConflict:
            outcomes.append("conflict")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(set(outcomes)) == ["conflict", "moved"], outcomes
    assert outcomes.count("moved") == 1
    assert Draft.objects.get(pk=review.draft.pk).state == "in_review"
    assert DraftTransition.objects.filter(draft=review.draft).count() == 1
    assert AuditEvent.objects.filter(action="workflow.submit_for_review").count() == 1
    assigned = ReviewAssignment.objects.filter(section__draft=review.draft).count()
    assert assigned == 4  # the section to Interior and Justice; the front matter and the empty section to Interior
    assert Notification.objects.filter(kind="review_requested").count() == 2  # one per liaison
