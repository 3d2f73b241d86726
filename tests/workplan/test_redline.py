"""The redline between two revisions of a work plan section: the marked-up text, and the rows told in words."""

import random
import time
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from workplan.drafting import bounded
from workplan.drafting.redline import (
    format_amount,
    redline_html,
    redline_text,
    rows_changes,
    shorten,
    text_changes,
    tokenize,
)
from workplan.drafting.rows import MEASURES

COENG = "\u17d2"
# Vowel signs and other marks that are written after, and belong to, a base consonant.
DEPENDENT = {chr(code) for code in range(0x17B4, 0x17D4)} | {"\u17dd"}
CONSONANTS = [chr(code) for code in range(0x1780, 0x17A3)]
VOWEL_SIGNS = [chr(code) for code in range(0x17B6, 0x17C6)]

COMMITTEE = "គណៈកម្មាធិការជាតិ"  # "national committee"
# "The national committee to combat human trafficking and sexual exploitation", words split by
# zero-width spaces as Khmer editors write them, and ending with the Khmer full stop.
SENTENCE = "គណៈកម្មាធិការជាតិ\u200bប្រយុទ្ធប្រឆាំង\u200bការជួញដូរមនុស្ស\u200bនិង\u200bការកេងប្រវ័ញ្ចផ្លូវភេទ។"


