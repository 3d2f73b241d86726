"""Sessions that end after SESSION_COOKIE_AGE without a request, and after SESSION_ABSOLUTE_AGE whatever happens.

Idle: Django's way to an idle timeout, SESSION_SAVE_EVERY_REQUEST, writes
the session row (a transaction of its own) on every request of a signed-in
person: on the editor it was three of the page's statements. Here the store
remembers when the stored session expires, and the middleware renews it
(the row and the cookie) only once that is more than SESSION_RENEW_AFTER
seconds (60) old: a session still ends within a minute of SESSION_COOKIE_AGE
idle. What a page does on its own, without the person (the editor's presence
heartbeat, an export's progress poll), is marked `background` and renews
nothing: an editor left open is still signed out when its person has gone.

Absolute: a session remembers when its person signed in, and ends
SESSION_ABSOLUTE_AGE (12 hours) later however busy it is, so a stolen or
forgotten session cannot be kept alive for good.
"""

import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import timezone

# The session key holding when its person signed in (seconds since the epoch).
SIGNED_IN_AT = "_portal_signed_in_at"


class SessionStore(db.SessionStore):
    """The database store, knowing when the session it read expires."""

    stored_expiry = None

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        self.stored_expiry = row.expire_date if row is not None else None
        return row

    def renewal_due(self):
        """Whether the stored expiry lags what a request now would give by more than SESSION_RENEW_AFTER seconds."""
        if self.stored_expiry is None or self.get_expire_at_browser_close():
            return False
        renewed = timezone.now() + timedelta(seconds=self.get_expiry_age())
        return renewed - self.stored_expiry > timedelta(seconds=settings.SESSION_RENEW_AFTER)


def background(view):
    """Mark a view as one a page calls on its own (a heartbeat, a poll): its requests never extend the session."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.renews_session = False
        return view(request, *args, **kwargs)

    return wrapped


def remember_sign_in(session):
    """Note in the session when its person signed in: it ends SESSION_ABSOLUTE_AGE later."""
    session[SIGNED_IN_AT] = int(time.time())


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, ending sessions past their absolute age and renewing the others when due."""

    def process_request(self, request):
        super().process_request(request)
        session = request.session
        if not session.session_key:
            return
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is None:
            # Signed in before sessions had an absolute age: it starts now.
            if "_auth_user_id" in session:
                remember_sign_in(session)
        elif time.time() - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
            # The request goes on signed out, as after an idle timeout: pages ask to sign in again.
            session.flush()

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            isinstance(session, SessionStore)
            and session.accessed
            and getattr(request, "renews_session", True)
            and session.renewal_due()
        ):
            session.modified = True
        return super().process_response(request, response)
