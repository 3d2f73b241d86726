"""Redlines between two revisions of a work plan section: the rich text, and the plan rows in words.

`redline_html` shows the new text of a section with what was inserted in `<ins>` and what was
deleted in `<del>`; `redline_text` does the same for a line of plain text such as a title. Both
diff tokens, not characters: Latin words and numbers whole, and Khmer, which is written without
spaces between words, by orthographic syllable, so that a subscript consonant or a vowel sign
never lands in a different span from the consonant it belongs to.

Every comparison has a budget (drafting.bounded): past it, a changed paragraph is shown replaced
whole instead of word by word, the budget says so, and the page tells the reader.

`rows_changes` and `text_changes` describe in translatable sentences what changed in the structured
rows (objectives and activities) and in the titles.
"""

import re
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from itertools import pairwise

from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from workplan.drafting import bounded
from workplan.drafting.rows import upgrade

# One token of text, tried in this order:
# - a Khmer orthographic syllable: a consonant or independent vowel, then any COENG + consonant
#   pairs (subscripts) and dependent vowels and signs, in whatever order the writer typed them.
#   A COENG with nothing after it and the joiners ZWNJ/ZWJ stay with the syllable too, so that no
#   span ever starts with a mark that needs a base;
# - marks without a base (broken input), kept together so they at least do not split further;
# - a run of letters and numbers outside the Khmer block, where a number keeps its inner
#   separators ("40,000", "1.5"); Latin combining accents stay with their letter;
# - a run of whitespace;
# - any other single character: punctuation, Khmer punctuation (U+17D4-U+17DA), the zero-width
#   space U+200B, symbols.
TOKEN = re.compile(
    r"""
    [\u1780-\u17B3](?:\u17D2[\u1780-\u17B3]?|[\u17B4-\u17D1\u17D3\u17DD\u200C\u200D])*
    | [\u17B4-\u17D3\u17DD]+
    | (?:\d+(?:[.,]\d+)*|[^\W\d_\u1780-\u17FF]|[\u0300-\u036F])+
    | \s+
    | .
    """,
    re.VERBOSE | re.DOTALL,
)

ZERO_WIDTH_SPACE = "\u200b"
KHMER_BASE = re.compile(r"[\u1780-\u17B3]")

# Elements that start a new paragraph of the redline. The editor writes p, li, h2-h4, blockquote
# and table cells; the rest are here so that pasted or older HTML does not run paragraphs together.
BLOCK_TAGS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "td",
        "th",
        "tr",
        "table",
        "ul",
        "ol",
        "div",
        "pre",
        "dd",
        "dt",
        "hr",
        "caption",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
    }
)
# Their content is never shown as text, so it must not be shown as text that changed.
HIDDEN_TAGS = frozenset({"script", "style", "template"})
# HTML collapses these (and only these) into one space; a no-break space is kept as written.
HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# Separates the blocks in a token stream; blocks never contain a newline once whitespace is collapsed.
BREAK = "\n"

SPAN_FORMATS = {"ins": "<ins>{}</ins>", "del": "<del>{}</del>"}

# Added objectives and activities quote their text up to about this many characters.
QUOTE_LENGTH = 80
# Baselines and targets up to this long are quoted old → new; longer ones are only said to have changed.
SHORT_VALUE_LENGTH = 40
NO_VALUE = "—"


