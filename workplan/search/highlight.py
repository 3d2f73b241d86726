"""Snippets: the words found, marked with <mark>, and everything else escaped.

PostgreSQL's ts_headline (or, on SQLite, mark_terms) wraps each word found in the private-use
characters MARK_START and MARK_END, which the index never stores (workplan.search.khmer). markup()
escapes the whole text first, then turns those two characters, and only they, into <mark> and </mark>:
whatever a section, a row or a comment holds, a snippet is text with <mark> and nothing else.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from workplan.search.khmer import BOUNDARY, MARK_END, MARK_START


def markup(marked):
    """Return safe HTML of a text whose found words are between MARK_START and MARK_END (in pairs, unnested)."""
    # Words found side by side (ស្តី|ពី, two words of ស្តីពី) make one mark.
    text = escape(re.sub(f"{MARK_END}{BOUNDARY}?{MARK_START}", "", marked).replace(BOUNDARY, ""))
    opened = False
    parts = []
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START and not opened:
            parts.append("<mark>")
            opened = True
        elif piece == MARK_END and opened:
            parts.append("</mark>")
            opened = False
        elif piece not in (MARK_START, MARK_END):
            parts.append(piece)
    if opened:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped above; the only markup added is <mark> and </mark>


def has_match(marked):
    """Return whether a headline marks a word found."""
    return MARK_START in marked


def mark_terms(text, terms, width=240):
    """Return the passage of `text` around the first of `terms` found, every term in it marked (SQLite's snippets).

    Terms are found as they are typed, ignoring case, also inside longer words (the fallback's matching).
    """
    lowered = text.lower()
    found = [(lowered.find(term), term) for term in terms if term and lowered.find(term) >= 0]
    if not found:
        return text[:width]
    first = min(found)[0]
    start = max(0, first - width // 3)
    passage = text[start : start + width]
    pattern = re.compile("|".join(re.escape(term) for _at, term in sorted(found, key=lambda f: -len(f[1]))), re.I)
    marked = pattern.sub(lambda match: f"{MARK_START}{match.group()}{MARK_END}", passage)
    return ("…" if start else "") + marked + ("…" if start + width < len(text) else "")
