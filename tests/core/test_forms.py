"""Amounts are shown with thousands separators and accepted as people type them, in Khmer digits too."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.forms import AmountField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("250,000", Decimal("250000")),
        ("២៥០,០០០", Decimal("250000")),
        ("250 000", Decimal("250000")),
        ("250\u202f000", Decimal("250000")),
        ("1,234.50", Decimal("1234.50")),
        ("$5,000", Decimal("5000")),
        ("៛ ៤០០០", Decimal("4000")),
        ("", None),
    ],
)
def test_an_amount_is_accepted_as_typed(typed, amount):
    assert AmountField(required=False, decimal_places=2).clean(typed) == amount


def test_what_is_not_an_amount_is_refused_in_the_users_language():
    field = AmountField(required=False, decimal_places=2, min_value=0)
    with pytest.raises(ValidationError, match="for example 250,000"):
        field.clean("two hundred")
    with translation.override("km"):
        with pytest.raises(ValidationError) as refused:
            field.clean("two hundred")
        assert "២៥០,០០០" in refused.value.messages[0] and "Write" not in refused.value.messages[0]
    with pytest.raises(ValidationError):
        field.clean("-5")


def test_an_amount_is_shown_with_thousands_separators():
    widget = AmountField().widget
    assert widget.format_value(Decimal("250000.00")) == "250,000"
    assert widget.format_value("40000.00") == "40,000"
    assert widget.format_value(Decimal("1234.5")) == "1,234.50"
    assert widget.format_value("12,5x") == "12,5x", "what was typed is shown back as typed"
    assert 'inputmode="decimal"' in widget.render("budget", Decimal("5"))