class _BlockParser(HTMLParser):
    """Collect the text of each block element, with character references decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._parts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        elif tag in BLOCK_TAGS or tag == "br":
            self._flush()

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._hidden:
            self._parts.append(data)

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        text = HTML_WHITESPACE.sub(" ", "".join(self._parts)).strip(" ")
        self._parts = []
        # A paragraph of nothing but no-break spaces is an editor's blank line, not text.
        if text.strip():
            self.blocks.append(text)


def html_blocks(html):
    """Return the plain text of each paragraph, line and cell of the HTML, in order."""
    parser = _BlockParser()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def tokenize(text):
    """Split text into the tokens the redline compares."""
    return TOKEN.findall(text)


def redline_html(old_html, new_html, budget=None):
    """Return the new HTML's text as paragraphs, with insertions in <ins> and deletions in <del>.

    Within `budget` (a bounded.Budget, shared by the comparisons of one answer; a fresh one if none):
    past it, changed paragraphs are shown replaced whole and `budget.exceeded` is set.
    """
    budget = budget or bounded.Budget()
    old_blocks = html_blocks(old_html)
    new_blocks = html_blocks(new_html)
    paragraphs = []
    # Paragraphs left untouched are matched whole first: it is fast, and a change in one paragraph
    # then cannot be aligned with similar words in another.
    blocks = bounded.opcodes(old_blocks, new_blocks, budget) or bounded.trimmed(old_blocks, new_blocks)
    for op, i1, i2, j1, j2 in blocks:
        if op == "equal":
            paragraphs.extend([(None, block)] for block in new_blocks[j1:j2])
        elif op == "delete":
            paragraphs.extend([("del", block)] for block in old_blocks[i1:i2])
        elif op == "insert":
            paragraphs.extend([("ins", block)] for block in new_blocks[j1:j2])
        else:
            paragraphs.extend(_diff_blocks(old_blocks[i1:i2], new_blocks[j1:j2], budget))
    # format_html escapes every piece of text: the only markup in the result is the tags written here.
    return format_html_join("", "<p>{}</p>", ((_render(segments),) for segments in paragraphs))


def redline_text(old_text, new_text, budget=None):
    """Return a line of plain text, such as a title, with insertions in <ins> and deletions in <del>, and no <p>."""
    budget = budget or bounded.Budget()
    # Plain text is not parsed as HTML: a title that reads "<b>" or "&amp;" is shown as written.
    old_blocks = [text] if (text := " ".join((old_text or "").split())) else []
    new_blocks = [text] if (text := " ".join((new_text or "").split())) else []
    if old_blocks == new_blocks:
        return _render([(None, text) for text in new_blocks])
    return _render([segment for segments in _diff_blocks(old_blocks, new_blocks, budget) for segment in segments])


def _render(segments):
    """Return one paragraph's segments as escaped HTML."""
    return format_html_join(
        "",
        "{}",
        ((escape(text) if kind is None else format_html(SPAN_FORMATS[kind], text),) for kind, text in segments),
    )


def _stream(blocks):
    """Return the tokens of the blocks, with a BREAK between blocks."""
    tokens = []
    for index, block in enumerate(blocks):
        if index:
            tokens.append(BREAK)
        tokens.extend(tokenize(block))
    return tokens


def _diff_blocks(old_blocks, new_blocks, budget):
    """Return the paragraphs of a token diff between two runs of blocks, as lists of (kind, text).

    Past the budget, by paragraph: each old paragraph deleted whole, each new one inserted whole.
    """
    old_tokens = _stream(old_blocks)
    new_tokens = _stream(new_blocks)
    opcodes = _opcodes(old_tokens, new_tokens, budget)
    if opcodes is None:
        return [[("del", block)] for block in old_blocks] + [[("ins", block)] for block in new_blocks]
    paragraphs = [[]]
    for op, i1, i2, j1, j2 in _coalesce(old_tokens, opcodes):
        if op == "equal":
            _emit(paragraphs, None, new_tokens[j1:j2])
        else:
            _emit(paragraphs, "del", old_tokens[i1:i2])
            _emit(paragraphs, "ins", new_tokens[j1:j2])
    return [segments for segments in paragraphs if segments]


