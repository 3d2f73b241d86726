"""The section editor's forms: texts, and objectives and activities as two formsets."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.widgets import ProseEditorWidget

from core.forms import AmountField
from workplan.drafting.rows import upgrade
from workplan.models import Activity

# The formatting an official needs in a plan section, and nothing the
# sanitiser would throw away on save.
EDITOR_CONFIG = {
    "types": ["Bold", "Italic", "Underline", "BulletList", "OrderedList", "Heading", "Blockquote", "Link"],
    "headingLevels": [2, 3],
    "history": True,
    "html": False,
    "typographic": False,
}


def editor_labels():
    """Return the rich-text toolbar's labels in the current language, by the editor's names for its buttons.

    The editor writes English titles of its own; static/js/editor-labels.js puts these in their place.
    """
    return {
        "bold": _("Bold"),
        "italic": _("Italic"),
        "underline": _("Underline"),
        "bulletList": _("Bulleted list"),
        "orderedList": _("Numbered list"),
        "orderedListProperties": _("List properties"),
        "blockquote": _("Quotation"),
        "link": _("Insert a link"),
        "unlink": _("Remove the link"),
        "history:undo": _("Undo"),
        "history:redo": _("Redo"),
        "heading2": _("Heading"),
        "heading3": _("Subheading"),
        "paragraph": _("Paragraph"),
    }


def _editor():
    return ProseEditorWidget(config=EDITOR_CONFIG)


class SectionForm(forms.Form):
    """The section's titles and texts, the version the user started from, and a summary."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title_km = forms.CharField(label=gettext_lazy("Title in Khmer"), max_length=300)
    title_en = forms.CharField(label=gettext_lazy("Title in English"), max_length=300)
    body_km = forms.CharField(label=gettext_lazy("Text in Khmer"), required=False, widget=_editor())
    body_en = forms.CharField(label=gettext_lazy("Text in English"), required=False, widget=_editor())
    summary = forms.CharField(
        label=gettext_lazy("What did you change?"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("A few words for the history, e.g. “Budget of activity 2.1 updated”."),
    )


# The rows' widgets are drawn by Jinja2 from Django's own form templates (django/forms/jinja2): the same
# markup as the Django template engine draws, several times faster for a section's hundreds of inputs.
ROWS_RENDERER = Jinja2()


class ObjectiveForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=10)
    text_km = forms.CharField(
        label=gettext_lazy("Objective in Khmer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        label=gettext_lazy("Objective in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _field_copy(field):
    """Return the field as Field.__deepcopy__ copies it for a form, but sharing its choices.

    A copy of its own, with its own widget, widget attributes, error messages
    and validators; the choices, set once by activity_formset() and never
    changed, are shared instead of copied (and normalised again) for every form.
    """
    result = object.__new__(type(field))
    result.__dict__.update(field.__dict__)
    widget = result.widget = object.__new__(type(field.widget))
    widget.__dict__.update(field.widget.__dict__)
    widget.attrs = field.widget.attrs.copy()
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    return result


class _Fields(dict):
    """A form class's fields, copied for each of its forms by _field_copy()."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field) for name, field in self.items()}


class ActivityForm(forms.Form):
    """One plan row. Its choices are given by activity_formset(), so that 60 rows cost no extra queries."""

    objective = forms.CharField(label=gettext_lazy("Objective"), max_length=10, widget=forms.HiddenInput)
    code = forms.CharField(label=gettext_lazy("Code"), max_length=10)
    text_km = forms.CharField(
        label=gettext_lazy("Activity in Khmer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        label=gettext_lazy("Activity in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_ministry = forms.ChoiceField(label=gettext_lazy("Lead ministry"))
    partners = forms.MultipleChoiceField(label=gettext_lazy("Partners"), required=False)
    start_year = forms.TypedChoiceField(label=gettext_lazy("First year"), coerce=int)
    end_year = forms.TypedChoiceField(label=gettext_lazy("Last year"), coerce=int)
    budget = AmountField(
        label=gettext_lazy("Budget estimate"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=Activity.Currency.choices)
    # The measures, Khmer first as the texts are.
    indicator_km = forms.CharField(label=gettext_lazy("Indicator in Khmer"), required=False, max_length=300)
    indicator_en = forms.CharField(label=gettext_lazy("Indicator in English"), required=False, max_length=300)
    baseline_km = forms.CharField(label=gettext_lazy("Baseline in Khmer"), required=False, max_length=200)
    baseline_en = forms.CharField(label=gettext_lazy("Baseline in English"), required=False, max_length=200)
    target_km = forms.CharField(label=gettext_lazy("Target in Khmer"), required=False, max_length=200)
    target_en = forms.CharField(label=gettext_lazy("Target in English"), required=False, max_length=200)
    means_of_verification_km = forms.CharField(
        label=gettext_lazy("Means of verification in Khmer"), required=False, max_length=300
    )
    means_of_verification_en = forms.CharField(
        label=gettext_lazy("Means of verification in English"), required=False, max_length=300
    )

    def has_changed(self):
        # Django's answer (is any field changed?) without comparing every field: the
        # formset asks this of each of the 60 rows when it validates them.
        return any(self[name]._has_changed() for name in self.fields)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot come before the first year."))
        if (cleaned.get("indicator_km") or cleaned.get("indicator_en")) and not (
            cleaned.get("target_km") or cleaned.get("target_en")
        ):
            # Under the target of the indicator's language: Khmer when the indicator has Khmer.
            self.add_error(
                "target_km" if cleaned.get("indicator_km") else "target_en",
                _("An indicator needs a target: say what the indicator should reach, in Khmer or in English."),
            )
        lead = cleaned.get("lead_ministry")
        if lead and lead in (cleaned.get("partners") or []):
            self.add_error("partners", _("The lead ministry cannot also be a partner."))
        return cleaned


ObjectiveFormSet = forms.formset_factory(
    ObjectiveForm, extra=0, can_order=True, can_delete=True, renderer=ROWS_RENDERER
)


def activity_formset(*, ministries, organizations, years):
    """Return an activity formset class whose forms offer these choices, set once for all its forms."""
    fields = copy.deepcopy(ActivityForm.base_fields)
    fields["lead_ministry"].choices = [("", _("Choose the lead ministry")), *ministries]
    fields["partners"].choices = list(organizations)
    year_choices = [(year, year) for year in years]
    fields["start_year"].choices = year_choices
    fields["end_year"].choices = year_choices
    form = type("ActivityForm", (ActivityForm,), {"__module__": __name__})
    form.base_fields = _Fields(fields)
    return forms.formset_factory(form, extra=0, can_order=True, can_delete=True, renderer=ROWS_RENDERER)


def _ordered(formset):
    """Return the kept forms' cleaned data in the order the user gave."""
    kept = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    return sorted(kept, key=lambda form: (form.cleaned_data.get("ORDER") or 0, formset.forms.index(form)))


def rows_from_formsets(objectives, activities):
    """Return the submitted rows, or raise ValidationError naming an activity without its objective."""
    rows, by_code = [], {}
    for form in _ordered(objectives):
        data = form.cleaned_data
        row = {"code": data["code"].strip(), "text_en": data["text_en"], "text_km": data["text_km"], "activities": []}
        rows.append(row)
        by_code[row["code"]] = row
    for form in _ordered(activities):
        data = dict(form.cleaned_data)
        objective = data.pop("objective").strip()
        data.pop("ORDER", None)
        data.pop("DELETE", None)
        if objective not in by_code:
            raise ValidationError(
                _("Activity %(code)s belongs to objective %(objective)s, which is not in the section any more.")
                % {"code": data["code"], "objective": objective}
            )
        data["budget"] = None if data["budget"] is None else str(data["budget"])
        by_code[objective]["activities"].append(data)
    return rows


def rows_as_initial(rows):
    """Return formset initial data for rows (from a section or a conflict copy)."""
    objectives, activities = [], []
    for order, objective in enumerate(rows, start=1):
        objectives.append(
            {
                "code": objective["code"],
                "text_en": objective["text_en"],
                "text_km": objective["text_km"],
                "ORDER": order,
            }
        )
        for activity in objective["activities"]:
            activities.append({**upgrade(activity), "objective": objective["code"], "ORDER": len(activities) + 1})
    return objectives, activities
