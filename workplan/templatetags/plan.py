"""Template filters for the work plan."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from workplan.drafting.rows import upgrade
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


@register.filter
def in_language(row, field):
    """Return a row's `<field>_km` or `<field>_en`, whichever the reader's language wants, falling back on the other.

    For rows as data (a published document's activities); a row published
    before its measures were bilingual has them in English under their first names.
    """
    row = upgrade(row)
    km, en = row.get(f"{field}_km") or "", row.get(f"{field}_en") or ""
    return (km or en) if get_language() == "km" else (en or km)