def _opcodes(old_tokens, new_tokens, budget):
    """Return difflib opcodes between two token lists: whole chunks matched first, then tokens inside changed ones.

    Matching token by token from the start is slow on long text, because spaces and the common Khmer
    syllables occur thousands of times; words and phrases are far more distinct. None when even the
    chunks cannot be matched within the budget.
    """
    old_bounds = _chunk_bounds(old_tokens)
    new_bounds = _chunk_bounds(new_tokens)
    old_chunks = ["".join(old_tokens[start:end]) for start, end in pairwise(old_bounds)]
    new_chunks = ["".join(new_tokens[start:end]) for start, end in pairwise(new_bounds)]
    opcodes = []
    chunks = bounded.opcodes(old_chunks, new_chunks, budget)
    if chunks is None:
        return None
    for op, i1, i2, j1, j2 in chunks:
        span = (old_bounds[i1], old_bounds[i2], new_bounds[j1], new_bounds[j2])
        if op == "equal":
            opcodes.append(("equal", *span))
        else:
            opcodes.extend(_refine(old_tokens, new_tokens, *span, budget))
    return _normalise(opcodes)


def _chunk_bounds(tokens):
    """Return the token indexes where chunks start, and the end.

    A chunk is a word, or Khmer up to a space or punctuation, with the spaces after it; or a break.
    Spaces are not chunks of their own: an element that common would make difflib slow, and one
    that difflib treats as junk would keep it from matching more than a word at a time.
    """
    bounds = [0]
    for index, token in enumerate(tokens):
        if token == BREAK:
            if bounds[-1] != index:
                bounds.append(index)
            bounds.append(index + 1)
        elif index > bounds[-1] and not _is_gap(token) and _ends_chunk(tokens[index - 1]):
            bounds.append(index)
    if bounds[-1] != len(tokens):
        bounds.append(len(tokens))
    return bounds


def _ends_chunk(token):
    """Say whether a chunk may end after this token: a space, or punctuation such as "," or "។"."""
    return _is_gap(token) or (len(token) == 1 and not token.isalnum())


def _refine(old_tokens, new_tokens, i1, i2, j1, j2, budget):
    """Return the token opcodes for a changed region, or one replacement when it cannot be diffed within the budget.

    A region rewritten at that scale reads better old and new side by side anyway; a few edits far
    apart in a long paragraph stay well within it: they are matched by chunk first, and Khmer
    syllables are varied.
    """
    # Most changed regions differ in a few tokens: trimming what they share keeps the diff small.
    start_old, start_new, end_old, end_new = i1, j1, i2, j2
    while i1 < i2 and j1 < j2 and old_tokens[i1] == new_tokens[j1]:
        i1, j1 = i1 + 1, j1 + 1
    while i1 < i2 and j1 < j2 and old_tokens[i2 - 1] == new_tokens[j2 - 1]:
        i2, j2 = i2 - 1, j2 - 1
    opcodes = [("equal", start_old, i1, start_new, j1)]
    tokens = bounded.opcodes(old_tokens[i1:i2], new_tokens[j1:j2], budget)
    if tokens is None:
        opcodes.append(("replace", i1, i2, j1, j2))
    else:
        opcodes.extend((op, a1 + i1, a2 + i1, b1 + j1, b2 + j1) for op, a1, a2, b1, b2 in tokens)
    opcodes.append(("equal", i2, end_old, j2, end_new))
    return opcodes


def _normalise(opcodes):
    """Return opcodes that cover the same ranges with equal runs and changes alternating, none empty."""
    result = []
    for op, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if result and (result[-1][0] == "equal") == (op == "equal"):
            previous, start_old, _, start_new, _ = result[-1]
            result[-1] = (previous if op == "equal" else "replace", start_old, i2, start_new, j2)
        else:
            result.append((op, i1, i2, j1, j2))
    return result


def _is_gap(token):
    """Say whether a token only separates words."""
    return token != BREAK and (token.isspace() or token == ZERO_WIDTH_SPACE)


