"""Notifications through real Celery workers on a real Redis: end to end, through an outage, and with two relays."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from notifications.tasks import deliver_notifications
from tests.factories import UserFactory
from tests.workplan.builders import Review, form_data
from workplan import notices
from workplan.review import services as reviews

from .services import mailed, sending_to, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def all_delivered():
    return not Notification.objects.filter(delivered_at__isnull=True).exists()


def test_a_change_reaches_its_recipients_by_email_through_a_worker(machine_broker, celery, tmp_path):
    review = Review()
    celery("worker", machine_broker)
    review.submit()
    wait_until(all_delivered, 30, message="notifications delivered by the worker")
    rows = Notification.objects.filter(kind=notices.REVIEW_REQUESTED)
    assert {row.recipient for row in rows} == {review.liaison, review.justice_liaison}
    copies = mailed(tmp_path)
    assert {pk: copies[pk] for pk in rows.values_list("pk", flat=True)} == {row.pk: 1 for row in rows}


def test_redis_down_during_100_saves_loses_and_doubles_nothing(own_redis, celery, tmp_path):
    """Saves go on while Redis is stopped; once it is back, the sweep delivers every row exactly once."""
    broker = own_redis.url()
    celery("worker", broker, SWEEP_SECONDS=2)
    celery("beat", broker, SWEEP_SECONDS=2)
    statuses = []
    with sending_to(broker):
        review = Review()
        review.submit()
        client = Client(raise_request_exception=False)
        client.force_login(review.staff)
        url = reverse("workplan:section-edit", args=[review.section.pk])
        interior = review.section.reviews.get(ministry=review.interior)
        wait_until(all_delivered, 30, message="the first notifications delivered")
        own_redis.stop()
        for number in range(100):
            # The liaison approves, the staff member edits: the approval goes stale and Interior is asked again.
            reviews.review_decide(assignment_id=interior.pk, actor=review.liaison, decision="approve")
            response = client.post(url, form_data(review, body_en=f"<p>Edit number {number}.</p>"))
            statuses.append(response.status_code)
        review.section.refresh_from_db()
        waiting = Notification.objects.filter(delivered_at__isnull=True).count()
        own_redis.start()
        wait_until(all_delivered, 120, interval=1, message="every notification delivered after Redis came back")
    assert statuses == [302] * 100, "every save succeeded, none answered with a server error"
    assert review.section.version >= 100
    assert waiting >= 200, "each save and each approval wrote rows that waited for Redis"
    emailed = set(Notification.objects.filter(outcome=Notification.Outcome.EMAILED).values_list("pk", flat=True))
    copies = mailed(tmp_path)
    assert set(copies) == emailed
    assert set(copies.values()) == {1}, "no notification was e-mailed twice"


def test_two_relays_at_once_deliver_each_notification_once(machine_broker, celery, tmp_path):
    people = [UserFactory(username=f"reader-{n}") for n in range(300)]
    Notification.objects.bulk_create(Notification(recipient=person, kind=notices.REMINDER) for person in people)
    celery("worker", machine_broker, name="relay-a")
    celery("worker", machine_broker, name="relay-b")
    for _ in range(4):
        deliver_notifications.apply_async(retry=False)
    wait_until(all_delivered, 60, message="300 notifications delivered")
    copies = mailed(tmp_path)
    assert len(copies) == 300 and set(copies.values()) == {1}
    logs = (tmp_path / "relay-a.log").read_text() + (tmp_path / "relay-b.log").read_text()
    assert logs.count("deliver_notifications") >= 2
