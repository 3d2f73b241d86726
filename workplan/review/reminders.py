"""Review reminders: reviews due within two days and overdue ones, to the ministry's liaisons and the chief.

Beat runs this every hour (settings.CELERY_BEAT_SCHEDULE, workplan.review.tasks); each reminder
carries the key "reminder:<assignment>:<day>", unique per recipient in the
database, so however often it runs, each person hears of each assignment at
most once a day.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from members import roles
from notifications.models import Notification
from notifications.services import notification_build
from workplan import notices, policies
from workplan.models import Draft, ReviewAssignment

#: A review due within this many days is "due soon".
DUE_SOON_DAYS = 2


def reviews_to_remind(today):
    """Return the live assignments of drafts in review that still wait for a decision and are due by `today` + 2."""
    waiting = Q(decision=ReviewAssignment.Decision.PENDING) | (
        Q(decision=ReviewAssignment.Decision.APPROVE) & ~Q(revision_number=F("section__version"))
    )
    return ReviewAssignment.objects.filter(
        waiting,
        removed_at__isnull=True,
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        section__draft__state=Draft.State.IN_REVIEW,
    ).order_by("due_on", "pk")


def reminder_key(review, today):
    return f"reminder:{review.pk}:{today.isoformat()}"


def queue_reminders(today=None):
    """Write today's reminders that are not written yet; return how many rows were added."""
    today = today or timezone.localdate()
    reviews = list(reviews_to_remind(today).select_related("section"))  # a notification's scope is the draft
    if not reviews:
        return 0
    ministries = {review.ministry_id for review in reviews}
    liaisons = defaultdict(list)
    # A liaison hears of the reviews of the ministries of their seats, in one query.
    seats = roles.seats(roles.LIAISON).filter(ministry__in=ministries, person__in=policies.liaisons_of(ministries))
    for seat in seats.select_related("person"):
        liaisons[seat.ministry_id].append(seat.person)
    chiefs = list(policies.people_with_role(roles.CHIEF))
    keys = {reminder_key(review, today) for review in reviews}
    already = set(Notification.objects.filter(dedupe_key__in=keys).values_list("recipient_id", "dedupe_key"))
    rows = []
    for review in reviews:
        key = reminder_key(review, today)
        kind = notices.OVERDUE if review.due_on < today else notices.REMINDER
        for person in {person.pk: person for person in liaisons[review.ministry_id] + chiefs}.values():
            if (person.pk, key) not in already:
                rows.append(notification_build(person, kind, review=review, dedupe_key=key))
    # Two runs at once: the unique (recipient, dedupe_key) constraint keeps one of each.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
