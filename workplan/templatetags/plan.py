"""Template filters for the work plan."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from workplan.sanitize import clean_html

register = template.Library()


@register.filter
def rich(value):
    """Render stored rich text: sanitised again on the way out, so no stored markup can run."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 (the output of the allow-list sanitiser)


@register.filter
def money(value, currency=""):
    """Format a budget with thousands separators, without decimals when whole."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral() else 2
    return f"{number_format(amount, places, use_l10n=True, force_grouping=True)} {currency}".strip()