class Redline(HTMLParser):
    """The output of redline_html read back: every tag, and each paragraph as (kind, text) segments."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.paragraphs = []
        self._kind = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "p":
            self.paragraphs.append([])
        elif tag in ("ins", "del"):
            self._kind = tag

    def handle_endtag(self, tag):
        if tag in ("ins", "del"):
            self._kind = None

    def handle_data(self, data):
        segments = self.paragraphs[-1]
        if segments and segments[-1][0] == self._kind:
            segments[-1] = (self._kind, segments[-1][1] + data)
        else:
            segments.append((self._kind, data))

    def spans(self):
        """Return the text of every <ins> and <del>."""
        return [text for segments in self.paragraphs for kind, text in segments if kind]

    def side(self, kind):
        """Return the text of one revision: the unchanged text with the ins ("new") or the del ("old")."""
        keep = {None, "ins" if kind == "new" else "del"}
        return "".join(text for segments in self.paragraphs for segment_kind, text in segments if segment_kind in keep)


def assert_khmer_spans_whole(html):
    """Fail if a change span starts with a mark that needs a base, or ends with a COENG."""
    for text in Redline(html).spans():
        assert text, html
        assert text[0] != COENG and text[0] not in DEPENDENT, (text, html)
        assert text[-1] != COENG, (text, html)


def assert_sides(html, old_text, new_text):
    """Fail unless the redline holds the whole old text (without ins) and the whole new text (without del)."""
    read = Redline(html)
    assert read.side("old") == old_text
    assert read.side("new") == new_text
    assert set(read.tags) <= {"p", "ins", "del"}


# Tokens.


def test_khmer_splits_into_orthographic_syllables():
    assert tokenize(COMMITTEE) == ["គ", "ណៈ", "ក", "ម្មា", "ធិ", "កា", "រ", "ជា", "តិ"]


def test_subscripts_and_signs_stay_with_their_base():
    # ស្ត្រី "woman": two subscripts and a vowel; ក្រសួង "ministry"; សំ with nikahit; ប៉ុ with a register shifter.
    assert tokenize("ស្ត្រី") == ["ស្ត្រី"]
    assert tokenize("ក្រសួង") == ["ក្រ", "សួ", "ង"]
    assert tokenize("សំណុំ") == ["សំ", "ណុំ"]
    assert tokenize("ប៉ុន្តែ") == ["ប៉ុ", "ន្តែ"]


def test_words_numbers_spaces_and_punctuation_are_tokens():
    assert tokenize("Budget: 40,000 USD (2nd year).") == [
        "Budget",
        ":",
        " ",
        "40,000",
        " ",
        "USD",
        " ",
        "(",
        "2nd",
        " ",
        "year",
        ")",
        ".",
    ]


def test_khmer_punctuation_digits_and_zero_width_space_are_tokens_of_their_own():
    assert tokenize("ជាតិ\u200bឆ្នាំ២០១០។") == ["ជា", "តិ", "\u200b", "ឆ្នាំ", "២០១០", "។"]


def test_every_character_is_in_a_token():
    text = SENTENCE + " Activity 1.1 — l'été, 3.5% ៛ \u17b6 ្"
    assert "".join(tokenize(text)) == text


# Redline of the text.


def test_inserted_english_word():
    html = redline_html("<p>The plan protects victims.</p>", "<p>The plan protects child victims.</p>")
    assert html == "<p>The plan protects <ins>child </ins>victims.</p>"


def test_deleted_english_word():
    html = redline_html("<p>The plan protects child victims.</p>", "<p>The plan protects victims.</p>")
    assert html == "<p>The plan protects <del>child </del>victims.</p>"


def test_adjacent_changes_merge_into_one_span_of_each_kind():
    html = redline_html("<p>The quick brown fox</p>", "<p>The slow red fox</p>")
    assert html == "<p>The <del>quick brown</del><ins>slow red</ins> fox</p>"


def test_result_is_safe_html():
    assert isinstance(redline_html("<p>a</p>", "<p>b</p>"), SafeString)
    assert isinstance(redline_html("", ""), SafeString)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<p>The plan protects victims.</p>",
        f"<p>{SENTENCE}</p><ul><li>{COMMITTEE}</li><li>Activity 1.1: 40,000 USD</li></ul>",
        "<h2>Objective &amp; scope</h2><p>&lt;b&gt; is not bold</p>",
    ],
)
def test_equal_bodies_have_no_changes(body):
    html = redline_html(body, body)
    assert "<ins>" not in html
    assert "<del>" not in html
    assert Redline(html).side("new") == Redline(html).side("old")


def test_markup_and_spacing_alone_are_no_change():
    html = redline_html(
        "<p>The  plan\nprotects <em>victims</em>.</p>", "<p>The plan protects <strong>victims</strong>.</p>"
    )
    assert html == "<p>The plan protects victims.</p>"


def test_khmer_vowel_change_marks_the_whole_syllable():
    # ម្មា → ម្មី: only the vowel sign changed, but a span holding just "ី" would render broken.
    html = redline_html(f"<p>{COMMITTEE}</p>", "<p>គណៈកម្មីធិការជាតិ</p>")
    assert html == "<p>គណៈក<del>ម្មា</del><ins>ម្មី</ins>ធិការជាតិ</p>"
    assert_khmer_spans_whole(html)


@pytest.mark.parametrize(
    "new",
    [
        "គណៈកម្ពាធិការជាតិ",  # a subscript consonant changed
        "គណៈកម្មាធិការជាតី",  # the last vowel changed
        "គណៈកម្មការជាតិ",  # a syllable removed
        "គណៈកម្មាធិការជាតិថ្មី",  # a word added at the end
        "ថ្មីគណៈកម្មាធិការជាតិ",  # a word added at the start
        "គណៈកម្មាធិការ",  # a word removed
        "គណះកម្មាធិការជាតិ",  # a sign replaced
        "គណៈកម្មាធិការជាតិ and the ministry",
    ],
)
def test_khmer_change_spans_never_split_a_syllable(new):
    html = redline_html(f"<p>{COMMITTEE}</p>", f"<p>{new}</p>")
    assert "<ins>" in html or "<del>" in html
    assert_khmer_spans_whole(html)
    assert_sides(html, COMMITTEE, new)


def test_khmer_word_replaced_between_zero_width_spaces():
    old = SENTENCE
    new = SENTENCE.replace("ការជួញដូរមនុស្ស", "ការធ្វើចំណាកស្រុក")
    html = redline_html(f"<p>{old}</p>", f"<p>{new}</p>")
    assert html.count("<del>") == 1
    assert html.count("<ins>") == 1
    assert_khmer_spans_whole(html)
    assert_sides(html, old, new)


def _mutate(text, rng):
    """Return Khmer text with a few edits that keep it well-formed: vowel signs and consonants swapped, words added."""
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(chars))
        char = chars[index]
        if char in VOWEL_SIGNS:
            chars[index] = rng.choice(VOWEL_SIGNS)
        elif char in CONSONANTS and rng.random() < 0.7:
            # A base consonant, or a subscript one after a COENG.
            chars[index] = rng.choice(CONSONANTS)
        elif char in CONSONANTS and chars[index - 1] != COENG:
            # Before a base consonant a syllable ends: a word may go in there.
            chars[index:index] = rng.choice(["ថ្មី", "ស្ត្រី", "ប៉ុន្តែ"])
    return "".join(chars)


@pytest.mark.parametrize("seed", range(40))
def test_random_khmer_edits_keep_syllables_whole(seed):
    rng = random.Random(seed)
    old = " ".join([SENTENCE, COMMITTEE, SENTENCE])
    new = _mutate(old, rng)
    html = redline_html(f"<p>{old}</p>", f"<p>{new}</p>")
    assert_khmer_spans_whole(html)
    assert_sides(html, old, new)


def test_regions_too_big_to_diff_are_replaced_whole(monkeypatch):
    monkeypatch.setattr(bounded, "PAIRS_LIMIT", 0)
    old = f"<p>{SENTENCE}</p><p>The plan protects victims.</p>"
    new = "<p>គណៈកម្មីធិការជាតិ</p><p>The plan protects child victims.</p>"
    budget = bounded.Budget()
    html = redline_html(old, new, budget)
    assert_khmer_spans_whole(html)
    assert_sides(html, SENTENCE + "The plan protects victims.", "គណៈកម្មីធិការជាតិThe plan protects child victims.")
    # Shown by paragraph, and the page is told.
    assert "<del>The plan protects victims.</del>" in html
    assert budget.exceeded


# Bounded work: the probe's case, a long text of few distinct words with every 50th word changed.

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu"]


def _repetitive(count, seed=1):
    rng = random.Random(seed)
    old = [rng.choice(WORDS) for _ in range(count)]
    new = [word if index % 50 else "changed" for index, word in enumerate(old)]
    return " ".join(old), " ".join(new)


def test_ten_thousand_repetitive_words_are_compared_within_two_seconds():
    # Before the budget: 1.0 s at 2,500 words, 7.3 s at 5,000 and 59 s at 10,000.
    old, new = _repetitive(10_000)
    budget = bounded.Budget()
    started = time.monotonic()
    html = redline_html(f"<p>{old}</p>", f"<p>{new}</p>", budget)
    assert time.monotonic() - started < 2
    # Coarser, never wrong: both texts whole, and the reader is told.
    assert budget.exceeded
    assert_sides(html, old, new)


def test_both_languages_of_a_page_share_one_budget():
    old, new = _repetitive(10_000)
    budget = bounded.Budget()
    started = time.monotonic()
    for _ in range(4):
        redline_html(f"<p>{old}</p>", f"<p>{new}</p>", budget)
    assert time.monotonic() - started < 2
    assert budget.exceeded


def test_a_spent_budget_compares_by_paragraph():
    budget = bounded.Budget(seconds=0)
    time.sleep(0.001)
    html = redline_html("<p>One two three.</p><p>Same.</p>", "<p>One two four.</p><p>Same.</p>", budget)
    assert budget.exceeded
    assert html == "<p><del>One two three.</del></p><p><ins>One two four.</ins></p><p>Same.</p>"


def test_ordinary_edits_stay_word_by_word_within_the_budget():
    old, new = _repetitive(600)
    budget = bounded.Budget()
    html = redline_html(f"<p>{old}</p>", f"<p>{new}</p>", budget)
    assert not budget.exceeded
    assert html.count("<ins>changed</ins>") == 12
    assert_sides(html, old, new)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("abcdef", "abXYef"),
        ("abc", "abc"),
        ("", "abc"),
        ("abc", ""),
        ("abc", "abcd"),
        ("xabc", "abc"),
        ("aaaa", "aa"),
    ],
)
def test_the_coarse_comparison_rebuilds_the_new_side(a, b):
    rebuilt = []
    for op, i1, i2, j1, j2 in bounded.trimmed(a, b):
        assert (op == "equal") == (a[i1:i2] == b[j1:j2] and i2 - i1 == j2 - j1)
        rebuilt.append(b[j1:j2])
    assert "".join(rebuilt) == b
    blocks = bounded.trimmed_blocks(a, b)
    assert blocks[-1] == (len(a), len(b), 0)
    assert all(a[i : i + n] == b[j : j + n] for i, j, n in blocks)


def test_escaped_markup_in_the_text_stays_escaped():
    old = "<p>Never paste &lt;script&gt;alert(1)&lt;/script&gt; here</p>"
    new = "<p>Never paste &lt;script&gt;alert(2)&lt;/script&gt; here &amp; &quot;there&quot; &#x27;ok&#x27;</p>"
    html = redline_html(old, new)
    assert "<script" not in html
    assert "&lt;script&gt;alert(<del>1</del><ins>2</ins>)&lt;/script&gt;" in html
    assert "&amp; &quot;there&quot; &#x27;ok&#x27;" in html
    assert_sides(
        html,
        "Never paste <script>alert(1)</script> here",
        "Never paste <script>alert(2)</script> here & \"there\" 'ok'",
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<p>Hello <img src=x onerror=alert(1)> world</p>",
        '<p>Hello <img src="x" onerror="alert(1)"/> world</p><script>alert(1)</script>',
        "<p>Hello world<style>p { display: none }</style></p><img src=x onerror=alert(1)>",
        mark_safe("<p>Hello <img src=x onerror=alert(1)> world</p>"),
    ],
)
def test_raw_markup_in_the_input_never_becomes_a_tag(hostile):
    for html in (redline_html("<p>Hello</p>", hostile), redline_html(hostile, "<p>Hello</p>")):
        assert "<img" not in html
        assert "onerror" not in html
        assert "alert" not in html
        assert set(Redline(html).tags) <= {"p", "ins", "del"}
    assert redline_html("<p>Hello</p>", hostile) == "<p>Hello<ins> world</ins></p>"


def test_text_that_looks_like_a_tag_is_escaped_even_when_inserted_whole():
    html = redline_html("", "<p>&lt;img src=x onerror=alert(1)&gt;</p>")
    assert html == "<p><ins>&lt;img src=x onerror=alert(1)&gt;</ins></p>"


def test_one_paragraph_for_each_block_and_line():
    blocks = (
        "<h2>Title</h2><p>One</p><ul><li>A</li><li>{item}</li></ul><p>x<br>y</p>"
        "<table><tr><th>Year</th><td>2010</td></tr></table><blockquote>q</blockquote><h3>Sub</h3><h4>Part</h4>"
    )
    html = redline_html(blocks.format(item="B"), blocks.format(item="Bee"))
    assert html == (
        "<p>Title</p><p>One</p><p>A</p><p><del>B</del><ins>Bee</ins></p><p>x</p><p>y</p>"
        "<p>Year</p><p>2010</p><p>q</p><p>Sub</p><p>Part</p>"
    )


def test_removed_paragraph_is_a_paragraph_of_its_own():
    html = redline_html("<p>First</p><p>Second</p><p>Third</p>", "<p>First</p><p>Third</p>")
    assert html == "<p>First</p><p><del>Second</del></p><p>Third</p>"


def test_added_paragraph_is_a_paragraph_of_its_own():
    html = redline_html("<p>First</p><p>Third</p>", "<p>First</p><p>Second</p><p>Third</p>")
    assert html == "<p>First</p><p><ins>Second</ins></p><p>Third</p>"


def test_a_change_stays_in_its_paragraph():
    old = "<p>The plan protects victims.</p><p>The plan protects victims.</p><p>Budget 40,000</p>"
    new = "<p>The plan protects victims.</p><p>The plan protects victims.</p><p>Budget 55,000</p>"
    html = redline_html(old, new)
    assert html == (
        "<p>The plan protects victims.</p><p>The plan protects victims.</p>"
        "<p>Budget <del>40,000</del><ins>55,000</ins></p>"
    )


def test_changes_across_paragraphs_keep_both_texts():
    old = "<p>One two three</p><p>Four five</p><p>Six</p>"
    new = "<p>One two</p><p>three four five</p><p>Seven</p>"
    html = redline_html(old, new)
    assert_sides(html, "One two threeFour fiveSix", "One twothree four fiveSeven")


def test_plain_text_line_is_marked_without_paragraphs():
    assert redline_text("Section 1: prevention", "Section 1: prevention and protection") == (
        "Section 1: prevention<ins> and protection</ins>"
    )
    assert redline_text("ផ្នែកទី ១ ការការពារ", "ផ្នែកទី ២ ការការពារ") == "ផ្នែកទី <del>១</del><ins>២</ins> ការការពារ"
    assert redline_text("Same  title", "Same title") == "Same title"
    assert redline_text("", "") == ""
    assert isinstance(redline_text("a", "b"), SafeString)


def test_plain_text_line_is_not_read_as_html():
    html = redline_text("Children < 18 & <b>adults</b>", "Children < 18 &amp; <script>adults</script>")
    assert "<b>" not in html
    assert "<script" not in html
    assert_sides(f"<p>{html}</p>", "Children < 18 & <b>adults</b>", "Children < 18 &amp; <script>adults</script>")


# Plan rows.

ORGANIZATIONS = {"interior": "Interior", "social-affairs": "Social Affairs", "justice": "Justice", "aple": "APLE"}


def activity(code, **fields):
    """Return an activity of the snapshot with plain values, changed by `fields`."""
    return {
        "code": code,
        "text_en": f"Activity {code} in English",
        "text_km": f"សកម្មភាព {code}",
        "lead_ministry": "interior",
        "partners": ["aple", "justice"],
        "start_year": 2010,
        "end_year": 2012,
        "budget": "40000.00",
        "currency": "USD",
        "indicator_en": "Number of officers trained",
        "indicator_km": "ចំនួនមន្ត្រីដែលបានបណ្តុះបណ្តាល",
        "baseline_en": "0",
        "baseline_km": "០",
        "target_en": "1,000",
        "target_km": "១,០០០",
        "means_of_verification_en": "Training reports",
        "means_of_verification_km": "របាយការណ៍វគ្គបណ្តុះបណ្តាល",
        **fields,
    }


def objective(code, *activities, **fields):
    """Return an objective of the snapshot holding the activities."""
    return {
        "code": code,
        "text_en": f"Objective {code} in English",
        "text_km": f"គោលបំណង {code}",
        "activities": list(activities),
        **fields,
    }


def plan(**activity_changes):
    """Return a three-objective snapshot; each keyword (such as a3_2) changes that activity's fields."""
    codes = {"1": ["1.1", "1.2"], "2": ["2.1", "2.2", "2.3"], "3": ["3.1", "3.2"]}
    return [
        objective(
            objective_code,
            *(activity(code, **activity_changes.get("a" + code.replace(".", "_"), {})) for code in activity_codes),
        )
        for objective_code, activity_codes in codes.items()
    ]


