"""The section editor's rows, one at a time: open an activity or objective, save it, add, move and remove rows.

Each row opens in place (htmx swaps the read-only row for its form, and the
saved row back) and has its own page too, so that everything works without
JavaScript: the links and forms below are plain links and forms, which htmx
upgrades. Who may do what is asked of workplan.policies; the writes are
workplan.drafting.services', each a revision of the section.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import reswap, retarget

from workplan import policies
from workplan.drafting import conflicts, forms, merge, rows, selectors, services
from workplan.drafting.views import SectionMixin
from workplan.models import Activity


def _choices(post):
    """Return the choices made on a conflict: choice-<conflict key> = mine | theirs."""
    return {
        name.removeprefix("choice-"): value
        for name, value in post.items()
        if name.startswith("choice-") and value in (merge.MINE, merge.THEIRS)
    }


def _editor_url(section_id, anchor=""):
    url = reverse("workplan:section-edit", args=[section_id])
    return f"{url}#{anchor}" if anchor else url


class RowsMixin(SectionMixin):
    """What the row views share: the right to edit the section now, and the rows area answered to htmx."""

    def require_edit(self, section):
        if not policies.can_edit_section(self.request.user, section):
            raise PermissionDenied(_("You cannot edit this section now."))

    def rows_area(self, section_id, *, message="", error="", focus="", status=200):
        """Answer with the section's objectives and activities as the editor shows them (htmx swaps them in)."""
        section = selectors.with_rows(selectors.section_head(self.request.user, section_id))
        response = render(
            self.request,
            "workplan/drafting/_logframe.html",
            {
                "section": section,
                "can_edit": policies.can_edit_section(self.request.user, section),
                "rows_message": message,
                "rows_error": error,
                "focus": focus,
            },
            status=status,
        )
        return reswap(retarget(response, "#logframe"), "outerHTML")

    def done(self, section_id, *, message="", error="", anchor="", focus=""):
        """Answer a row action: the rows area to htmx, else a redirect to the editor at the row, with a message."""
        if self.request.htmx:
            return self.rows_area(section_id, message=message, error=error, focus=focus)
        if error:
            messages.error(self.request, error)
        elif message:
            messages.success(self.request, message)
        return redirect(_editor_url(section_id, anchor))

    def form_page(self, fragment, context, status=200):
        """Answer with a row's form: the fragment htmx puts in place, or the row's own page without the script."""
        template = fragment if self.request.htmx else self.template_name
        return render(self.request, template, {**context, "in_place": self.request.htmx}, status=status)

    def form_kwargs(self, section):
        ministries, organizations = selectors.organization_choices()
        return {
            "ministries": ministries,
            "organizations": organizations,
            "years": section.draft.plan.years,
            "objectives": forms.objective_choices(selectors.section_objectives(section)),
        }


class SectionRowsView(RowsMixin, View):
    """The section's objectives and activities as the editor shows them: what Cancel puts back in place."""

    def get(self, request, pk):
        section = selectors.section_head(request.user, pk)
        self.audit_read(section, "section.read")
        if not request.htmx:
            if policies.can_edit_section(request.user, section):
                return redirect(_editor_url(section.pk, "logframe"))
            return redirect(reverse("workplan:section", args=[section.pk]) + "#logframe")
        return self.rows_area(section.pk)


# --- Activities --------------------------------------------------------------------------------------------


class ActivityMixin(RowsMixin):
    def get_activity(self):
        activity = selectors.activity_get(self.request.user, self.kwargs["pk"])
        self.section = activity.objective.section
        return activity

    def row(self, activity, *, status=200, saved=""):
        """Answer with the activity's read-only row (htmx puts it in place of its form)."""
        return render(
            self.request,
            "workplan/drafting/_activity_row.html",
            {
                "activity": activity,
                "section": self.section,
                "can_edit": policies.can_edit_section(self.request.user, self.section),
                "saved": saved,
            },
            status=status,
        )


class ActivityView(ActivityMixin, View):
    """One activity's read-only row, as the editor shows it (what Cancel puts back)."""

    def get(self, request, pk):
        activity = self.get_activity()
        self.audit_read(self.section, "section.read", activity=activity.code)
        if not request.htmx:
            if policies.can_edit_section(request.user, self.section):
                return redirect(_editor_url(self.section.pk, f"activity-{activity.pk}"))
            return redirect(reverse("workplan:section", args=[self.section.pk]) + "#logframe")
        return self.row(activity)


