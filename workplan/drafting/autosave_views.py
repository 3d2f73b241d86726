"""The section editor's autosave: keep what is typed as the person's working copy, or drop it.

The editor's script posts the whole form here every few seconds while
someone types and when the page is hidden (sendBeacon posts the same form,
with its CSRF token in the body); it answers in JSON. The banner's "Discard"
is a plain form, so that it works without JavaScript. Who may do what is
asked of workplan.policies; the writes are workplan.drafting.autosave's.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views import View

from workplan import policies
from workplan.drafting import autosave, selectors
from workplan.drafting.views import SectionMixin


def _index(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def editor_content(data):
    """Return (base version, content) from the section editor's posted form; the version is None if missing."""
    version = _index(data.get("version"), None)
    # The editor's form holds the texts only: the rows are saved one at a time, never kept half typed.
    content = {key: data[key] for key in ("title_en", "title_km", "body_en", "body_km") if key in data}
    return version, content


def kept_at(copy):
    """Return when a working copy was kept, as the person reads a time."""
    return date_format(localtime(copy.updated_at), "DATETIME_FORMAT")


class SectionAutosaveView(SectionMixin, View):
    """POST: keep the editor's form as the user's working copy (JSON answer). DELETE: drop it (204)."""

    def post(self, request, pk):
        section = selectors.section_head(request.user, pk)
        if not policies.can_keep_working_copy(request.user, section):
            raise PermissionDenied(_("You cannot edit this section now."))
        version, content = editor_content(request.POST)
        if version is None:
            return JsonResponse({"detail": _("The form is missing the version you started from.")}, status=400)
        try:
            copy = autosave.working_copy_save(
                section_id=section.pk, actor=request.user, base_version=version, content=content
            )
        except ValidationError as error:
            status = 413 if error.code == autosave.TOO_LARGE else 400
            return JsonResponse({"detail": " ".join(error.messages)}, status=status)
        return JsonResponse(
            {
                "kept_at": copy.updated_at.isoformat(),
                # In whole seconds, as the editor page gives the time of the copy it offers (data-autosave-server).
                "kept_at_stamp": int(copy.updated_at.timestamp()),
                "kept_at_text": kept_at(copy),
                "base_version": copy.base_version,
            }
        )

    def delete(self, request, pk):
        section = selectors.section_head(request.user, pk)
        autosave.working_copy_discard(section_id=section.pk, actor=request.user)
        return HttpResponse(status=204)


class SectionAutosaveDiscardView(SectionMixin, View):
    """Drop the user's working copy from the editor's banner (a plain form), and go back to the editor."""

    def post(self, request, pk):
        section = selectors.section_head(request.user, pk)
        if autosave.working_copy_discard(section_id=section.pk, actor=request.user):
            messages.success(request, _("The text that was not saved has been discarded."))
        if policies.can_edit_section(request.user, section):
            return redirect("workplan:section-edit", pk=section.pk)
        return redirect("workplan:section", pk=section.pk)
