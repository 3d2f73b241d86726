"""The audit page and its CSV export: auditors read the log in words; every look at it is itself recorded."""

import csv
import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from core.spreadsheet import csv_cell

from . import policies, sentences, services
from .forms import EventFilterForm
from .models import AuditChainHead, AuditEvent

PAGE_SIZE = 50
# A filtered count stops here: counting every match of a broad filter over millions of events is slow.
COUNT_LIMIT = 10_000
# The export reads and writes this many events at a time: its memory stays the same however long the log.
EXPORT_BATCH = 500

# The export's columns: a stable key (the order is part of the format: new columns go last) and a heading in
# the reader's language. The values are for programs (codes, ISO 8601 times in UTC, JSON), but for the person's
# name and the sentence.
EXPORT_COLUMNS = (
    ("id", _("Event")),
    ("time", _("When (UTC, ISO 8601)")),
    ("username", _("Username")),
    ("person", _("Person")),
    ("action", _("Action (code)")),
    ("sentence", _("What happened")),
    ("object_type", _("Object type")),
    ("object_id", _("Object id")),
    ("outcome", _("Outcome (code)")),
    ("address", _("Address")),
    ("details", _("Details (JSON)")),
    ("hash", _("Hash")),
)


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


def _filter_form(request):
    """Return the filter form of the request, and whether its filters can be applied (no filter is valid)."""
    form = EventFilterForm(request.GET or None)
    return form, not form.is_bound or form.is_valid()


def _filtered(form):
    """Return the events the form's (valid) filters select."""
    events = AuditEvent.objects.all()
    return form.apply(events) if form.is_bound else events


class LogReaderMixin(LoginRequiredMixin):
    """Open the view to the log's readers only (audit.policies): for anyone else signed in it does not exist.

    The refused attempt is recorded as denied, under the view's `audit_action`.
    """

    audit_action = "audit.read"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policies.can_read_log(request.user):
            services.record(action=self.audit_action, outcome=AuditEvent.Outcome.DENIED, request=request)
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EventListView(LogReaderMixin, TemplateView):
    """List audit events in words, newest first, 50 at a time, filtered by the GET form.

    Pages are cut by event id (keyset), so a page costs the same at the
    first event as at the millionth, and the total comes from the chain head
    when no filter is set. Naming the events' people and objects costs one
    query per kind of name (audit.sentences), whatever the page holds.
    Filters that cannot be read are explained, with no events (400).
    """

    template_name = "audit/event_list.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if context["valid"] else 400)

    def get_context_data(self, **kwargs):
        form, valid = _filter_form(self.request)
        filters = form.used()
        before, after = _cursor(self.request.GET.get("before")), _cursor(self.request.GET.get("after"))
        cursors = {name: value for name, value in (("before", before), ("after", after)) if value is not None}
        services.record(action="audit.read", request=self.request, details={"filters": filters, **cursors})
        events, newer, older = self._page(_filtered(form), before, after) if valid else ([], None, None)
        sentences.describe(events)
        for event in events:
            event.details_text = details_text(event.details)
        return super().get_context_data(
            form=form,
            valid=valid,
            events=events,
            total=self._count(form, filters) if valid else 0,
            count_limit=COUNT_LIMIT,
            filtered=bool(filters),
            export_url=reverse("audit:export") + (f"?{urlencode(filters)}" if filters else ""),
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
        return _filtered(form)[: COUNT_LIMIT + 1].count()

    @staticmethod
    def _url(filters, **cursor):
        return "?" + urlencode({**filters, **cursor})


class _Line:
    """A file that hands back what the csv module writes to it: one line at a time, nothing kept."""

    def write(self, text):
        return text


class EventExportView(LogReaderMixin, View):
    """Send the events the page's filters select as CSV, oldest first, streamed in batches.

    The export is recorded (`audit.export`, with its filters) before the
    first byte, and holds the events that were in the log then: those the
    export itself and later requests add are left out. Filters that cannot be
    read send the reader back to the page, which explains them.
    """

    audit_action = "audit.export"

    def get(self, request):
        form, valid = _filter_form(request)
        if not valid:
            return redirect(reverse("audit:events") + "?" + request.GET.urlencode())
        event = services.record(action="audit.export", request=request, details={"filters": form.used()})
        events = _filtered(form).filter(id__lt=event.pk)
        response = StreamingHttpResponse(
            _export_lines(events, translation.get_language()), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime(event.created_at).strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        patch_cache_control(response, private=True, no_store=True)
        return response


def _export_lines(events, language):
    """Yield the CSV as UTF-8: a byte order mark (spreadsheets then read the Khmer right), the headings, then the
    events in batches of EXPORT_BATCH, each named in one round of queries (audit.sentences.describe)."""
    writer = csv.writer(_Line())
    # The reader's language is set around each batch, not across a yield: the server may run other code between.
    with translation.override(language):
        headings = [csv_cell(str(heading)) for _key, heading in EXPORT_COLUMNS]
    yield ("\ufeff" + writer.writerow(headings)).encode()
    last = 0
    while True:
        batch = list(events.filter(id__gt=last).order_by("id")[:EXPORT_BATCH])
        if not batch:
            return
        last = batch[-1].pk
        with translation.override(language):
            sentences.describe(batch)
            text = "".join(writer.writerow([csv_cell(value) for value in _export_row(event)]) for event in batch)
        yield text.encode()


def _export_row(event):
    return (
        event.pk,
        services.canonical_time(event.created_at),
        event.actor_label,
        event.actor_name if event.actor_id is not None else "",
        event.action,
        event.sentence,
        event.object_type,
        event.object_id,
        event.outcome,
        event.address or "",
        json.dumps(event.details, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        event.hash,
    )
