"""Admin building blocks: database rules explained in the form, not as a crash; chosen values checked before use."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField
from django.utils.translation import gettext as _

from core import rules
from core.models import Membership
from members import seats as services


class ValidChoicesAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, leaving out a chosen value that cannot be a key of the related model.

    To show what is chosen, Django's widget looks the values up; one that is
    no key at all ("abc", "1e400", a number past the column's range, sent in
    a form or the add page's query string) made that lookup raise, and the
    page answer 500. The form itself still refuses the value, with Django's
    "Select a valid choice".
    """

    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        valid = []
        for choice in value:
            try:
                key.run_validators(key.to_python(choice))
            except ValidationError:
                continue
            valid.append(choice)
        return super().optgroups(name, valid, attr)


class ValidChoicesAutocompleteMixin:
    """Give a model admin's (or inline's) autocomplete fields ValidChoicesAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidChoicesAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RuleExplainingAdmin(ValidChoicesAutocompleteMixin, admin.ModelAdmin):
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # PostgreSQL checks some rules only at commit (core.db.exactly_one), and
        # the admin commits after it has already reported success. Check them
        # now, so that a refusal is explained on the form like any other.
        connection = connections[router.db_for_write(self.model)]
        if connection.vendor == "postgresql":
            connection.check_constraints()

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, Membership):
            return super().save_formset(request, form, formset, change)
        # Remember what each row was before it is saved: its end date, and the
        # id of a row about to be deleted (deleting clears the instance's id).
        ended_before = {f.instance.pk: f.initial.get("ended_on") for f in formset.initial_forms}
        deleted = [(f.instance, f.instance.pk) for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        for membership, fields in formset.changed_objects:
            kind = services.membership_change_kind(
                created=False, changed_fields=fields, ended_before=ended_before.get(membership.pk)
            )
            services.membership_record(membership=membership, kind=kind, request=request, changed_fields=fields)
        for membership, pk in deleted:
            services.membership_record(membership=membership, kind=services.DELETE, request=request, pk=pk)
        for membership in formset.new_objects:
            services.membership_record(membership=membership, kind=services.START, request=request)

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

    # A seat gives its holder a role (members.roles): every change to one is audited.
    def save_model(self, request, obj, form, change):
        ended_before = form.initial.get("ended_on") if change else None
        super().save_model(request, obj, form, change)
        kind = services.membership_change_kind(
            created=not change, changed_fields=form.changed_data, ended_before=ended_before
        )
        services.membership_record(membership=obj, kind=kind, request=request, changed_fields=form.changed_data)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        services.membership_record(membership=obj, kind=services.DELETE, request=request, pk=pk)

    def delete_queryset(self, request, queryset):
        doomed = [(membership, membership.pk) for membership in queryset.select_related("person")]
        super().delete_queryset(request, queryset)
        for membership, pk in doomed:
            services.membership_record(membership=membership, kind=services.DELETE, request=request, pk=pk)


class MembershipInlineForm(forms.ModelForm):
    """One membership row of an inline; the rules about many rows are checked by the formset.

    Checked row by row, the database still holds the rows as they were before
    this change: a new chair would be refused because of the chair the same
    change ends, a newcomer because of the seat it frees. MembershipInlineFormSet
    checks those rules across the rows as submitted; a row checks its own.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.seats_checked_by_formset = True

    def validate_constraints(self):
        # Leaving out the body skips the constraints about other rows of the body.
        body = {name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)}
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions() | body)
        except ValidationError as error:
            self._update_errors(error)


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
        # A body being added has no memberships in the database yet.
        others = (
            self.model.objects.active().filter(**{self.fk.name: self.instance}).exclude(pk__in=listed)
            if self.instance.pk
            else self.model.objects.none()
        )
        probe = self.model(**{self.fk.name: self.instance})
        seats = probe.seats() if self.instance.pk else None
        if seats is not None and len(active) + others.count() > seats:
            raise ValidationError(probe.seat_message, code=probe.seat_rule, params={"seats": seats})
        people = [form.cleaned_data["person"].pk for form in active if form.cleaned_data.get("person")]
        people += others.values_list("person", flat=True)
        if len(people) != len(set(people)):
            raise ValidationError(_("This person already holds an active seat in this body."))
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