def _coalesce(old_tokens, opcodes):
    """Join changes separated only by spaces into one change, so a rewritten phrase reads as one span."""
    result = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        # Opcodes alternate, so an equal run that is neither first nor last lies between two changes.
        if op == "equal" and 0 < index < len(opcodes) - 1 and all(_is_gap(token) for token in old_tokens[i1:i2]):
            op = "replace"
        if op != "equal" and result and result[-1][0] != "equal":
            _, start_old, _, start_new, _ = result[-1]
            result[-1] = ("replace", start_old, i2, start_new, j2)
        else:
            result.append((op, i1, i2, j1, j2))
    return result


def _emit(paragraphs, kind, tokens):
    """Append tokens of one kind to the paragraphs, merging with a preceding span of the same kind."""
    for token in tokens:
        if token == BREAK:
            # A break of either revision ends the paragraph: a removed paragraph stays a paragraph
            # of its own instead of running into its neighbour's text.
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        segments = paragraphs[-1]
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + token)
        else:
            segments.append((kind, token))


# Plan rows.

# The measures of an activity, each in English and Khmer, in the order they are told: what is said when
# the field changed in English, in Khmer or in both, and, for those whose values are worth quoting when
# short, the quote of each language's change.
MEASURES = (
    (
        "indicator",
        {
            "en": gettext_lazy("indicator changed (English)"),
            "km": gettext_lazy("indicator changed (Khmer)"),
            "en+km": gettext_lazy("indicator changed (English and Khmer)"),
        },
        None,
    ),
    (
        "baseline",
        {
            "en": gettext_lazy("baseline changed (English)"),
            "km": gettext_lazy("baseline changed (Khmer)"),
            "en+km": gettext_lazy("baseline changed (English and Khmer)"),
        },
        {
            "en": gettext_lazy("baseline (English) %(old)s → %(new)s"),
            "km": gettext_lazy("baseline (Khmer) %(old)s → %(new)s"),
        },
    ),
    (
        "target",
        {
            "en": gettext_lazy("target changed (English)"),
            "km": gettext_lazy("target changed (Khmer)"),
            "en+km": gettext_lazy("target changed (English and Khmer)"),
        },
        {
            "en": gettext_lazy("target (English) %(old)s → %(new)s"),
            "km": gettext_lazy("target (Khmer) %(old)s → %(new)s"),
        },
    ),
    (
        "means_of_verification",
        {
            "en": gettext_lazy("means of verification changed (English)"),
            "km": gettext_lazy("means of verification changed (Khmer)"),
            "en+km": gettext_lazy("means of verification changed (English and Khmer)"),
        },
        None,
    ),
)


def rows_changes(old_rows, new_rows, organizations):
    """Return one sentence for each objective and activity that differs between two snapshots of the rows."""
    old_rows = old_rows or []
    new_rows = new_rows or []
    old_objectives = {row["code"]: row for row in old_rows}
    new_objective_codes = {row["code"] for row in new_rows}
    old_activities = {
        activity["code"]: (row["code"], activity) for row in old_rows for activity in row.get("activities") or []
    }
    new_activity_codes = {activity["code"] for row in new_rows for activity in row.get("activities") or []}

    sentences = []
    # Told in the order of the new plan; what was removed follows the objective it was under.
    for row in new_rows:
        code = row["code"]
        old_row = old_objectives.get(code)
        if old_row is None:
            sentences.append(_added(_("Objective %(code)s added"), _("Objective %(code)s added: %(text)s"), row))
        elif text := _text_change(old_row, row):
            sentences.append(_("Objective %(code)s: %(changes)s") % {"code": code, "changes": text})
        for activity in row.get("activities") or []:
            previous = old_activities.get(activity["code"])
            if previous is None:
                sentences.append(_added(_("Activity %(code)s added"), _("Activity %(code)s added: %(text)s"), activity))
            elif sentence := _activity_change(previous[0], previous[1], code, activity, organizations):
                sentences.append(sentence)
        sentences.extend(
            _("Activity %(code)s removed") % {"code": activity_code}
            for activity_code, (objective_code, _activity) in old_activities.items()
            if objective_code == code and activity_code not in new_activity_codes
        )
    for row in old_rows:
        if row["code"] in new_objective_codes:
            continue
        sentences.append(_("Objective %(code)s removed") % {"code": row["code"]})
        sentences.extend(
            _("Activity %(code)s removed") % {"code": activity["code"]}
            for activity in row.get("activities") or []
            if activity["code"] not in new_activity_codes
        )
    return sentences


