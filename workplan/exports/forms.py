"""The export request form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.models import Export


class ExportForm(forms.Form):
    """Which format, in which language."""

    format = forms.ChoiceField(label=_("Format"), choices=Export.Format.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Export.Language.choices)
