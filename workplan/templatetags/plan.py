"""Template filters for the work plan."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from workplan.drafting.sanitize import clean_html

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
    # The same figures as in redlines and exports: 40,000 and 1,234.50, in every language.
    text = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
    return f"{text} {currency}".strip()
