"""Khmer words: Khmer is written without spaces between words, so search cuts it into words first.

ICU's word break iterator (PyICU) cuts with ICU's Khmer dictionary; the same cut is made when indexing and
when searching. It was measured against the CRF tokenizer of `khmercut` (0.2.0) on the seeded plan's text,
with the 60 queries of tests/workplan/test_search_recall.py:
- speed: ICU alone cuts 200,000 characters in 0.04 s, the tokenizer in 2.8 s (5.6 million against 71,000
  characters a second); this module, with its own work on each run of Khmer, indexes about a million a second
  with ICU and 29,000 with the tokenizer;
- recall (share of the expected results on the first page, Khmer queries): ICU 93.3%, the tokenizer 88.5%;
  with the parts of compounds indexed too (parts() below), 100% for either. The tokenizer keeps more
  compounds whole (ការជួញដូរ|មនុស្ស where ICU cuts ការ|ជួញដូរ|មនុស្ស), so a word inside one is missed.
ICU, finding as much at forty times the speed, is the one used.

What is stored and searched is the text as written, with two changes a reader cannot see:
- a word boundary found inside a run of Khmer letters becomes BOUNDARY (U+001F), which PostgreSQL's
  text search parser takes for a separator in every locale, and which is removed before display;
- the subscript DA (្ដ) becomes the subscript TA (្ត): the two are drawn alike and written
  interchangeably (ស្ដី, ស្តី), so a query with either finds both.
"""

import functools
import re
import threading

import icu

BOUNDARY = "\x1f"
# Private-use characters that mark the start and end of a highlighted word in a snippet (never stored).
MARK_START, MARK_END = "\ue000", "\ue001"

_KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
# A Khmer letter or digit (consonants, independent vowels, digits): a token without one is punctuation.
_KHMER_WORDISH = re.compile(r"[\u1780-\u17b3\u17e0-\u17e9]")
# Latin and other scripts: letters and digits (Python's \w, without the underscore).
_OTHER_WORD = re.compile(r"[^\W_]+")
# ICU keeps a word and the digits after it together (ឆ្នាំ២០១០): cut between letters and digits.
_DIGITS = re.compile(r"([0-9\u17e0-\u17e9]+)")
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# Characters that never reach the index: NUL (PostgreSQL refuses it), our own markers, zero-width space (a
# line-break hint some Khmer writers type between words, which would otherwise cut words in two).
_DROPPED = dict.fromkeys(map(ord, "\x00\x1f\ue000\ue001\u200b"), None)

_local = threading.local()


def _iterator():
    """Return this thread's word break iterator (an ICU iterator is not safe to share between threads)."""
    iterator = getattr(_local, "iterator", None)
    if iterator is None:
        iterator = _local.iterator = icu.BreakIterator.createWordInstance(icu.Locale("km"))
    return iterator


def clean(text):
    """Return text without the characters the index never holds (NUL, the boundary and highlight markers)."""
    return (text or "").translate(_DROPPED)


def _fold(text):
    return text.replace("\u17d2\u178a", "\u17d2\u178f")


def _cut_run(run):
    """Return the words of a run of Khmer characters (all in the Basic Multilingual Plane, so ICU's offsets are
    Python's)."""
    iterator = _iterator()
    iterator.setText(run)
    ends = list(iterator)
    words = [run[start:end] for start, end in zip([0, *ends], ends, strict=False)]
    if not _DIGITS.search(run):
        return words
    return [part for word in words for part in _DIGITS.split(word) if part]


def segment(text):
    """Return `text` cleaned, folded, with BOUNDARY between the Khmer words inside each run of Khmer letters."""
    text = _fold((text or "").translate(_DROPPED))
    return _KHMER_RUN.sub(lambda run: BOUNDARY.join(_cut_run(run.group())), text)


def display(segmented):
    """Return segmented text as a reader sees it (the boundaries removed)."""
    return segmented.replace(BOUNDARY, "")


def words(text):
    """Return the words of `text` in order, Khmer cut by the dictionary, other scripts at their spaces and signs.

    Punctuation is left out; Latin letters are lowered.
    """
    found = []
    position = 0
    text = _fold((text or "").translate(_DROPPED))
    for run in _KHMER_RUN.finditer(text):
        found += [word.lower() for word in _OTHER_WORD.findall(text[position : run.start()])]
        found += [word for word in _cut_run(run.group()) if _KHMER_WORDISH.search(word)]
        position = run.end()
    found += [word.lower() for word in _OTHER_WORD.findall(text[position:])]
    return found


def is_khmer(word):
    """Return whether a word (from words()) is Khmer."""
    return bool(_KHMER_RUN.match(word))


# Where a Khmer cluster starts: a consonant or independent vowel not written below another (after a coeng).
_CLUSTER_START = re.compile(r"(?<!\u17d2)[\u1780-\u17b3]")


@functools.lru_cache(maxsize=100_000)
def parts(word):
    """Return the dictionary words a compound the dictionary keeps whole is made of (none for other words).

    ICU keeps some compounds as one word (ការអនុវត្ត, "implementation"; ច្រកព្រំដែន, "border crossing"). A
    compound is cut at each cluster boundary where both sides, at least two clusters long, are words for ICU
    themselves, and each side is cut again the same way: ការអនុវត្ត gives ការ and អនុវត្ត, so a search for
    អនុវត្ត finds it.
    """
    found = []
    starts = [match.start() for match in _CLUSTER_START.finditer(word)]
    # Each side at least two clusters long: ICU takes any single cluster for a word.
    for index in range(2, len(starts) - 1):
        left, right = word[: starts[index]], word[starts[index] :]
        if _cut_run(left) == [left] and _cut_run(right) == [right]:
            for side in (left, right):
                found += [side, *parts(side)]
    return tuple(dict.fromkeys(found))


def index_text(segmented):
    """Return the text the 'simple' configuration indexes: the words of segmented text separated by spaces,
    then the parts of its compounds (parts()), then each number written in Khmer digits again in Latin digits
    (២០១០ is also found as 2010)."""
    spaced = segmented.replace(BOUNDARY, " ")
    extra = [part for word in set(spaced.split()) if _KHMER_RUN.fullmatch(word) for part in parts(word)]
    extra += [word.translate(_KHMER_DIGITS) for word in _DIGITS.findall(spaced) if not word.isascii()]
    return " ".join([spaced, *sorted(set(extra))]) if extra else spaced
