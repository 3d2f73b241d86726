"""Review reminders: due within two days, or overdue; once per assignment, person and day, however often beat runs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification
from tests.workplan.builders import Review
from workplan import notices
from workplan.review import reminders
from workplan.review import services as reviews
from workplan.review.tasks import send_review_reminders

pytestmark = pytest.mark.django_db

Kind = notices
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def review():
    review = Review()
    review.submit()
    return review


def due(review, ministry, on):
    review.section.reviews.filter(ministry=ministry).update(due_on=on)


def reminded(kind=None):
    rows = Notification.objects.filter(kind__in=[kind] if kind else [Kind.REMINDER, Kind.OVERDUE])
    return sorted(rows.values_list("recipient__username", "kind", "dedupe_key"))


def test_due_in_two_days_reminds_the_liaison_and_the_chief_once_a_day(review):
    due(review, review.interior, TODAY + datetime.timedelta(days=2))
    due(review, review.justice, TODAY + datetime.timedelta(days=3))
    assert reminders.queue_reminders(TODAY) == 2
    assignment = review.section.reviews.get(ministry=review.interior)
    key = f"reminder:{assignment.pk}:{TODAY.isoformat()}"
    assert reminded() == [(review.chief.username, Kind.REMINDER, key), (review.liaison.username, Kind.REMINDER, key)]
    # Beat ran twice the same day (or two beats ran): nothing more.
    assert reminders.queue_reminders(TODAY) == 0
    assert len(reminded()) == 2
    # The next day, once more; and Justice's review is now due in two days too.
    assert reminders.queue_reminders(TODAY + datetime.timedelta(days=1)) == 4
    assert len(reminded()) == 6


def test_overdue_reviews_are_reminded_as_overdue(review):
    due(review, review.interior, TODAY - datetime.timedelta(days=1))
    due(review, review.justice, TODAY - datetime.timedelta(days=5))
    reminders.queue_reminders(TODAY)
    assert {kind for _, kind, _ in reminded()} == {Kind.OVERDUE}
    people = {person for person, _, _ in reminded()}
    assert people == {review.liaison.username, review.justice_liaison.username, review.chief.username}
    assert len(reminded()) == 4, "the chief hears once per assignment"


def test_decided_removed_and_undated_reviews_and_drafts_out_of_review_are_not_reminded(review):
    due(review, review.interior, TODAY)
    due(review, review.justice, TODAY)
    interior = review.section.reviews.get(ministry=review.interior)
    reviews.review_decide(assignment_id=interior.pk, actor=review.liaison, decision="approve")
    reviews.review_remove(assignment_id=review.section.reviews.get(ministry=review.justice).pk, actor=review.chief)
    assert reminders.queue_reminders(TODAY) == 0
    # An approval made stale by an edit waits again, so it is reminded again.
    review.save(body_en="<p>Changed after approval.</p>")
    assert reminders.queue_reminders(TODAY) == 2
    Notification.objects.filter(kind=Kind.REMINDER).delete()
    review.section.reviews.update(due_on=None)
    assert reminders.queue_reminders(TODAY) == 0


def test_reminders_of_a_draft_no_longer_in_review_stop(review):
    due(review, review.interior, TODAY)
    review.draft.state = "drafting"
    review.draft.save(update_fields=["state"])
    assert reminders.queue_reminders(TODAY) == 0


def test_the_beat_task_queues_and_delivers_in_the_recipients_language(review, settings):
    due(review, review.interior, timezone.localdate())
    review.liaison.language = "en"
    review.liaison.save(update_fields=["language"])
    mail.outbox.clear()
    Notification.objects.update(delivered_at=timezone.now(), outcome="emailed")
    assert send_review_reminders.apply().get() == 2
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "A review is due soon" in subjects[review.liaison.email]
    assert "Interior" in next(m.body for m in mail.outbox if m.to == [review.liaison.email])
    assert delivery.deliver_waiting() == 0


def test_reminders_cost_the_same_queries_for_one_or_many_reviews(review, django_assert_num_queries):
    due(review, review.interior, TODAY)
    due(review, review.justice, TODAY)
    with django_assert_num_queries(5):
        assert reminders.queue_reminders(TODAY) == 4


def test_beat_names_the_reminder_task_and_every_other_by_a_registered_name(settings):
    from config.celery import app

    app.loader.import_default_modules()  # what a worker and beat do at start: import every app's tasks
    assert settings.CELERY_BEAT_SCHEDULE["review-reminders"]["task"] == send_review_reminders.name
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)
