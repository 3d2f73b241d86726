"""The audit page: auditors read the log, newest first; every look at it is itself recorded."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.http import urlencode
from django.views.generic import TemplateView

from . import policies, services
from .forms import EventFilterForm
from .models import AuditChainHead, AuditEvent

PAGE_SIZE = 50
# A filtered count stops here: counting every match of a broad filter over millions of events is slow.
COUNT_LIMIT = 10_000


def details_text(details):
    """Return an event's details as `key=value; …`, nested values as compact JSON."""
    if not isinstance(details, dict):
        return json.dumps(details, ensure_ascii=False)
    return "; ".join(
        f"{key}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)}"
        for key, value in sorted(details.items())
    )


def _cursor(value):
    """Return a page cursor (an event id) from the query string, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class EventListView(LoginRequiredMixin, TemplateView):
    """List audit events, newest first, 50 at a time, filtered by the GET form.

    Pages are cut by event id (keyset), so a page costs the same at the
    first event as at the millionth, and the total comes from the chain head
    when no filter is set. Anyone signed in but not allowed gets the 404 of a
    page that does not exist; the attempt is recorded as denied.
    """

    template_name = "audit/event_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policies.can_read_log(request.user):
            services.record(action="audit.read", outcome=AuditEvent.Outcome.DENIED, request=request)
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = EventFilterForm(self.request.GET or None)
        filters = form.used()
        before, after = _cursor(self.request.GET.get("before")), _cursor(self.request.GET.get("after"))
        cursors = {name: value for name, value in (("before", before), ("after", after)) if value is not None}
        services.record(action="audit.read", request=self.request, details={"filters": filters, **cursors})
        events, newer, older = self._page(form.apply(AuditEvent.objects.all()), before, after)
        for event in events:
            event.details_text = details_text(event.details)
        return super().get_context_data(
            form=form,
            events=events,
            total=self._count(form, filters),
            count_limit=COUNT_LIMIT,
            filtered=bool(filters),
            newer_url=self._url(filters, after=newer) if newer else None,
            older_url=self._url(filters, before=older) if older else None,
            **kwargs,
        )

    @staticmethod
    def _page(queryset, before, after):
        """Return the page's events (newest first) and the cursors of the newer and older pages, if any."""
        if after is not None:
            events = list(queryset.filter(id__gt=after).order_by("id")[: PAGE_SIZE + 1])
            more = len(events) > PAGE_SIZE
            events = events[:PAGE_SIZE][::-1]
            if not events:
                return events, None, None
            return events, events[0].pk if more else None, events[-1].pk
        if before is not None:
            queryset = queryset.filter(id__lt=before)
        events = list(queryset.order_by("-id")[: PAGE_SIZE + 1])
        more = len(events) > PAGE_SIZE
        events = events[:PAGE_SIZE]
        if not events:
            return events, None, None
        return events, events[0].pk if before is not None else None, events[-1].pk if more else None

    @staticmethod
    def _count(form, filters):
        """Return the number of matching events: the head's count unfiltered, a capped count otherwise."""
        if not filters:
            return AuditChainHead.objects.values_list("count", flat=True).first() or 0
        return form.apply(AuditEvent.objects.all())[: COUNT_LIMIT + 1].count()

    @staticmethod
    def _url(filters, **cursor):
        return "?" + urlencode({**filters, **cursor})
