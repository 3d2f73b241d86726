"""Template filters: money as everywhere else, rich text cleaned on the way out."""

from django.utils import translation

from workplan.templatetags.plan import money, rich


def test_money_groups_thousands_in_every_language():
    for language in ("en", "km"):
        with translation.override(language):
            assert money("40000.00", "USD") == "40,000 USD"
            assert money("1234.5", "KHR") == "1,234.50 KHR"
            assert money(None, "USD") == "—"


def test_rich_cleans_stored_html_again():
    assert rich('<p onclick="x()">Hi<script>window.__xss=1</script></p>') == "<p>Hi</p>"
