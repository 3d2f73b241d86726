"""Exports in the browser: ask for one, follow its progress bar, download it.

Views read through workplan.exports.selectors and workplan.selectors (which ask
workplan.policies), write through workplan.exports.services, and decide
nothing themselves. Files are never served from a public URL: every download
goes through ExportDownloadView and the policy.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.cache import never_cache

from members import sessions
from workplan import policies
from workplan.drafting import selectors
from workplan.exports import selectors as export_selectors
from workplan.exports import services
from workplan.exports.forms import ExportForm
from workplan.models import Export
from workplan.reads import ConfidentialReadMixin


def _file_name(export):
    """Return the download's file name: the plan's years, the draft's number, the language (no free text)."""
    plan = export.draft.plan if export.is_confidential else export.publication.plan
    stem = f"national-work-plan-{plan.first_year}-{plan.last_year}"
    if export.is_confidential:
        stem += f"-draft-{export.draft.number}"
    return f"{stem}-{export.language}.{services.FORMATS[export.format].extension}"


def file_response(export):
    """Return the export's file as an attachment: private and never stored for a draft, cacheable when published."""
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=_file_name(export),
        content_type=services.FORMATS[export.format].content_type,
    )
    if export.is_confidential:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = "public, max-age=3600"
        response["ETag"] = f'"{export.sha256}"'
    return response


class DraftExportView(LoginRequiredMixin, View):
    """The user's exports of a draft (GET), and a new one (POST)."""

    def get_draft(self):
        draft = selectors.draft_get(self.request.user, self.kwargs["pk"])
        if not policies.can_export(self.request.user, draft):
            raise Http404
        return draft

    def get(self, request, pk):
        draft = self.get_draft()
        form = ExportForm(initial={"format": Export.Format.PDF, "language": get_language()})
        exports = export_selectors.draft_export_list(request.user, draft)
        return render(request, "workplan/exports/export_list.html", {"draft": draft, "form": form, "exports": exports})

    def post(self, request, pk):
        draft = self.get_draft()
        form = ExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
            return redirect("workplan:draft-exports", pk=draft.pk)
        try:
            export = services.export_request(
                request.user, draft, form.cleaned_data["format"], form.cleaned_data["language"], request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("workplan:draft-exports", pk=draft.pk)
        return redirect("workplan:export", pk=export.pk)


class ExportMixin:
    """Fetch the export named in the URL: 404 for someone who may not follow it, the sign-in page for a visitor."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.export = export_selectors.export_get(request.user, kwargs["pk"])
        except Http404:
            if not request.user.is_authenticated:
                # An export of a draft may be theirs once signed in; a published plan's export would have been found.
                return redirect_to_login(request.get_full_path())
            raise
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="get")
class ExportStatusView(ExportMixin, View):
    """An export's page: its progress bar while it is built, then the download link (or what went wrong)."""

    def get(self, request, pk):
        return render(request, "workplan/exports/export_status.html", {"export": self.export})


@method_decorator(never_cache, name="get")
@method_decorator(sessions.background, name="get")
class ExportProgressView(ExportMixin, View):
    """The progress bar alone, polled by htmx every second until the export is done or failed (not extending the
    session)."""

    def get(self, request, pk):
        return render(request, "workplan/exports/_export_progress.html", {"export": self.export})


class ExportRetryView(ExportMixin, View):
    """Try a failed export again."""

    def post(self, request, pk):
        try:
            services.export_retry(request.user, self.export, request=request)
        except PermissionDenied:
            raise Http404 from None
        return redirect("workplan:export", pk=self.export.pk)


class ExportDownloadView(ConfidentialReadMixin, ExportMixin, View):
    """The export's file, once built; a confidential one's download is audited."""

    def get(self, request, pk):
        export = self.export
        if export.status != Export.Status.DONE:
            return redirect("workplan:export", pk=export.pk)
        self.audit_read(export, "export.downloaded", draft=export.draft_id, format=export.format, sha256=export.sha256)
        return file_response(export)


class PublicPlanExportView(View):
    """A published plan as a file, for everyone: built once per format and language, then served as stored."""

    def get(self, request, pk, format):
        if format not in Export.Format.values:
            raise Http404
        publication = export_selectors.publication_for_plan(pk)
        language = request.GET.get("language") or get_language()
        if language not in Export.Language.values:
            language = get_language()
        export = services.published_export(publication, format, language)
        if export.status == Export.Status.DONE:
            return file_response(export)
        export.publication = publication
        response = render(request, "workplan/exports/export_status.html", {"export": export})
        add_never_cache_headers(response)
        return response
