"""The audit page's filters, shared by its CSV export."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import KHMER_DIGITS

from . import sentences
from .models import AuditEvent

# What an action's name, or the start of one, may hold (audit.services.ACTION names them).
ACTION_TEXT = re.compile(r"^[a-z0-9_.]*$")
# Django's own messages are not all in Khmer: the filters say what is wrong in the portal's words.
TEXT_MESSAGES = {
    "max_length": _("This is longer than anything the log holds: shorten it."),
    "null_characters_not_allowed": _("This holds a character that cannot be searched for (NUL): remove it."),
}


class DayField(forms.DateField):
    """A day, as year-month-day in Western or Khmer digits."""

    widget = forms.DateInput(attrs={"type": "date"})
    default_error_messages = {"invalid": _("Give a date as year-month-day, for example 2026-05-31.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(KHMER_DIGITS)
        return super().to_python(value)


class EventFilterForm(forms.Form):
    """Narrow the audit log by who, what, which object, how it ended and when."""

    actor = forms.CharField(label=_("Person (username)"), required=False, max_length=150, error_messages=TEXT_MESSAGES)
    action = forms.CharField(
        label=_("Kind of event"),
        required=False,
        max_length=64,
        widget=forms.Select,
        error_messages={**TEXT_MESSAGES, "max_length": _("Choose a kind of event from the list.")},
    )
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=100,
        help_text=_("For example workplan.draft."),
        error_messages=TEXT_MESSAGES,
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=100, error_messages=TEXT_MESSAGES)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Any")), *AuditEvent.Outcome.choices],
        error_messages={"invalid_choice": _("Choose an outcome from the list.")},
    )
    since = DayField(label=_("From"), required=False)
    until = DayField(label=_("Until"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds the portal declares, by area; a value typed into the address (the start of a name,
        # "draft.") is kept as one more choice, so the form shows the filter that is applied.
        choices = [("", _("Any"))]
        choices += [(area, list(kinds)) for area, kinds in sentences.kinds()]
        known = {code for _area, kinds in sentences.kinds() for code, _label in kinds}
        typed = str(self.data.get("action", "")).strip() if self.is_bound else ""
        if typed and typed not in known and len(typed) <= 64 and ACTION_TEXT.match(typed):
            choices.append((typed, _("Every action starting with “%(start)s”") % {"start": typed}))
        self.fields["action"].widget.choices = choices

    def clean_action(self):
        value = self.cleaned_data["action"].strip()
        if not ACTION_TEXT.match(value):
            raise forms.ValidationError(_("Choose a kind of event from the list."), code="invalid")
        return value

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
        """Return `queryset` narrowed by the filters; call it only once the form is valid.

        A kind of event the portal declares matches exactly (“account.second_factor”
        is not “account.second_factor_setup”); any other text matches the start
        of the action's name. The days are days in the portal's time zone.
        """
        data = self.cleaned_data
        if data["actor"]:
            queryset = queryset.filter(actor_label=data["actor"].strip())
        if data["action"]:
            if sentences.declared(data["action"]):
                queryset = queryset.filter(action=data["action"])
            else:
                queryset = queryset.filter(action__startswith=data["action"])
        if data["object_type"]:
            queryset = queryset.filter(object_type=data["object_type"].strip())
        if data["object_id"]:
            queryset = queryset.filter(object_id=data["object_id"].strip())
        if data["outcome"]:
            queryset = queryset.filter(outcome=data["outcome"])
        if data["since"]:
            queryset = queryset.filter(created_at__gte=_start_of(data["since"]))
        if data["until"] and data["until"] < datetime.date.max:
            queryset = queryset.filter(created_at__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
        return queryset


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