def changes(old, new):
    with override("en"):
        return rows_changes(old, new, ORGANIZATIONS)


def test_the_example_sentence():
    new = plan(a3_2={"end_year": 2013, "lead_ministry": "social-affairs", "budget": "55000.00"})
    assert changes(plan(), new) == [
        "Activity 3.2: last year 2012 → 2013; lead ministry Interior → Social Affairs; budget 40,000 → 55,000 USD"
    ]


def test_identical_rows_have_no_changes():
    assert changes(plan(), plan()) == []
    assert changes([], []) == []


def test_whitespace_and_equal_amounts_are_no_change():
    new = plan(a1_1={"budget": "40000", "start_year": "2010", "text_en": "  Activity 1.1   in English "})
    assert changes(plan(), new) == []


def test_added_activity_quotes_its_text():
    new = plan()
    new[2]["activities"].append(activity("3.4", text_en="Train provincial police"))
    assert changes(plan(), new) == ["Activity 3.4 added: Train provincial police"]


def test_added_activity_text_is_shortened_on_a_word_boundary():
    text = "Train provincial police, prosecutors and judges on the law on suppression of human trafficking"
    new = plan()
    new[2]["activities"].append(activity("3.4", text_en=text))
    [sentence] = changes(plan(), new)
    quoted = sentence.removeprefix("Activity 3.4 added: ")
    assert quoted == "Train provincial police, prosecutors and judges on the law on suppression of…"
    assert len(quoted) <= 80


