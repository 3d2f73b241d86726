"""Read an HTML form as a browser would submit it, and turn it into a body with blanks to fill.

Standard library only: bench.run uses it against the live server, bench.prepare in-process.
"""

from html.parser import HTMLParser
from urllib.parse import urlencode

VERSION = "BENCHVERSIONBLANK"
COUNTER = "BENCHCOUNTERBLANK"


class _FormReader(HTMLParser):
    """Collect the (name, value) pairs a browser would post for the form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.template_depth = 0
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        if tag == "template":  # inert until a script clones it: never submitted
            self.template_depth += 1
            return
        if self.template_depth or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "selected": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["selected"].append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "template" and self.template_depth:
            self.template_depth -= 1
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["selected"]
            if not chosen and not select["multiple"] and select["first"] is not None:
                chosen = [select["first"]]
            self.fields += [(select["name"], value) for value in chosen]
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)


def read_form(html, form_id):
    """Return the form's fields as (name, value) pairs, in document order."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    if not reader.fields:
        raise ValueError(f"No form #{form_id} with fields in the page.")
    return reader.fields


def save_body(fields, note, text="body_en"):
    """Return the form body split around the blanks: the version saved from, and a counter in the English text.

    The text changes on every save (a save that changes nothing makes no revision). `text` names the field
    that changes: the section's body_en (rich text, so the note is a paragraph of its own) or an activity's
    text_en (plain text).
    """
    edited = []
    for name, value in fields:
        if name == "version":
            value = VERSION
        elif name == text:
            value = f"<p>{note} {COUNTER}.</p>{value}" if text.startswith("body_") else f"{note} {COUNTER}. {value}"
        elif name == "csrfmiddlewaretoken":
            continue
        edited.append((name, value))
    return split_blanks(urlencode(edited))


def split_blanks(text):
    """Return the text as a list of literal pieces and blank names ("version", "counter")."""
    pieces = []
    while text:
        positions = [(text.find(blank), blank) for blank in (VERSION, COUNTER) if blank in text]
        if not positions:
            pieces.append(text)
            break
        at, blank = min(positions)
        pieces.append(text[:at])
        pieces.append({VERSION: "version", COUNTER: "counter"}[blank])
        text = text[at + len(blank) :]
    return pieces


def fill(pieces, **values):
    """Return the body with the blanks filled (literal pieces are at even positions)."""
    return "".join(str(values[piece]) if index % 2 else piece for index, piece in enumerate(pieces))
