"""Form fields the portal's forms share."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# What people put between groups of thousands: commas, spaces (plain, no-break, thin) and apostrophes.
GROUPING = re.compile(r"[,\s\u00a0\u2009\u202f']")
CURRENCY_SIGNS = re.compile(r"[$៛]|USD|KHR", re.IGNORECASE)
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def format_amount(value):
    """Return an amount with thousands separators: no decimals when whole, else two ("250,000", "1,234.50")."""
    amount = Decimal(value)
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


class AmountInput(forms.TextInput):
    """A text box for an amount: shown with thousands separators, and a phone offers its number keys."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return ""
        if isinstance(value, str) and not PLAIN_NUMBER.fullmatch(value):
            return value  # what the person typed, shown back as typed when the form is refused
        return format_amount(value)


class AmountField(forms.DecimalField):
    """An amount, accepted as people write it: "250,000", "250 000", "២៥០,០០០", with or without "$" or "៛"."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Write the amount in digits, for example 250,000 or ២៥០,០០០."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = CURRENCY_SIGNS.sub("", GROUPING.sub("", value.translate(KHMER_DIGITS)))
        return super().to_python(value)