def test_added_activity_quotes_the_khmer_text_in_khmer():
    text = SENTENCE * 3
    new = plan()
    new[2]["activities"].append(activity("3.4", text_km=text))
    with override("km"):
        [sentence] = rows_changes(plan(), new, ORGANIZATIONS)
    quoted = sentence[sentence.index(COMMITTEE) :]
    assert quoted.endswith("…")
    assert len(quoted) <= 80
    kept = quoted.removesuffix("…")
    assert text.startswith(kept)
    # The cut falls at a word boundary, never inside a syllable.
    assert text[len(kept)] == "\u200b"


def test_removed_activity():
    old = plan()
    new = plan()
    del new[1]["activities"][0]
    assert changes(old, new) == ["Activity 2.1 removed"]


def test_moved_activity():
    old = plan()
    new = plan()
    new[2]["activities"].append(new[1]["activities"].pop())
    assert changes(old, new) == ["Activity 2.3 moved from objective 2 to objective 3"]


def test_moved_and_changed_activity_is_one_sentence():
    old = plan()
    new = plan(a2_3={"start_year": 2011})
    new[2]["activities"].append(new[1]["activities"].pop())
    assert changes(old, new) == ["Activity 2.3 moved from objective 2 to objective 3; first year 2010 → 2011"]