def text_changes(old, new):
    """Return a sentence for each title that differs between two revisions' fields."""
    languages = _changed_languages(old, new, "title_en", "title_km")
    if not languages:
        return []
    return [
        {
            "en": _("Title changed (English)"),
            "km": _("Title changed (Khmer)"),
            "en+km": _("Title changed (English and Khmer)"),
        }[languages]
    ]


def _activity_change(old_objective, old, new_objective, new, organizations):
    """Return the sentence for an activity that is in both snapshots, or None when nothing changed."""
    # A revision saved before the measures were bilingual has them in English under their first names.
    old, new = upgrade(old), upgrade(new)
    parts = []
    if text := _text_change(old, new):
        parts.append(text)
    for field, message in (
        ("start_year", gettext_lazy("first year %(old)s → %(new)s")),
        ("end_year", gettext_lazy("last year %(old)s → %(new)s")),
    ):
        if _plain(old.get(field)) != _plain(new.get(field)):
            parts.append(message % {"old": _shown(old.get(field)), "new": _shown(new.get(field))})
    if (old.get("lead_ministry") or "") != (new.get("lead_ministry") or ""):
        parts.append(
            _("lead ministry %(old)s → %(new)s")
            % {
                "old": _organization(old.get("lead_ministry"), organizations),
                "new": _organization(new.get("lead_ministry"), organizations),
            }
        )
    old_partners = list(old.get("partners") or [])
    new_partners = list(new.get("partners") or [])
    if added := [code for code in new_partners if code not in old_partners]:
        parts.append(_("partners added %(names)s") % {"names": _organizations(added, organizations)})
    if removed := [code for code in old_partners if code not in new_partners]:
        parts.append(_("partners removed %(names)s") % {"names": _organizations(removed, organizations)})
    if budget := _budget_change(old, new):
        parts.append(budget)
    for field, changed, quoted in MEASURES:
        parts += _measure_change(old, new, field, changed, quoted)

    code = new["code"]
    changes = "; ".join(str(part) for part in parts)
    if old_objective != new_objective:
        moved = {"code": code, "old": old_objective, "new": new_objective}
        if not parts:
            return _("Activity %(code)s moved from objective %(old)s to objective %(new)s") % moved
        return _("Activity %(code)s moved from objective %(old)s to objective %(new)s; %(changes)s") % {
            **moved,
            "changes": changes,
        }
    if not parts:
        return None
    return _("Activity %(code)s: %(changes)s") % {"code": code, "changes": changes}


def _measure_change(old, new, field, changed, quoted):
    """Return what is said of a measure that changed: each language's values when short and quoted, else which."""
    languages = _changed_languages(old, new, f"{field}_en", f"{field}_km")
    if not languages:
        return []
    if quoted is not None:
        values = {
            language: (_plain(old.get(f"{field}_{language}")), _plain(new.get(f"{field}_{language}")))
            for language in languages.split("+")
        }
        if all(len(value) <= SHORT_VALUE_LENGTH for pair in values.values() for value in pair):
            return [
                quoted[language] % {"old": before or NO_VALUE, "new": after or NO_VALUE}
                for language, (before, after) in values.items()
            ]
    return [str(changed[languages])]


def _text_change(old, new):
    """Return "text changed (…)" naming the languages whose text differs, or None."""
    languages = _changed_languages(old, new, "text_en", "text_km")
    if not languages:
        return None
    return {
        "en": _("text changed (English)"),
        "km": _("text changed (Khmer)"),
        "en+km": _("text changed (English and Khmer)"),
    }[languages]


