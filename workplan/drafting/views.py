"""Pages for drafting the plan: plans, drafts, the section editor, history and redlines.

Views read through workplan.selectors (which ask workplan.policies), write
through workplan.services, and decide nothing themselves.
"""

import hashlib
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView
from js_asset import Media

from members import second_factor, sessions
from workplan import policies, workflow
from workplan.drafting import autosave, bounded, conflicts, forms, merge, redline, rows, selectors, services
from workplan.models import content_of
from workplan.reads import ConfidentialReadMixin
from workplan.review import selectors as review_selectors
from workplan.review import services as reviews


class WorkplanHomeView(LoginRequiredMixin, TemplateView):
    """The plans and drafts the user may see."""

    template_name = "workplan/drafting/home.html"

    def get_context_data(self, **kwargs):
        plans = selectors.plan_list(self.request.user, newest=selectors.NEWEST_DRAFTS)
        return super().get_context_data(plans=plans, newest=selectors.NEWEST_DRAFTS, **kwargs)


class PlanDetailView(LoginRequiredMixin, TemplateView):
    """A plan and its drafts; the chief opens the next draft here."""

    template_name = "workplan/drafting/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = selectors.plan_get(self.request.user, self.kwargs["pk"])
        return super().get_context_data(plan=plan, can_open=policies.can_open_draft(self.request.user, plan), **kwargs)