def test_partners_added_and_removed():
    new = plan(a1_1={"partners": ["justice", "interior"]})
    old = plan(a1_1={"partners": ["aple", "justice"]})
    assert changes(old, new) == ["Activity 1.1: partners added Interior; partners removed APLE"]
    new = plan(a1_1={"partners": ["justice"]})
    old = plan(a1_1={"partners": ["aple"]})
    assert changes(old, new) == ["Activity 1.1: partners added Justice; partners removed APLE"]


def test_unknown_organisation_falls_back_to_its_code():
    new = plan(a1_1={"lead_ministry": "health", "partners": ["aple", "justice", "unicef"]})
    assert changes(plan(), new) == ["Activity 1.1: lead ministry Interior → health; partners added unicef"]


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"start_year": 2011}, "Activity 1.1: first year 2010 → 2011"),
        ({"end_year": None}, "Activity 1.1: last year 2012 → —"),
        ({"indicator_en": "Number of officers and judges trained"}, "Activity 1.1: indicator changed (English)"),
        ({"indicator_km": "ចំនួនមន្ត្រី និងចៅក្រម"}, "Activity 1.1: indicator changed (Khmer)"),
        (
            {"indicator_en": "Officers and judges", "indicator_km": "មន្ត្រី និងចៅក្រម"},
            "Activity 1.1: indicator changed (English and Khmer)",
        ),
        ({"target_en": "1,200"}, "Activity 1.1: target (English) 1,000 → 1,200"),
        ({"target_km": "១,២០០"}, "Activity 1.1: target (Khmer) ១,០០០ → ១,២០០"),
        (
            {"target_en": "1,200", "target_km": "១,២០០"},
            "Activity 1.1: target (English) 1,000 → 1,200; target (Khmer) ១,០០០ → ១,២០០",
        ),
        ({"target_km": ""}, "Activity 1.1: target (Khmer) ១,០០០ → —"),
        ({"baseline_en": "120"}, "Activity 1.1: baseline (English) 0 → 120"),
        (
            {"target_en": "All officers of the 25 provinces trained by the end of 2012"},
            "Activity 1.1: target changed (English)",
        ),
        (
            {"target_en": "All officers of the 25 provinces trained by the end of 2012", "target_km": "១,២០០"},
            "Activity 1.1: target changed (English and Khmer)",
        ),
        ({"means_of_verification_en": "Court records"}, "Activity 1.1: means of verification changed (English)"),
        ({"means_of_verification_km": "កំណត់ត្រាតុលាការ"}, "Activity 1.1: means of verification changed (Khmer)"),
        ({"text_km": "សកម្មភាព ថ្មី"}, "Activity 1.1: text changed (Khmer)"),
        ({"text_en": "New"}, "Activity 1.1: text changed (English)"),
        ({"text_en": "New", "text_km": "ថ្មី"}, "Activity 1.1: text changed (English and Khmer)"),
        ({"budget": "1234.50"}, "Activity 1.1: budget 40,000 → 1,234.50 USD"),
        ({"currency": "KHR"}, "Activity 1.1: budget 40,000 USD → 40,000 KHR"),
        ({"budget": 160000000, "currency": "KHR"}, "Activity 1.1: budget 40,000 USD → 160,000,000 KHR"),
        (
            {"text_en": "New", "start_year": 2011, "partners": ["aple"], "budget": "0", "target_en": "900"},
            "Activity 1.1: text changed (English); first year 2010 → 2011; partners removed Justice; "
            "budget 40,000 → 0 USD; target (English) 1,000 → 900",
        ),
    ],
)
def test_activity_field_changes(fields, sentence):
    assert changes(plan(), plan(a1_1=fields)) == [sentence]


