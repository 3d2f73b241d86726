"""The section editor's forms: the texts, and each objective and activity opened on its own."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_prose_editor.widgets import ProseEditorWidget

from core.forms import AmountField
from workplan import limits
from workplan.drafting import rows
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
    body_km = forms.CharField(
        label=gettext_lazy("Text in Khmer"), required=False, max_length=limits.BODY, widget=_editor()
    )
    body_en = forms.CharField(
        label=gettext_lazy("Text in English"), required=False, max_length=limits.BODY, widget=_editor()
    )
    summary = forms.CharField(
        label=gettext_lazy("What did you change?"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("A few words for the history, e.g. “Budget of activity 2.1 updated”."),
    )


def _mark_khmer(fields):
    """Say on each Khmer control that its text is Khmer (for fonts, spelling and screen readers); labels stay."""
    for name, field in fields.items():
        if name.endswith("_km"):
            field.widget.attrs["lang"] = "km"


class ObjectiveForm(forms.Form):
    """An objective's texts, opened on its own. Its code names it and begins its activities' codes: it stays."""

    text_km = forms.CharField(
        label=gettext_lazy("Objective in Khmer"),
        required=False,
        max_length=limits.ROW_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text_en = forms.CharField(
        label=gettext_lazy("Objective in English"),
        required=False,
        max_length=limits.ROW_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        # Ids of their own: the form opens on the editor's page, beside the texts' form.
        kwargs.setdefault("auto_id", "objective-form-%s")
        super().__init__(*args, **kwargs)
        _mark_khmer(self.fields)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text_km", "").strip() or cleaned.get("text_en", "").strip()):
            raise ValidationError(_("Write the objective, in Khmer or in English."), code="empty")
        return cleaned


class ObjectiveEditForm(ObjectiveForm):
    """An objective's texts and the version of the section they were read at, to merge a stale save from."""

    section_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# An activity row's fields as the services take them (workplan.drafting.rows), with its objective's code.
ROW_FIELDS = (*rows.ACTIVITY_FIELDS, "objective")


def _measure(label, max_length):
    return forms.CharField(label=label, required=False, max_length=max_length, widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(forms.Form):
    """One plan row, opened on its own: what is done, who leads, with whom, when, for how much, how it is measured.

    Its code is given when it is added (the objective's next) and never changes.
    The choices come from the caller, read once (selectors.organization_choices).
    """

    objective = forms.ChoiceField(label=gettext_lazy("Objective"))
    text_km = forms.CharField(
        label=gettext_lazy("Activity in Khmer"),
        required=False,
        max_length=limits.ROW_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text_en = forms.CharField(
        label=gettext_lazy("Activity in English"),
        required=False,
        max_length=limits.ROW_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_ministry = forms.ChoiceField(label=gettext_lazy("Lead ministry"))
    partners = forms.MultipleChoiceField(
        label=gettext_lazy("Partners"), required=False, widget=forms.CheckboxSelectMultiple
    )
    start_year = forms.TypedChoiceField(label=gettext_lazy("First year"), coerce=int)
    end_year = forms.TypedChoiceField(label=gettext_lazy("Last year"), coerce=int)
    budget = AmountField(
        label=gettext_lazy("Budget estimate"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("In digits, as you like to write them: 250,000 or ២៥០,០០០."),
    )
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=Activity.Currency.choices)
    # The measures, Khmer first as the texts are.
    indicator_km = _measure(gettext_lazy("Indicator in Khmer"), 300)
    indicator_en = _measure(gettext_lazy("Indicator in English"), 300)
    baseline_km = _measure(gettext_lazy("Baseline in Khmer"), 200)
    baseline_en = _measure(gettext_lazy("Baseline in English"), 200)
    target_km = _measure(gettext_lazy("Target in Khmer"), 200)
    target_en = _measure(gettext_lazy("Target in English"), 200)
    means_of_verification_km = _measure(gettext_lazy("Means of verification in Khmer"), 300)
    means_of_verification_en = _measure(gettext_lazy("Means of verification in English"), 300)

    # How the form is laid out: a heading for each group of fields.
    GROUPS = (
        (gettext_lazy("What is done"), ("text_km", "text_en")),
        (gettext_lazy("Who does it"), ("lead_ministry", "partners")),
        (gettext_lazy("When, and for how much"), ("start_year", "end_year", "budget", "currency")),
        (
            gettext_lazy("How success is measured"),
            tuple(f"{name}_{language}" for name in rows.MEASURES for language in ("km", "en")),
        ),
        (gettext_lazy("Where it belongs"), ("objective",)),
    )

    def __init__(self, *args, ministries, organizations, years, objectives, **kwargs):
        # Ids of their own: the form opens on the editor's page, beside the texts' form.
        kwargs.setdefault("auto_id", "activity-form-%s")
        super().__init__(*args, **kwargs)
        fields = self.fields
        _mark_khmer(fields)
        fields["objective"].choices = objectives
        fields["lead_ministry"].choices = [("", _("Choose the lead ministry")), *ministries]
        fields["partners"].choices = list(organizations)
        year_choices = [(year, year) for year in years]
        fields["start_year"].choices = year_choices
        fields["end_year"].choices = year_choices

    def groups(self):
        """Return (heading, bound fields) for each group of fields, in the order the form shows them."""
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.GROUPS]

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

    def changes(self):
        """Return the cleaned values as the services take them (a row's fields, the budget as text)."""
        data = {name: value for name, value in self.cleaned_data.items() if name in ROW_FIELDS}
        data["budget"] = None if data.get("budget") is None else str(data["budget"])
        return data


class ActivityEditForm(ActivityForm):
    """An activity as opened: its row's version, and the section's, to merge a stale save from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    section_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    summary = forms.CharField(
        label=gettext_lazy("What did you change?"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("A few words for the history; left empty, the history says which activity changed."),
    )


def activity_initial(row):
    """Return form initial data from an activity row (rows data, with its objective's code)."""
    return {name: row.get(name) for name in ROW_FIELDS if name != "code"}


def objective_choices(section_rows):
    """Return the section's objectives as choices: "1 – text in the page's language"."""
    choices = []
    for objective in section_rows:
        text = objective["text_km"] if get_language() == "km" else objective["text_en"]
        text = text or objective["text_en"] or objective["text_km"]
        short = text if len(text) <= 80 else text[:79] + "…"
        choices.append((objective["code"], f"{objective['code']} – {short}" if short else objective["code"]))
    return choices
