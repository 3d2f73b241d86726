"""Sessions that end after SESSION_COOKIE_AGE without a request, renewed at most once a minute.

Django's way to an idle timeout, SESSION_SAVE_EVERY_REQUEST, writes the
session row (a transaction of its own) on every request of a signed-in
person: on the editor it was three of the page's statements. Here the store
remembers when the stored session expires, and the middleware renews it
(the row and the cookie) only once that is more than SESSION_RENEW_AFTER
seconds (60) old: a session still ends within a minute of
SESSION_COOKIE_AGE idle.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import timezone


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


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, renewing a read session when its renewal is due."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore) and session.accessed and session.renewal_due():
            session.modified = True
        return super().process_response(request, response)
