"""The audit page's filters."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class EventFilterForm(forms.Form):
    """Narrow the audit log by who, what, which object, how it ended and when."""

    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        help_text=_("The start of the action's name: “draft.” finds every action on drafts."),
    )
    object_type = forms.CharField(
        label=_("Object type"), required=False, max_length=100, help_text=_("For example workplan.draft.")
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=100)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *AuditEvent.Outcome.choices]
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def used(self):
        """Return the filters given, as strings (for the audit event and the page links)."""
        if not self.is_valid():
            return {}
        return {name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")}

    def apply(self, queryset):
        """Return `queryset` narrowed by the valid filters (the days are days in the portal's time zone)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["actor"]:
            queryset = queryset.filter(actor_label=data["actor"].strip())
        if data["action"]:
            queryset = queryset.filter(action__startswith=data["action"].strip())
        if data["object_type"]:
            queryset = queryset.filter(object_type=data["object_type"].strip())
        if data["object_id"]:
            queryset = queryset.filter(object_id=data["object_id"].strip())
        if data["outcome"]:
            queryset = queryset.filter(outcome=data["outcome"])
        if data["since"]:
            queryset = queryset.filter(created_at__gte=_start_of(data["since"]))
        if data["until"]:
            queryset = queryset.filter(created_at__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
        return queryset


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