class ActivityEditView(ActivityMixin, View):
    """Open one activity and save it from the version it was opened at (merged when someone saved it since)."""

    template_name = "workplan/drafting/activity_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.activity = self.get_activity()
        self.require_edit(self.section)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        activity = self.activity
        self.audit_read(self.section, "section.read", activity=activity.code)
        initial = {
            **forms.activity_initial(rows.activity_row(activity)),
            "version": activity.version,
            "section_version": self.section.version,
        }
        form = forms.ActivityEditForm(initial=initial, **self.form_kwargs(self.section))
        return self.show(form)

    def post(self, request, pk):
        activity = self.activity
        form = forms.ActivityEditForm(request.POST, **self.form_kwargs(self.section))
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        try:
            result = services.activity_save(
                activity_id=activity.pk,
                actor=request.user,
                base_version=data["version"],
                changes=form.changes(),
                started_from=lambda: selectors.activity_as_of(self.section, data["section_version"], activity.code),
                choices=_choices(request.POST),
                summary=data["summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.show(form, status=400)
        except services.ActivityConflict as conflict:
            return self.conflict(form, conflict, chose_some=bool(_choices(request.POST)))
        code = activity.code
        if result.revision is None:
            message = _("Activity %(code)s: nothing had changed, so no new version was made.") % {"code": code}
        elif result.merged_with:
            message = _(
                "Activity %(code)s saved, merged with the change saved meanwhile: both are kept. "
                "The section is now at version %(version)s."
            ) % {"code": code, "version": result.section.version}
        else:
            message = _("Activity %(code)s saved. The section is now at version %(version)s.") % {
                "code": code,
                "version": result.section.version,
            }
        if not request.htmx:
            messages.success(request, message)
            return redirect(_editor_url(self.section.pk, f"activity-{activity.pk}"))
        moved = result.activity.objective_id != activity.objective_id
        if moved:
            return self.rows_area(self.section.pk, message=message, focus=f"activity-{activity.pk}")
        # The row as saved (the user may see it: they just saved it), without asking the policy again.
        prefetch_related_objects([result.activity], "partners")
        return self.row(result.activity, saved=message)

    def conflict(self, form, conflict, chose_some):
        """Show where both changed the same field, their change beside the user's, the user's values kept."""
        if not conflict.conflicts:
            form.add_error(
                None,
                _("Someone saved this activity since you opened it. Cancel, open it again and make your change."),
            )
            return self.show(form, status=409)
        started = form.cleaned_data["section_version"]
        revisions = selectors.conflict_authors(self.section, started, conflict.conflicts)
        shown = conflicts.shown(conflict.conflicts, revisions, selectors.organization_names())
        return self.show(form, status=409, conflicts=shown, chose_some=chose_some)

    def show(self, form, status=200, **extra):
        context = {
            "form": form,
            "activity": self.activity,
            "section": self.section,
            "code": self.activity.code,
            "action": reverse("workplan:activity-edit", args=[self.activity.pk]),
            "cancel": reverse("workplan:activity", args=[self.activity.pk]),
            **extra,
        }
        return self.form_page("workplan/drafting/_activity_form_row.html", context, status)


class SectionAddMixin(RowsMixin):
    """Adding a row to the section named in the URL: only who may edit it now."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.section = selectors.section_head(request.user, kwargs["pk"])
        self.require_edit(self.section)
        return super().dispatch(request, *args, **kwargs)


class ActivityAddView(SectionAddMixin, View):
    """Add an activity to an objective; it gets the objective's next code."""

    template_name = "workplan/drafting/activity_edit.html"

    def get(self, request, pk):
        kwargs = self.form_kwargs(self.section)
        codes = [code for code, _label in kwargs["objectives"]]
        objective = request.GET.get("objective") if request.GET.get("objective") in codes else None
        objective = objective or (codes[-1] if codes else "")
        plan = self.section.draft.plan
        initial = {"objective": objective, "start_year": plan.first_year, "end_year": plan.last_year}
        return self.show(forms.ActivityForm(initial=initial, **kwargs))

    def post(self, request, pk):
        form = forms.ActivityForm(request.POST, **self.form_kwargs(self.section))
        if not form.is_valid():
            return self.show(form, status=400)
        values = form.changes()
        objective = values.pop("objective")
        try:
            result = services.activity_add(
                section_id=self.section.pk, actor=request.user, objective=objective, values=values
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.show(form, status=400)
        activity = result.activity
        message = _("Activity %(code)s added. The section is now at version %(version)s.") % {
            "code": activity.code,
            "version": result.section.version,
        }
        return self.done(
            self.section.pk, message=message, anchor=f"activity-{activity.pk}", focus=f"activity-{activity.pk}"
        )

    def show(self, form, status=200):
        objective = form["objective"].value() or ""
        codes = selectors.activity_codes(self.section)
        next_code = services.next_code(f"{objective}.", codes) if objective else ""
        context = {
            "form": form,
            "section": self.section,
            "next_code": next_code,
            "action": reverse("workplan:activity-add", args=[self.section.pk]),
            "cancel": reverse("workplan:section-rows", args=[self.section.pk]),
        }
        return self.form_page("workplan/drafting/_activity_form_row.html", context, status)


class ActivityMoveView(ActivityMixin, View):
    """Move an activity one place up or down within its objective."""

    def post(self, request, pk):
        activity = self.get_activity()
        self.require_edit(self.section)
        direction = request.POST.get("direction", "")
        try:
            result = services.activity_move(activity_id=activity.pk, actor=request.user, direction=direction)
        except ValidationError as error:
            return self.done(self.section.pk, error=" ".join(error.messages), anchor=f"activity-{activity.pk}")
        if not result.changed:
            message = _("Activity %(code)s is already the first of its objective.")
            if direction == "down":
                message = _("Activity %(code)s is already the last of its objective.")
        elif direction == "up":
            message = _("Activity %(code)s moved up.")
        else:
            message = _("Activity %(code)s moved down.")
        message = message % {"code": activity.code}
        return self.done(
            self.section.pk, message=message, anchor=f"activity-{activity.pk}", focus=f"move-{direction}-{activity.pk}"
        )


class ActivityRemoveView(ActivityMixin, View):
    """Remove an activity: a page asks first (without JavaScript; in place the browser asks)."""

    template_name = "workplan/drafting/activity_remove.html"

    def get(self, request, pk):
        activity = self.get_activity()
        self.require_edit(self.section)
        self.audit_read(self.section, "section.read", activity=activity.code)
        return render(request, self.template_name, {"activity": activity, "section": self.section})

    def post(self, request, pk):
        activity = self.get_activity()
        self.require_edit(self.section)
        try:
            base_version = int(request.POST.get("version", ""))
        except ValueError:
            base_version = activity.version if request.POST.get("confirm") else 0
        # Where the focus goes once the row is gone: the next row of its objective, else the one before, else
        # the objective's "Add an activity".
        siblings = list(activity.objective.activities.order_by("order", "pk").values_list("pk", flat=True))
        index = siblings.index(activity.pk)
        after, before = siblings[index + 1 :], siblings[:index]
        neighbour = after[0] if after else (before[-1] if before else None)
        focus = f"activity-{neighbour}" if neighbour else f"add-activity-{activity.objective_id}"
        try:
            result = services.activity_remove(activity_id=activity.pk, actor=request.user, base_version=base_version)
        except services.ActivityConflict:
            error = _(
                "Activity %(code)s was changed by someone else since you looked at it, so it was not removed. "
                "Look at it again, then remove it if it should still go."
            ) % {"code": activity.code}
            return self.done(self.section.pk, error=error, anchor=f"activity-{activity.pk}")
        except ValidationError as error:
            return self.done(self.section.pk, error=" ".join(error.messages), anchor=f"activity-{activity.pk}")
        message = _(
            "Activity %(code)s removed. The section's history keeps it: restore version %(version)s to bring it back."
        ) % {"code": activity.code, "version": result.section.version - 1}
        return self.done(self.section.pk, message=message, anchor="logframe", focus=focus)


# --- Objectives ---------------------------------------------------------------------------------------------


class ObjectiveMixin(RowsMixin):
    def get_objective(self):
        objective = selectors.objective_get(self.request.user, self.kwargs["pk"])
        self.section = objective.section
        return objective


class ObjectiveEditView(ObjectiveMixin, View):
    """Open an objective's texts and save them, merged with what someone else changed since."""

    template_name = "workplan/drafting/objective_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.objective = self.get_objective()
        self.require_edit(self.section)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        objective = self.objective
        self.audit_read(self.section, "section.read", objective=objective.code)
        initial = {"text_km": objective.text_km, "text_en": objective.text_en, "section_version": self.section.version}
        return self.show(forms.ObjectiveEditForm(initial=initial))

    def post(self, request, pk):
        objective = self.objective
        form = forms.ObjectiveEditForm(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        started_from = selectors.objective_as_of(self.section, data["section_version"], objective.code)
        try:
            result, merged = services.objective_save(
                section_id=self.section.pk,
                actor=request.user,
                code=objective.code,
                changes={"text_km": data["text_km"], "text_en": data["text_en"]},
                started_from=started_from or {},
                choices=_choices(request.POST),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.show(form, status=400)
        except services.ObjectiveConflict as conflict:
            revisions = selectors.conflict_authors(self.section, data["section_version"], conflict.conflicts)
            shown = conflicts.shown(conflict.conflicts, revisions, selectors.organization_names())
            return self.show(form, status=409, conflicts=shown, chose_some=bool(_choices(request.POST)))
        if result.revision is None:
            message = _("Objective %(code)s: nothing had changed, so no new version was made.")
        elif merged:
            message = _("Objective %(code)s saved, merged with the change saved meanwhile: both are kept.")
        else:
            message = _("Objective %(code)s saved.")
        message = message % {"code": objective.code}
        return self.done(
            self.section.pk, message=message, anchor=f"objective-{objective.pk}", focus=f"objective-{objective.pk}"
        )

    def show(self, form, status=200, **extra):
        context = {
            "form": form,
            "objective": self.objective,
            "section": self.section,
            "action": reverse("workplan:objective-edit", args=[self.objective.pk]),
            "cancel": reverse("workplan:section-rows", args=[self.section.pk]),
            **extra,
        }
        return self.form_page("workplan/drafting/_objective_form.html", context, status)


class ObjectiveAddView(SectionAddMixin, View):
    """Add an objective at the end of the section; it gets the next code."""

    template_name = "workplan/drafting/objective_edit.html"

    def get(self, request, pk):
        return self.show(forms.ObjectiveForm())

    def post(self, request, pk):
        form = forms.ObjectiveForm(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        try:
            _result, code = services.objective_add(
                section_id=self.section.pk, actor=request.user, texts=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.show(form, status=400)
        message = _("Objective %(code)s added. Add its activities below it.") % {"code": code}
        objective = self.section.objectives.get(code=code)
        return self.done(
            self.section.pk, message=message, anchor=f"objective-{objective.pk}", focus=f"objective-{objective.pk}"
        )

    def show(self, form, status=200):
        codes = [objective["code"] for objective in selectors.section_objectives(self.section)]
        context = {
            "form": form,
            "section": self.section,
            "next_code": services.next_code("", set(codes)),
            "action": reverse("workplan:objective-add", args=[self.section.pk]),
            "cancel": reverse("workplan:section-rows", args=[self.section.pk]),
        }
        return self.form_page("workplan/drafting/_objective_form.html", context, status)


class ObjectiveMoveView(ObjectiveMixin, View):
    """Move an objective, with its activities, one place up or down."""

    def post(self, request, pk):
        objective = self.get_objective()
        self.require_edit(self.section)
        direction = request.POST.get("direction", "")
        try:
            result = services.objective_move(
                section_id=self.section.pk, actor=request.user, code=objective.code, direction=direction
            )
        except ValidationError as error:
            return self.done(self.section.pk, error=" ".join(error.messages), anchor=f"objective-{objective.pk}")
        if not result.changed:
            message = _("Objective %(code)s is already the first.")
            if direction == "down":
                message = _("Objective %(code)s is already the last.")
        elif direction == "up":
            message = _("Objective %(code)s moved up.")
        else:
            message = _("Objective %(code)s moved down.")
        message = message % {"code": objective.code}
        return self.done(
            self.section.pk,
            message=message,
            anchor=f"objective-{objective.pk}",
            focus=f"objective-move-{direction}-{objective.pk}",
        )


class ObjectiveRemoveView(ObjectiveMixin, View):
    """Remove an objective that has no activity left: a page asks first (in place the browser asks)."""

    template_name = "workplan/drafting/objective_remove.html"

    def get(self, request, pk):
        objective = self.get_objective()
        self.require_edit(self.section)
        self.audit_read(self.section, "section.read", objective=objective.code)
        count = Activity.objects.filter(objective=objective).count()
        return render(request, self.template_name, {"objective": objective, "section": self.section, "count": count})

    def post(self, request, pk):
        objective = self.get_objective()
        self.require_edit(self.section)
        try:
            services.objective_remove(section_id=self.section.pk, actor=request.user, code=objective.code)
        except ValidationError as error:
            return self.done(self.section.pk, error=" ".join(error.messages), anchor=f"objective-{objective.pk}")
        message = _("Objective %(code)s removed.") % {"code": objective.code}
        return self.done(self.section.pk, message=message, anchor="logframe", focus="add-objective")
