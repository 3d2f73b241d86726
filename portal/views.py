"""Portal-wide pages: home, the per-role dashboard, the health check, error pages."""

import redis
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from commission import selectors as commission_selectors
from core.api import body_refusal
from members import roles
from notifications.selectors import outbox_backlog

from . import api_reference


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = commission_selectors.commission_summary()
        return context


class ApiReferenceView(TemplateView):
    """The API's reference, drawn from its OpenAPI schema (portal/api_reference.py); GET and HEAD only.

    OPTIONS has nothing to describe here: it is refused (405) like any method the page does not take.
    """

    template_name = "portal/api_reference.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(ref=api_reference.reference(), **kwargs)


class DashboardView(LoginRequiredMixin, TemplateView):
    """The signed-in user's starting page: one panel per role they hold."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from workplan import selectors as workplan_selectors

        held = roles.roles_of(self.request.user)
        context["roles"] = [(name, roles.LABELS[name]) for name in roles.ALL if name in held]
        context["work"] = workplan_selectors.my_work(self.request.user)
        return context


# The longest the health check waits on the database: a database that cannot answer a trivial query in this
# time (locked, overloaded) is reported down rather than holding the check, and its web worker, with it.
HEALTH_DATABASE_MS = 2000


def _database_state():
    """Return ("ok", the outbox's backlog) or ("down", None), waiting at most HEALTH_DATABASE_MS on PostgreSQL."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = %s", [HEALTH_DATABASE_MS])
            cursor.execute("SELECT 1")
            cursor.fetchone()
            backlog = outbox_backlog()
    except DatabaseError:
        return "down", None
    return "ok", backlog


def _broker_state():
    url = settings.CELERY_BROKER_URL
    if not url:
        return "inline"
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"


@never_cache
def healthz(request):
    """Report the database, the broker and the outbox; 503 when the database is down.

    A broker outage does not fail the check: requests still succeed and the
    outbox waits for the broker to come back. The outbox's backlog (how many
    notifications wait, and for how long the oldest has) tells an operator
    whether workers and beat keep up.
    """
    database, backlog = _database_state()
    state = {"database": database, "broker": _broker_state()}
    if database == "ok":
        state["outbox"] = backlog
    return JsonResponse(state, status=200 if database == "ok" else 503)


def _is_api(request):
    return request.path.startswith("/api/")


def _api_problem(status_code, title, detail):
    body = {"type": "about:blank", "title": title, "status": status_code, "detail": detail}
    return JsonResponse(body, status=status_code, content_type="application/problem+json")


def bad_request(request, exception=None):
    """Answer 400 as problem details under /api/ (413 for a body too large to read), as Django's page elsewhere.

    Django answers here what it refuses outside a view's own error handling: a request for a host it does
    not serve, a body too large read outside the API's views (inside them, core.api answers).
    """
    if _is_api(request):
        if (refusal := body_refusal(exception)) is not None:
            return _api_problem(413, _("Too large"), refusal)
        return _api_problem(400, _("The request is not valid"), _("This request cannot be answered as it was sent."))
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    """Answer 404 as problem details under /api/, as a page elsewhere."""
    if _is_api(request):
        return _api_problem(404, _("Not found"), _("There is nothing at this address."))
    return render(request, "404.html", status=404)


def server_error(request):
    """Answer 500 as problem details under /api/, as a page elsewhere."""
    if _is_api(request):
        return _api_problem(500, _("Server error"), _("Something went wrong on our side. Try again later."))
    return render(request, "500.html", status=500)


def locked_out(request, original_response=None, credentials=None):
    """Answer a sign-in on a locked account: problem details under /api/, the lockout page elsewhere."""
    if _is_api(request):
        return _api_problem(
            429,
            _("Too many requests"),
            _("Too many wrong passwords for this account: it is locked for fifteen minutes."),
        )
    return render(request, "registration/locked_out.html", status=429)