def old_shape(rows):
    """Return rows as revisions saved them before the measures were bilingual: English under the first names."""
    return [
        {
            **row,
            "activities": [
                {
                    **{key: value for key, value in activity.items() if not key.endswith(("_en", "_km"))},
                    "text_en": activity["text_en"],
                    "text_km": activity["text_km"],
                    **{name: activity[f"{name}_en"] for name in MEASURES},
                }
                for activity in row["activities"]
            ],
        }
        for row in rows
    ]


def without_khmer_measures(rows):
    return [
        {
            **row,
            "activities": [{**activity, **{f"{name}_km": "" for name in MEASURES}} for activity in row["activities"]],
        }
        for row in rows
    ]


def test_rows_of_the_first_shape_read_as_english():
    old = old_shape(plan())
    assert "indicator" in old[0]["activities"][0] and "indicator_en" not in old[0]["activities"][0]
    assert changes(old, without_khmer_measures(plan())) == [], "the same English text, no Khmer yet: no change"
    assert changes(old, old) == []
    assert changes(old, plan()) == [
        f"Activity {code}: indicator changed (Khmer); baseline (Khmer) — → ០; target (Khmer) — → ១,០០០; "
        "means of verification changed (Khmer)"
        for code in ("1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2")
    ]
    edited = without_khmer_measures(plan(a2_1={"target_en": "1,500"}))
    assert changes(old, edited) == ["Activity 2.1: target (English) 1,000 → 1,500"]
    assert changes(edited, old) == ["Activity 2.1: target (English) 1,500 → 1,000"]