def _changed_languages(old, new, english, khmer):
    """Return "en", "km", "en+km" or "" for the fields of the two languages that differ."""
    changed = [
        language
        for language, field in (("en", english), ("km", khmer))
        if _plain(old.get(field)) != _plain(new.get(field))
    ]
    return "+".join(changed)


def _added(bare, quoting, row):
    """Return the sentence for an added objective or activity, quoting its text in the current language."""
    english, khmer = _plain(row.get("text_en")), _plain(row.get("text_km"))
    language = (get_language() or "").split("-")[0]
    text = (khmer or english) if language == "km" else (english or khmer)
    if not text:
        return bare % {"code": row["code"]}
    return quoting % {"code": row["code"], "text": shorten(text)}


def shorten(text, limit=QUOTE_LENGTH):
    """Return text cut to at most `limit` characters on a token boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tokens = tokenize(text)
    kept = []
    length = 0
    # Cutting between tokens keeps Latin words and Khmer syllables whole.
    for token in tokens:
        if length + len(token) > limit - 1:
            break
        kept.append(token)
        length += len(token)
    # A Khmer word is several syllables: when the cut falls inside Khmer, end at the last space or
    # zero-width space of the second half instead, if there is one.
    following = tokens[len(kept)]
    if kept and KHMER_BASE.match(kept[-1]) and KHMER_BASE.match(following):
        for index in range(len(kept) - 1, len(kept) // 2, -1):
            if _is_gap(kept[index]):
                kept = kept[:index]
                break
    shortened = "".join(kept).rstrip() or text[: limit - 1]
    return shortened + "…"


def _plain(value):
    """Return a value as text with its whitespace collapsed, "" for none."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _shown(value):
    """Return a value as shown in a sentence, a dash for none."""
    return _plain(value) or NO_VALUE


def _organization(code, organizations):
    """Return an organisation's name in the current language, or its code when the name is unknown."""
    if not code:
        return NO_VALUE
    return organizations.get(code) or code


def _organizations(codes, organizations):
    """Return the names of the organisations, comma-separated."""
    return ", ".join(_organization(code, organizations) for code in codes)


def _decimal(value):
    """Return an amount as a Decimal, or None when there is none or it is not a number."""
    if value is None or value == "":
        return None
    try:
        # Through str: a float from JSON becomes the decimal it was written as, not its binary value.
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def format_amount(value):
    """Return an amount with thousands separators: no decimals when whole, else at least two."""
    amount = _decimal(value)
    if amount is None:
        return _plain(value) or NO_VALUE
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    if amount.as_tuple().exponent >= -2:
        return f"{amount:,.2f}"
    return f"{amount:,}"


def _budget_change(old, new):
    """Return "budget old → new CUR", with the currency on both sides when it changed, or None."""
    old_amount, new_amount = _decimal(old.get("budget")), _decimal(new.get("budget"))
    if old_amount is None or new_amount is None:
        same_amount = _plain(old.get("budget")) == _plain(new.get("budget"))
    else:
        # Compared as numbers: "40000" and "40000.00" are the same budget.
        same_amount = old_amount == new_amount
    old_currency, new_currency = _plain(old.get("currency")), _plain(new.get("currency"))
    if same_amount and old_currency == new_currency:
        return None
    before, after = format_amount(old.get("budget")), format_amount(new.get("budget"))
    if old_currency == new_currency:
        # Strip: with no currency given the sentence would end in a space.
        return (
            _("budget %(old)s → %(new)s %(currency)s") % {"old": before, "new": after, "currency": new_currency}
        ).strip()
    return _("budget %(old)s %(old_currency)s → %(new)s %(new_currency)s") % {
        "old": before,
        "old_currency": old_currency or NO_VALUE,
        "new": after,
        "new_currency": new_currency or NO_VALUE,
    }