class DraftOpenView(LoginRequiredMixin, View):
    """Open the next draft of a plan (the chief)."""

    def post(self, request, pk):
        plan = selectors.plan_get(request.user, pk)
        try:
            draft = services.draft_open(plan=plan, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("workplan:plan", pk=plan.pk)
        messages.success(request, _("Draft %(number)s is open.") % {"number": draft.number})
        return redirect("workplan:draft", pk=draft.pk)


class DraftDetailView(LoginRequiredMixin, ConfidentialReadMixin, TemplateView):
    """A draft's table of contents: each section's state, last editor and who is editing now."""

    template_name = "workplan/drafting/draft_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        draft = selectors.draft_get(user, self.kwargs["pk"])
        self.audit_read(draft, "draft.read")
        sections = list(selectors.draft_sections(draft))
        reviews = review_selectors.draft_reviews(draft)
        for section in sections:
            section.draft = draft
            section.editing_now = [p.user for p in section.recent_presences if p.user_id != user.pk]
            section.live_reviews = reviews.get(section.pk, [])
            for review in section.live_reviews:
                review.section = section
        whole = policies.can_see_whole_draft(user, draft)
        readable = (
            {s.pk for s in sections}
            if whole
            else set(policies.visible_sections(user, draft.sections.all()).values_list("pk", flat=True))
        )
        manage = policies.can_manage(user, "share_draft", draft)
        return super().get_context_data(
            draft=draft,
            sections=sections,
            readable=readable,
            editable=policies.editable_section_ids(user, sections),
            actions=workflow.steps_for(user, draft),
            transitions=draft.transitions.select_related("actor"),
            shares=review_selectors.draft_shares(draft) if manage else [],
            can_share=manage,
            share_asks_code=manage and second_factor.step_up_needed(self.request),
            share_username=self.request.GET.get("share", "")[:150] if manage else "",
            decision=getattr(draft, "council_decision", None) if whole else None,
            **kwargs,
        )


class SectionMixin(LoginRequiredMixin, ConfidentialReadMixin):
    """Fetch the section named in the URL, or answer 404 when the user may not see it."""

    def get_section(self):
        return selectors.section_get(self.request.user, self.kwargs["pk"])


class SectionDetailView(SectionMixin, TemplateView):
    """A section as it stands: its text and its plan rows."""

    template_name = "workplan/drafting/section_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        section = self.get_section()
        self.audit_read(section, "section.read")
        live_reviews = review_selectors.section_reviews(section)
        threads = review_selectors.section_threads(section)
        resolvable = policies.resolvable_threads(user, section, threads)
        for thread in threads:
            thread.quote_found = reviews.quote_found(thread, section)
            thread.can_resolve = thread.pk in resolvable
        can_assign = policies.can_manage(user, "assign_reviewers", section.draft)
        return super().get_context_data(
            section=section,
            can_edit=policies.can_edit_section(user, section),
            reviews=live_reviews,
            my_reviews=[review for review in live_reviews if policies.can_review(user, review)],
            threads=threads,
            can_comment=policies.can_comment(user, section),
            can_assign=can_assign,
            ministries=selectors.ministry_list() if can_assign else [],
            **kwargs,
        )


# The rich-text editor (Tiptap, inside django-prose-editor) adds one <style>
# element with its base rules. The page allows exactly that element by its
# hash, not inline styles in general; the browser tests fail on any CSP
# violation, so a new editor version that changes the rules is noticed.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
EDITOR_CSP = {
    **settings.SECURE_CSP,
    "style-src": [*settings.SECURE_CSP.get("style-src", ["'self'"]), EDITOR_STYLE_HASH],
}


@method_decorator(csp_override(EDITOR_CSP), name="dispatch")
class SectionEditView(SectionMixin, View):
    """The section editor: its texts, saved with optimistic concurrency, and its rows, each opened on its own.

    The form holds the titles and texts only; objectives and activities are
    shown as the plan's table and saved one at a time (drafting.row_views).
    """

    template_name = "workplan/drafting/section_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.section = selectors.section_head(request.user, kwargs["pk"])
        if not policies.can_edit_section(request.user, self.section):
            raise PermissionDenied(_("You cannot edit this section now."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        self.audit_read(self.section, "section.read")
        services.presence_touch(section=self.section, actor=request.user)
        section = self.section
        # Text the user typed here and did not save is offered back, or shown in the form when they ask for it.
        copy = autosave.working_copy_for(section, request.user)
        restore = copy is not None and request.GET.get("restore") == "working-copy"
        initial = {**content_of(section, rows=[]), "version": section.version}
        if restore:
            # From the version it started from, so that a save after someone else's goes through the merge.
            texts = {key: copy.content[key] for key in TEXTS if key in copy.content}
            initial |= {**texts, "version": copy.base_version}
        return self.render(forms.SectionForm(initial=initial), working_copy=copy, restored=restore)

    def post(self, request, pk):
        form = forms.SectionForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        # The choices made on the conflict screen: choice-<conflict key> = mine | theirs.
        choices = {
            name.removeprefix("choice-"): value
            for name, value in request.POST.items()
            if name.startswith("choice-") and value in (merge.MINE, merge.THEIRS)
        }
        try:
            result = services.section_save(
                section_id=self.section.pk,
                actor=request.user,
                base_version=form.cleaned_data["version"],
                # The texts only: the rows are saved one at a time, and stay as they are.
                content={key: form.cleaned_data[key] for key in TEXTS},
                summary=form.cleaned_data["summary"],
                choices=choices,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, status=400)
        except services.SectionConflict as conflict:
            return self.conflict(conflict, chose_some=bool(choices))
        if result.merged_with:
            messages.success(
                request,
                _(
                    "Saved as version %(version)s, merged with version %(theirs)s saved meanwhile: "
                    "their changes are kept with yours."
                )
                % {"version": result.section.version, "theirs": result.merged_with},
            )
        elif result.changed:
            messages.success(request, _("Saved as version %(version)s.") % {"version": result.section.version})
        else:
            messages.info(request, _("Nothing had changed, so no new version was made."))
        # Back to the editor: the person goes on with the rows, or closes it.
        return redirect("workplan:section-edit", pk=self.section.pk)

    def conflict(self, conflict, chose_some=False):
        """Show each conflict, their change beside the user's, and an editor still holding the user's text.

        The form keeps the version the user started from: the next save is
        merged again against it, so what the others changed elsewhere is kept.
        """
        copy = conflict.copy
        yours = copy.content
        form = forms.SectionForm(initial={**yours, "version": copy.base_version, "summary": copy.summary})
        revisions = selectors.conflict_authors(self.section, copy.base_version, conflict.conflicts)
        shown = conflicts.shown(conflict.conflicts, revisions, selectors.organization_names())
        self.section.refresh_from_db()
        return self.render(form, status=409, conflict=copy, conflicts=shown, chose_some=chose_some)

    def render(self, form, status=200, **extra):
        media = Media.from_media(form.media, nonce=get_nonce(self.request))
        section = self.section
        context = {
            "section": section,
            # The rows are read only to show them, and only when their markup is not in the cache.
            "rows_section": SimpleLazyObject(lambda: selectors.with_rows(section)),
            "rows_cache": self.rows_cache(),
            "form": form,
            "media": media,
            "can_edit": True,
            "others": selectors.others_editing(section, self.request.user),
            "threads": _open_threads(section),
            "editor_labels": json.dumps(forms.editor_labels(), ensure_ascii=False),
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)

    def rows_cache(self):
        """Return what the markup of the rows depends on: the section's version, the language and the organisations.

        The rows area holds nothing of the person (no token, no name): every
        editor of a version, in one language, sees the same markup. The time of
        the last save is in the key too, so that a database restored or built
        again, whose sections reuse ids and versions, never meets the markup of
        another section; organisations are renamed without a new version.
        """
        section = self.section
        names = json.dumps(selectors.organization_names(), ensure_ascii=False, sort_keys=True)
        return {
            "section": f"{section.pk}.{section.version}.{section.updated_at.isoformat()}",
            "language": get_language(),
            "organisations": hashlib.sha256(names.encode()).hexdigest(),
        }


# What the section editor's form saves: the titles and the texts.
TEXTS = ("title_en", "title_km", "body_en", "body_km")


def _open_threads(section):
    """Return the section's unresolved threads, each saying whether its quote is still in the text."""
    threads = [thread for thread in review_selectors.section_threads(section) if not thread.is_resolved]
    for thread in threads:
        thread.quote_found = reviews.quote_found(thread, section)
    return threads


class SectionHistoryView(SectionMixin, TemplateView):
    """The section's revisions: who, when, what; pick two to compare."""

    template_name = "workplan/drafting/section_history.html"

    def get_context_data(self, **kwargs):
        section = self.get_section()
        self.audit_read(section, "section.history")
        return super().get_context_data(
            section=section,
            revisions=selectors.revision_list(section),
            drafts=selectors.draft_choices(self.request.user, section.draft.plan).exclude(pk=section.draft_id),
            can_edit=policies.can_edit_section(self.request.user, section),
            **kwargs,
        )


class SectionCompareView(SectionMixin, TemplateView):
    """A redline between two revisions of a section, or between the section in two drafts."""

    template_name = "workplan/drafting/section_compare.html"

    def get(self, request, *args, **kwargs):
        section = self.get_section()
        other_draft = request.GET.get("draft")
        try:
            if other_draft:
                other = selectors.section_in_draft(request.user, int(other_draft), section.key)
                old, new = (
                    content_of(other, rows=rows.snapshot(other)),
                    content_of(section, rows=rows.snapshot(section)),
                )
                labels = (
                    _("Draft %(number)s") % {"number": other.draft.number},
                    _("Draft %(number)s") % {"number": section.draft.number},
                )
            else:
                a, b = sorted((int(request.GET["a"]), int(request.GET["b"])))
                older, newer = selectors.revision_get(section, a), selectors.revision_get(section, b)
                old, new = older.content, newer.content
                labels = (str(older), str(newer))
        except (KeyError, ValueError):
            return HttpResponseBadRequest(_("Choose two revisions to compare."))
        self.audit_read(section, "section.compare")
        names = selectors.organization_names()
        # One budget for the page's comparisons: past it, changed paragraphs are shown whole, and the page says so.
        budget = bounded.Budget()
        context = self.get_context_data(
            section=section,
            labels=labels,
            title_en=redline.redline_text(old["title_en"], new["title_en"], budget),
            title_km=redline.redline_text(old["title_km"], new["title_km"], budget),
            body_en=redline.redline_html(old["body_en"], new["body_en"], budget),
            body_km=redline.redline_html(old["body_km"], new["body_km"], budget),
            row_changes=redline.rows_changes(old["rows"], new["rows"], names),
            coarse=budget.exceeded,
        )
        return self.render_to_response(context)


class SectionRestoreView(SectionMixin, View):
    """Restore an earlier revision as the section's next version."""

    def post(self, request, pk, number):
        section = self.get_section()
        selectors.revision_get(section, number)
        try:
            base_version = int(request.POST.get("version", ""))
            result = services.section_restore(
                section_id=section.pk, revision_number=number, actor=request.user, base_version=base_version
            )
        except ValueError:
            return HttpResponseBadRequest(_("The form is missing the version you started from."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("workplan:section-history", pk=section.pk)
        if result.changed:
            messages.success(
                request,
                _("Revision %(number)s restored as version %(version)s.")
                % {"number": number, "version": result.section.version},
            )
        else:
            messages.info(request, _("The section already reads like revision %(number)s.") % {"number": number})
        return redirect("workplan:section-history", pk=section.pk)


@method_decorator(sessions.background, name="post")
class SectionPresenceView(SectionMixin, View):
    """Note that the user still has the section open in the editor (a heartbeat: it never renews the session)."""

    def post(self, request, pk):
        section = self.get_section()
        if not policies.can_edit_section(request.user, section):
            raise PermissionDenied
        services.presence_touch(section=section, actor=request.user)
        return HttpResponse(status=204)