def test_objective_text_changed():
    new = plan()
    new[1]["text_en"] = "Protect victims"
    assert changes(plan(), new) == ["Objective 2: text changed (English)"]


def test_added_and_removed_objectives_tell_their_activities():
    new = [*plan(), objective("4", activity("4.1", text_en="Open a shelter"), text_en="Care for victims")]
    assert changes(plan(), new) == ["Objective 4 added: Care for victims", "Activity 4.1 added: Open a shelter"]
    assert changes(new, plan()) == ["Objective 4 removed", "Activity 4.1 removed"]


def test_sentences_follow_the_new_plan():
    old = plan()
    new = plan(a1_2={"start_year": 2011}, a3_1={"end_year": 2014})
    new[1]["text_km"] = "គោលបំណងថ្មី"
    del new[0]["activities"][0]
    assert changes(old, new) == [
        "Activity 1.2: first year 2010 → 2011",
        "Activity 1.1 removed",
        "Objective 2: text changed (Khmer)",
        "Activity 3.1: last year 2012 → 2014",
    ]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("40000.00", "40,000"),
        ("1234.50", "1,234.50"),
        (1234.5, "1,234.50"),
        (40000, "40,000"),
        ("1000000", "1,000,000"),
        ("0.125", "0.125"),
        ("0", "0"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_amounts_have_thousands_separators_and_no_decimals_when_whole(amount, shown):
    assert format_amount(amount) == shown


def test_shorten_leaves_short_text_alone():
    assert shorten("  Train   police ") == "Train police"


def test_title_changes():
    old = {"title_en": "Section 1", "title_km": "ផ្នែកទី ១"}
    with override("en"):
        assert text_changes(old, dict(old)) == []
        assert text_changes(old, {**old, "title_en": "Section one"}) == ["Title changed (English)"]
        assert text_changes(old, {**old, "title_km": "ផ្នែក ១"}) == ["Title changed (Khmer)"]
        assert text_changes(old, {"title_en": "A", "title_km": "ក"}) == ["Title changed (English and Khmer)"]
