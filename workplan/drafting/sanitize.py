"""Sanitise the work plan's rich text on the way in, and read it back as plain text.

Officials write plan sections in a rich-text editor and paste from Microsoft Word,
e-mail and web pages, so everything that reaches the database passes `clean_html`:
an nh3 allow-list of the structure a plan section needs and nothing else. The
result is normalised so that cleaning it again changes nothing, which lets the
service layer tell a save that changed the text from one that did not.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "ALLOWED_URL_SCHEMES", "clean_html", "html_to_text"]

ALLOWED_TAGS = frozenset(
    {
        # Paragraphs, and the three heading levels under the section title (h1) the page itself draws.
        *("p", "br", "h2", "h3", "h4"),
        *("strong", "b", "em", "i", "u", "s", "sub", "sup"),
        *("ul", "ol", "li", "blockquote", "a", "hr"),
        # Plans are full of who-does-what-by-when tables; caption, tfoot and col are left out on purpose.
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
ALLOWED_ATTRIBUTES = {
    # `rel` is not listed: nh3 adds it to every link from `link_rel`, replacing whatever the paste carried.
    "a": frozenset({"href", "title"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

# Elements whose content is never text for a reader: code, Word's <xml> settings blocks, and the
# raw-text elements whose content a browser would show as literal markup if the tag were only unwrapped.
_DROP_WITH_CONTENT = frozenset(
    {"script", "style", "xml", "title", "template", "iframe", "noscript", "noembed", "noframes", "xmp", "textarea"}
)

_INTEGER = re.compile(r"[+-]?\d{1,9}")
_COUNT = re.compile(r"\d{1,9}")
# What a browser's URL parser removes before it reads the scheme (WHATWG URL: tab and newline
# anywhere, C0 controls and space at either end), so the stored href is the one that will be followed.
_URL_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_URL_EDGE = "".join(map(chr, range(0x21)))
# Only ASCII whitespace collapses in HTML; an ideographic or no-break space at the edge is visible text.
_HTML_WHITESPACE = " \t\n\r\f"
# nh3 escapes "<" and ">" in text and in attribute values alike, so in its output every "<...>" is a tag.
_TAG = re.compile(r"<[^>]*>")
# Zero-width characters an editor leaves as a caret placeholder do not count: a body holding only these is empty.
_VISIBLE = re.compile(r"[^\s\u200b\ufeff]")
# Almost all input is stable after one pass; fuzzing misnested markup needed at most four. The bound only
# guards the loop against input that never settles.
_MAX_PASSES = 10


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Return the attribute's canonical value, or None to drop it."""
    # nh3 also calls this for attributes of elements it is about to unwrap, so only allowed pairs are touched.
    if attribute == "href" and tag == "a":
        return value.translate(_URL_TAB_OR_NEWLINE).strip(_URL_EDGE)
    if attribute == "start" and tag == "ol":
        value = value.strip()
        return str(int(value)) if _INTEGER.fullmatch(value) else None
    if attribute in {"colspan", "rowspan"} and tag in {"td", "th"}:
        value = value.strip()
        return str(int(value)) if _COUNT.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROP_WITH_CONTENT),
    # Without an explicit "*" entry ammonia keeps its default generic attributes, `lang` and `title`, on every tag.
    attributes={"*": set(), **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # A relative href has no scheme to check, and "//host" or "\\host" leave the portal; links must be absolute.
    url_relative="deny",
)


def _clean_once(html: str) -> str:
    """Run one pass of the allow-list, then collapse an empty document."""
    cleaned = _CLEANER.clean(html).strip(_HTML_WHITESPACE)
    # A regular expression, not html_to_text, because this runs on every pass and the parser costs ten times more.
    return cleaned if _VISIBLE.search(_TAG.sub("", cleaned).replace("&nbsp;", " ")) else ""


def _as_paragraphs(html: str) -> str:
    """Return the text of the HTML as escaped paragraphs, which nh3 would serialise exactly so."""
    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in html_to_text(html).split("\n") if line)


def clean_html(html: str) -> str:
    """Return the HTML reduced to the work plan's allow-list, normalised so that cleaning it again changes nothing."""
    cleaned = _clean_once(html)
    # Unwrapping a disallowed element can leave markup the parser rearranges on the next read (text
    # inside <table> from a <caption>, a <p> inside a <p> from a <button>), so clean to a fixed point.
    for _ in range(_MAX_PASSES):
        again = _clean_once(cleaned)
        if again == cleaned:
            return cleaned
        cleaned = again
    # Not reached in fuzzing. If markup keeps moving, keep the words and give up the formatting rather than
    # store HTML that reads differently each time.
    return _as_paragraphs(cleaned)


_BLOCKS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr"),
        *("table", "thead", "tbody", "tfoot", "tr", "caption", "div", "pre", "section", "article"),
    }
)
_CELLS = frozenset({"td", "th"})
_SKIPPED = frozenset({"script", "style", "template"})
_RUN_OF_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_LINE, _CELL = "\n", "\t"


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment, one line per block and a tab between table cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.cells_in_row = 0
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append(_LINE)
            if tag == "tr":
                self.cells_in_row = 0
        elif tag in _CELLS:
            if self.cells_in_row:
                self.parts.append(_CELL)
            self.cells_in_row += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "br" or tag in _BLOCKS:
            self.parts.append(_LINE)

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append(_LINE)

    def handle_data(self, data):
        if not self.skipping:
            # Whitespace in HTML source collapses as a browser would draw it; a no-break space reads as a space.
            self.parts.append(_RUN_OF_WHITESPACE.sub(" ", data.replace("\xa0", " ")))


def html_to_text(html: str) -> str:
    """Return the plain text of sanitised HTML, with each block on its own line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = "".join(extractor.parts).split(_LINE)
    cleaned = ("\t".join(cell.strip(" ") for cell in line.split(_CELL)) for line in lines)
    return "\n".join(line for line in cleaned if line.strip())
