"""PDF: the export's print HTML, printed by Chromium.

Chromium shapes Khmer with HarfBuzz and, unlike WeasyPrint, keeps every code
point of a cluster in the PDF's text layer, so Khmer text can be searched and
copied out intact. The Khmer font the portal ships (static/fonts) is embedded
in the page as data: URLs, so the result does not depend on the fonts of the
machine that builds it. The page may load nothing else: its own CSP allows
only inline styles and data: fonts, scripts are off, and every request
Chromium would make is refused (rich text is sanitised, but a worker should
not fetch addresses named in a plan).
"""

import base64
import functools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from workplan.exports import textlayer

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# Debian's Chromium, headless; the browser tests launch it with the same switches (tests/conftest.py).
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 120_000
MARGINS = {"top": "20mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}


@functools.cache
def font_urls():
    """Return the shipped Khmer font, regular and bold, as data: URLs."""

    def data_url(name):
        encoded = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        return f"data:font/ttf;base64,{encoded}"

    return {"regular": data_url("NotoSansKhmer-Regular.ttf"), "bold": data_url("NotoSansKhmer-Bold.ttf")}


def _page_of(doc):
    """Return "Page X of Y" in the export's language, with Chromium's per-page counters in it."""
    return mark_safe(  # noqa: S308 (an escaped translation with two fixed elements put in)
        escape(doc["labels"]["page_of"])
        .replace("%(page)s", '<span class="pageNumber"></span>')
        .replace("%(pages)s", '<span class="totalPages"></span>')
    )


def render_html(doc):
    """Return the print HTML of a localized export (document.localize)."""
    return render_to_string("workplan/exports/export_print.html", {"doc": doc, "fonts": font_urls()})


def _margin_html(doc, part):
    return render_to_string(
        "workplan/exports/_export_print_margin.html", {"doc": doc, "part": part, "page_of": _page_of(doc)}
    )


def build(doc):
    """Return the export as PDF bytes."""
    html = render_html(doc)
    header, footer = _margin_html(doc, "header"), _margin_html(doc, "footer")
    # Playwright's sync API refuses to start in a thread that runs an asyncio loop (an ASGI server, a test
    # session driving a browser): Chromium is driven from a thread of its own, which never has one.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-pdf") as pool:
        printed = pool.submit(print_pdf, html, header, footer).result()
    return textlayer.fix(printed)


def print_pdf(html, header, footer):
    """Print HTML to an A4 PDF with Chromium, with a header and a footer on every page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=settings.CHROMIUM_PATH, args=LAUNCH_ARGS, headless=True, timeout=TIMEOUT_MS
        )
        try:
            context = browser.new_context(java_script_enabled=False, offline=True)
            context.route("**/*", lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template=header,
                footer_template=footer,
                margin=MARGINS,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
