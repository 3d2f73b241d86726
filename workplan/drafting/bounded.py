"""Comparisons that always finish: difflib's matcher with a budget, and a coarser comparison to fall back on.

difflib's SequenceMatcher (with autojunk off, as the redline and the merge
need) takes time that grows with the number of pairs of equal items between
the two sides, and again with every level of its recursion: a text of 10,000
words drawn from 15 distinct ones, every 50th changed, took 59 s to compare
word by word. Here a comparison is refused before it starts when one of its
passes would visit more than PAIRS_LIMIT pairs, and stopped as soon as the
budget's time is spent; the caller then compares coarser (by paragraph, or
what both start and end with), which is linear, and says so.

One Budget is shared by every comparison made for one answer (the sections of
a draft, both languages of a section), so the answer as a whole is bounded,
not each comparison.
"""

import time
from collections import Counter
from difflib import SequenceMatcher

# The most pairs of equal items one pass of the matcher may visit: about a fifth of a second.
PAIRS_LIMIT = 1_000_000
# The time all the comparisons of one answer may take before the rest are made coarser.
SECONDS = 0.5


class OverBudget(Exception):
    """The budget's time is spent: the comparison under way is abandoned."""


class Budget:
    """The time left for the comparisons of one answer, and whether any had to be made coarser."""

    def __init__(self, seconds=SECONDS):
        self.deadline = time.monotonic() + seconds
        self.exceeded = False

    def check(self):
        if time.monotonic() > self.deadline:
            raise OverBudget


class _Matcher(SequenceMatcher):
    """difflib's matcher, looking at the budget before each search for the longest match (each pass)."""

    def __init__(self, a, b, budget):
        self.budget = budget
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, *args, **kwargs):
        self.budget.check()
        return super().find_longest_match(*args, **kwargs)


def pairs(a, b):
    """Return how many pairs of equal items one pass of the matcher over a and b goes through, at most."""
    counts = Counter(b)
    return sum(counts[item] for item in a)


def _within(a, b, budget, answer):
    if budget.exceeded or pairs(a, b) > PAIRS_LIMIT:
        budget.exceeded = True
        return None
    try:
        return answer(_Matcher(a, b, budget))
    except OverBudget:
        budget.exceeded = True
        return None


def opcodes(a, b, budget):
    """Return difflib's opcodes turning a into b, or None when they cannot be found within the budget."""
    return _within(a, b, budget, SequenceMatcher.get_opcodes)


def matching_blocks(a, b, budget):
    """Return difflib's matching blocks of a and b, or None when they cannot be found within the budget."""
    return _within(a, b, budget, SequenceMatcher.get_matching_blocks)


def trimmed(a, b):
    """Return the coarse comparison, always linear: what both start and end with is equal, the middle replaced.

    The same shape as difflib's opcodes, so that a caller can use either.
    """
    start, end_a, end_b = 0, len(a), len(b)
    while start < end_a and start < end_b and a[start] == b[start]:
        start += 1
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    result = []
    if start:
        result.append(("equal", 0, start, 0, start))
    if end_a > start or end_b > start:
        op = "replace" if end_a > start and end_b > start else ("delete" if end_a > start else "insert")
        result.append((op, start, end_a, start, end_b))
    if end_a < len(a):
        result.append(("equal", end_a, len(a), end_b, len(b)))
    return result


def trimmed_blocks(a, b):
    """Return the matching blocks of the coarse comparison, in difflib's shape (ending with the empty block)."""
    blocks = [(i1, j1, i2 - i1) for op, i1, i2, j1, _j2 in trimmed(a, b) if op == "equal"]
    return [*blocks, (len(a), len(b), 0)]
