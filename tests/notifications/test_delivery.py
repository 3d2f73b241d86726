"""The outbox relay: each waiting row is e-mailed once, in its recipient's language, or waits and is tried again."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core import queue
from notifications import delivery
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import deliver_notifications
from tests.factories import UserFactory
from tests.integration.services import sending_to
from tests.workplan.builders import Review
from workplan import notices, workflow
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db

Kind, Outcome = notices, Notification.Outcome


@pytest.fixture
def review():
    return Review()


def waiting():
    return Notification.objects.filter(delivered_at__isnull=True)


def test_a_change_writes_rows_in_its_transaction_and_the_relay_runs_after_the_commit(
    review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review.submit()
    rows = Notification.objects.filter(kind=Kind.REVIEW_REQUESTED)
    assert {row.recipient for row in rows} == {review.liaison, review.justice_liaison}
    assert all(row.delivered_at is None for row in rows) and mail.outbox == []
    assert callbacks, "the relay is queued on commit"
    for callback in callbacks:
        callback()
    assert waiting().count() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [review.liaison.email, review.justice_liaison.email]
    )
    assert {row.outcome for row in rows.all()} == {Outcome.EMAILED}
    assert all(row.sent_at for row in rows.all())


def test_nothing_is_queued_when_the_change_rolls_back(review, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        review.submit()
        raise RuntimeError("the change fails after the notification was written")
    assert callbacks == [] and Notification.objects.count() == 0 and mail.outbox == []


def test_each_row_is_delivered_once_however_often_the_relay_runs(review):
    review.submit()
    assert delivery.deliver_waiting() == 2
    assert delivery.deliver_waiting() == 0
    deliver_notifications.apply()
    assert len(mail.outbox) == 2


def test_the_email_is_in_the_recipients_language_and_links_to_what_they_may_see(review, settings):
    settings.SITE_URL = "https://portal.example.gov.kh"
    review.liaison.language = "km"
    review.liaison.save(update_fields=["language"])
    review.justice_liaison.language = "en"
    review.justice_liaison.save(update_fields=["language"])
    review.submit()
    delivery.deliver_waiting()
    by_address = {message.to[0]: message for message in mail.outbox}
    khmer, english = by_address[review.liaison.email], by_address[review.justice_liaison.email]
    with translation.override("km"):
        khmer_kind = str(Kind.REVIEW_REQUESTED.label)
    assert khmer_kind != str(Kind.REVIEW_REQUESTED.label), "the kind has a Khmer translation"
    assert khmer_kind in khmer.subject and khmer_kind in khmer.body
    assert str(Kind.REVIEW_REQUESTED.label) in english.subject
    assert f"https://portal.example.gov.kh/workplan/drafts/{review.draft.pk}/" in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html" and "https://portal.example.gov.kh/" in html
    row = Notification.objects.get(recipient=review.justice_liaison)
    assert english.extra_headers["Message-ID"] == delivery.message_id(row)


def test_a_failed_send_waits_with_back_off_and_is_sent_later(review, monkeypatch):
    review.submit()

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert delivery.deliver_waiting() == 0
    rows = list(waiting())
    assert len(rows) == 2
    assert all(row.attempts == 1 and "mail server down" in row.last_error for row in rows)
    assert all(row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=20) for row in rows)
    monkeypatch.undo()
    assert delivery.deliver_waiting() == 0, "nothing is tried before its time"
    waiting().update(next_attempt_at=timezone.now())
    assert delivery.deliver_waiting() == 2
    assert len(mail.outbox) == 2


def test_back_off_doubles_up_to_an_hour():
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert delivery.backoff(30) == datetime.timedelta(hours=1)


def test_no_email_to_the_deactivated_to_those_without_address_or_who_lost_sight(review):
    review.submit()
    review.liaison.is_active = False
    review.liaison.save(update_fields=["is_active"])
    review.justice_liaison.email = ""
    review.justice_liaison.save(update_fields=["email"])
    outsider = UserFactory(username="no-sight")
    notify([outsider], Kind.DRAFT_SHARED, draft=review.draft)  # a share since revoked: no grant exists
    assert delivery.deliver_waiting() == 3
    assert mail.outbox == []
    outcomes = dict(Notification.objects.values_list("recipient__username", "outcome"))
    assert outcomes == {
        review.liaison.username: Outcome.INACTIVE,
        review.justice_liaison.username: Outcome.NO_ADDRESS,
        "no-sight": Outcome.NOT_VISIBLE,
    }


def test_every_kind_of_event_reaches_someone(review):
    """Requested, changes asked, comment, approved, returned, submitted, approved by the chair, decided."""
    review.submit()
    assignment = review.section.reviews.get(ministry=review.interior)
    reviews.review_decide(
        assignment_id=assignment.pk, actor=review.liaison, decision="request_changes", remarks="Name the budget."
    )
    thread = reviews.comment_create(section=review.section, actor=review.liaison, body="Which budget line?")
    reviews.comment_resolve(thread=thread, actor=review.staff)
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_return(draft=review.draft, actor=review.chair, remarks="Not yet.")
    workflow.submit_for_review(draft=review.draft, actor=review.chief)
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=datetime.date(2010, 3, 1), decision_reference="1 SSR"
    )
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {
        Kind.REVIEW_REQUESTED,
        Kind.CHANGES_REQUESTED,
        Kind.COMMENT,
        Kind.SECTION_APPROVED,
        Kind.DRAFT_RETURNED,
        Kind.SUBMITTED_TO_CHAIR,
        Kind.CHAIR_APPROVED,
        Kind.DECISION_RECORDED,
    } <= kinds
    delivered = delivery.deliver_waiting()
    assert delivered == Notification.objects.count() and waiting().count() == 0
    assert len(mail.outbox) == Notification.objects.filter(outcome=Outcome.EMAILED).count() > 8


def test_the_relay_costs_the_same_queries_per_row(review):
    people = [UserFactory(username=f"reader-{n}") for n in range(12)]

    def cost(count):
        notify(people[:count], Kind.DRAFT_SHARED, draft=review.draft)
        with CaptureQueriesContext(connection) as queries:
            assert delivery.deliver_waiting() == count
        return len(queries)

    two, four, ten = cost(2), cost(4), cost(10)
    per_row = (four - two) / 2
    assert ten - four == 6 * per_row, "every row costs the same"
    assert per_row <= 10


def test_the_broker_down_does_not_fail_the_caller_and_pauses_sending():
    """A real connection to a closed port: the send fails fast, the caller goes on, and sends pause."""
    with sending_to("redis://127.0.0.1:9/0"):
        started = timezone.now()
        assert queue.enqueue(deliver_notifications) is None
        assert queue.broker_paused()
        assert queue.enqueue(deliver_notifications) is None  # skipped at once while paused
        assert (timezone.now() - started).total_seconds() < 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_never_take_the_same_row():
    """Relay A holds a row inside its transaction; relay B, meanwhile, skips it and delivers the others."""
    people = [UserFactory(username=f"twin-{n}") for n in range(6)]
    Notification.objects.bulk_create(Notification(recipient=person, kind=Kind.REMINDER) for person in people)
    first = Notification.objects.order_by("next_attempt_at", "id").first()
    held, release = threading.Event(), threading.Event()
    results = {}

    def relay_a():
        try:
            with transaction.atomic():
                row = delivery._next_waiting(timezone.now())
                results["a"] = row.pk
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=relay_a)
    thread.start()
    assert held.wait(10)
    try:
        delivered = delivery.deliver_waiting()
    finally:
        release.set()
        thread.join()
    assert results["a"] == first.pk
    assert delivered == 5
    assert Notification.objects.get(pk=first.pk).delivered_at is None
    assert delivery.deliver_waiting() == 1
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
