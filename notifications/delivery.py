"""The outbox relay: e-mail each waiting notification once, in its recipient's language.

One row at a time, each in its own transaction: the row is locked with
SKIP LOCKED, so two relays running at once never take the same row, and it
is marked delivered in the transaction that sent it. A failure leaves the row
waiting with a back-off; a crash before the commit leaves it waiting too. The
e-mail carries a Message-ID made from the row, so in the one window no
database can close (the mail server accepted the message, then the relay
died before its commit) the second copy has the same Message-ID and mail
systems treat it as the same message.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import registry
from .models import Notification

logger = logging.getLogger(__name__)

#: Rows delivered by one run of the relay at most; the next run takes the rest.
BATCH = 500
#: The longest wait between two attempts for one row.
MAX_BACKOFF = timedelta(hours=1)


def backoff(attempts):
    """Return the wait before the next attempt: 30 s, 1 min, 2 min, ... up to an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def message_id(notification):
    """Return the Message-ID of the notification's e-mail, the same on every attempt."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification.{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{host}>"


def _subject(notification):
    """Return what the notification is about, fetched for its recipient; None when they may no longer see it.

    Fetched once per delivery (outcome() asks, email_for() reuses it).
    """
    if not hasattr(notification, "_delivered_subject"):
        subject = None
        if notification.subject_type:
            subject = registry.subject_for(notification.recipient, notification)
        notification._delivered_subject = subject
    return notification._delivered_subject


def outcome(notification):
    """Return how the notification should be delivered now (see Notification.Outcome)."""
    person = notification.recipient
    if not person.is_active:
        return Notification.Outcome.INACTIVE
    if notification.subject_type and _subject(notification) is None:
        return Notification.Outcome.NOT_VISIBLE
    if not person.email:
        return Notification.Outcome.NO_ADDRESS
    return Notification.Outcome.EMAILED


def email_for(notification):
    """Build the e-mail in the recipient's language; it names what happened and links to it, nothing more.

    The link and the lines naming the subject come from the app that
    registered it, for the recipient: a section they may no longer read is
    not linked to. The kind names its e-mail's opening sentence and, if it
    wants, its own templates.
    """
    person = notification.recipient
    kind = registry.kind_of_row(notification.kind)
    with translation.override(person.language or settings.LANGUAGE_CODE):
        link, about = registry.describe(person, _subject(notification)) or (
            registry.Link(reverse("notifications"), ""),
            [],
        )
        context = {
            "notification": notification,
            "kind": kind,
            "person": person,
            "about": about,
            "link": settings.SITE_URL + link.url,
            "settings_link": settings.SITE_URL + reverse("notifications"),
        }
        if kind.email_context is not None:
            context |= kind.email_context(notification)
        templates = kind.email_templates
        subject = " ".join(render_to_string(f"{templates}/subject.txt", context).split())
        text = render_to_string(f"{templates}/body.txt", context)
        html = render_to_string(f"{templates}/body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[person.email], headers={"Message-ID": message_id(notification)})
    message.attach_alternative(html, "text/html")
    return message


def _next_waiting(now):
    return (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(delivered_at__isnull=True, next_attempt_at__lte=now)
        .select_related("recipient", "actor")
        .order_by("next_attempt_at", "id")
        .first()
    )


def deliver_one(now=None):
    """Deliver the next waiting notification; return it, or None when nothing waits."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = _next_waiting(now)
        if notification is None:
            return None
        try:
            with transaction.atomic():  # a savepoint: a failed query here leaves the row's lock usable
                result = outcome(notification)
                if result == Notification.Outcome.EMAILED:
                    email_for(notification).send()
                    notification.sent_at = timezone.now()
        except Exception as error:
            # One row that cannot be sent (mail server down, a bad address) must
            # not hold up the others: it waits and is tried again later.
            logger.warning(
                "Notification %s not delivered (attempt %s): %s", notification.pk, notification.attempts + 1, error
            )
            notification.attempts += 1
            notification.next_attempt_at = now + backoff(notification.attempts)
            notification.last_error = f"{type(error).__name__}: {error}"[:500]
            notification.save(update_fields=["attempts", "next_attempt_at", "last_error"])
            return notification
        notification.delivered_at = timezone.now()
        notification.outcome = result
        notification.save(update_fields=["delivered_at", "outcome", "sent_at"])
        return notification


def deliver_waiting(limit=BATCH):
    """Deliver up to `limit` waiting notifications; return how many were delivered."""
    now = timezone.now()
    delivered = 0
    for _ in range(limit):
        notification = deliver_one(now)
        if notification is None:
            break
        delivered += notification.delivered_at is not None
    return delivered


def waiting_count():
    """Return how many notifications wait for delivery (for the health check and operators)."""
    return Notification.objects.filter(delivered_at__isnull=True).count()
