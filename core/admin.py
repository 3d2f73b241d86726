"""Admin building blocks: database rules explained in the form, not as a crash."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from . import rules


class RuleExplainingAdmin(admin.ModelAdmin):
    """Show a database rule's refusal as an error on the form, keeping what was typed.

    Form validation catches the rules first; the database catches what slips
    past it, such as two people taking the last seat at the same moment. The
    refused change is rolled back and the form shown again with the rule's
    message and the user's input.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            explained = rules.as_validation_error(error)
            if explained is None or request.method != "POST":
                raise
            request.portal_rule_error = explained
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "portal_rule_error", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def _post_clean(self):
                super()._post_clean()
                if not self._errors:
                    self.add_error(None, refusal)

        return RefusedForm


class MembershipAdmin(RuleExplainingAdmin):
    """The admin of one kind of membership, with the usual search and filters."""

    list_display = ["person", "role", "organization", "started_on", "ended_on"]
    list_filter = ["role", ("ended_on", admin.EmptyFieldListFilter), "organization"]
    search_fields = ["person__name_en", "person__name_km", "person__username", "organization__name_en"]
    list_select_related = ["person", "organization"]
    autocomplete_fields = ["person", "organization"]
    date_hierarchy = "started_on"


class MembershipInlineFormSet(BaseInlineFormSet):
    """Check the body's seat limit and its one senior role across the whole formset."""

    senior_role = None
    senior_required = False

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        deleted = {form for form in self.forms if self.can_delete and self._should_delete_form(form)}
        kept = [form for form in self.forms if (form.has_changed() or form.instance.pk) and form not in deleted]
        active = [form for form in kept if form.cleaned_data and not form.cleaned_data.get("ended_on")]
        listed = [form.instance.pk for form in self.forms if form.instance.pk]
        others = self.model.objects.active().filter(**{self.fk.name: self.instance}).exclude(pk__in=listed)
        probe = self.model(**{self.fk.name: self.instance})
        seats = probe.seats() if self.instance.pk else None
        if seats is not None and len(active) + others.count() > seats:
            raise ValidationError(probe.seat_message, code=probe.seat_rule, params={"seats": seats})
        if self.senior_role:
            seniors = sum(1 for form in active if form.cleaned_data.get("role") == self.senior_role)
            seniors += others.filter(role=self.senior_role).count()
            label = dict(self.model.Role.choices)[self.senior_role]
            if seniors > 1:
                raise ValidationError(
                    _("Only one active %(role)s is allowed: end the current one's membership first.") % {"role": label}
                )
            if self.senior_required and seniors == 0 and (active or others.exists()):
                raise ValidationError(
                    _("There must be exactly one active %(role)s: appoint one in this change.") % {"role": label}
                )
