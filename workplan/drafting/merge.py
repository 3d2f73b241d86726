"""Three-way merge of a section's content: what a stale save changed, on top of what was saved meanwhile.

A person saves from the version they opened (the base); someone else saved
since (theirs). Instead of refusing the whole save, or letting it overwrite
the colleague, each part of the content is compared across the three:

- a field (a title, an objective's text, an activity's budget…) changed on
  one side only takes that side's value; changed alike on both, that value;
  changed differently on both, it is a conflict;
- rich text is merged paragraph by paragraph (the top-level blocks of the
  sanitised HTML): paragraphs changed, added or removed on one side only
  merge, and only the same paragraphs changed differently on both sides are
  a conflict;
- objectives and activities are matched by their code: one added on one side
  is added, one removed on one side and left alone on the other is removed,
  one removed on one side but changed on the other is a conflict; the
  partners of an activity merge as a set (each added or removed partner
  kept); the order of the rows merges as a sequence, so a row moved on one
  side stays moved.

Nothing is ever silently reverted: a value only the other side changed is
always kept, and a conflict is settled only by the person's explicit choice,
"mine" or "theirs", which names the conflict by a key that includes a
fingerprint of the base and of the other side's value it was made on (a
choice made before someone changed that value again no longer applies; the
person's own side may still be edited before choosing it).

The diff3 regions are computed with difflib's matching blocks: the
well-known algorithm, written out here rather than taken from merge3, whose
GPL licence the portal does not carry.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from workplan.drafting import bounded
from workplan.drafting import rows as rows_module

MINE, THEIRS = "mine", "theirs"
TEXT_FIELDS = ("title_en", "title_km")
RICH_FIELDS = ("body_en", "body_km")
OBJECTIVE_FIELDS = ("text_en", "text_km")
# Every field of an activity but its code (the key), its partners (merged as a set) and where it sits.
ACTIVITY_FIELDS = tuple(name for name in rows_module.ACTIVITY_FIELDS if name not in ("code", "partners"))
# An absent row: removed, or never there.
ABSENT = None


@dataclass(frozen=True)
class Conflict:
    """One place where both sides changed the same thing differently.

    `path` names it in the content: ("title_en",), ("body_km", n) for the
    n-th conflicting passage of that text, ("objective", code, field),
    ("objective", code) for a row removed on one side and changed on the
    other, and the same with "activity". `base`, `mine` and `theirs` are
    the three values (None for an absent row); `key` names the conflict in
    the form, fingerprinted by the base and theirs.
    """

    path: tuple
    base: object
    mine: object
    theirs: object

    @property
    def key(self):
        # Not fingerprinted by `mine`: the person may edit their side before choosing it, and the choice holds.
        values = json.dumps([self.base, self.theirs], sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha256(values.encode()).hexdigest()[:10]
        return "-".join(str(part) for part in self.path) + "-" + digest

    @property
    def kind(self):
        """What the conflict is about: "text", "rich", "row" or "field" (of a row)."""
        if self.path[0] in TEXT_FIELDS:
            return "text"
        if self.path[0] in RICH_FIELDS:
            return "rich"
        return "row" if len(self.path) == 2 else "field"


@dataclass
class Merged:
    """The outcome: merged content, the conflicts still waiting for a choice, and what was taken from theirs."""

    content: dict
    conflicts: list = field(default_factory=list)
    # Paths where the other side's change was kept (a field, a passage, a row), for the person to be told.
    kept_theirs: list = field(default_factory=list)

    @property
    def clean(self):
        return not self.conflicts


class _Merge:
    def __init__(self, choices):
        self.choices = choices or {}
        self.conflicts = []
        self.kept_theirs = []

    def choose(self, conflict):
        """Return the chosen side's value, or record the conflict and return theirs for now."""
        choice = self.choices.get(conflict.key)
        if choice == MINE:
            return conflict.mine
        if choice != THEIRS:
            self.conflicts.append(conflict)
        return conflict.theirs

    def value(self, path, base, mine, theirs):
        """Merge one value."""
        if mine in (theirs, base):
            if mine != theirs:
                self.kept_theirs.append(path)
            return theirs
        if theirs == base:
            return mine
        return self.choose(Conflict(path, _known(base), mine, theirs))

    def rich(self, name, base, mine, theirs):
        """Merge rich text paragraph by paragraph."""
        if mine in (theirs, base):
            if mine != theirs:
                self.kept_theirs.append((name,))
            return theirs
        if theirs == base:
            return mine
        merged, passage = [], 0
        for kind, base_part, mine_part, theirs_part in diff3(blocks(_known(base) or ""), blocks(mine), blocks(theirs)):
            if kind == "conflict":
                self.kept_theirs.append((name,))
                for piece in refine(base_part, mine_part, theirs_part):
                    if piece[0] == "merged":
                        merged.append("".join(piece[1]))
                        continue
                    conflict = Conflict((name, passage), *("".join(part) for part in piece[1:]))
                    passage += 1
                    merged.append(self.choose(conflict))
            else:
                if kind == "theirs":
                    self.kept_theirs.append((name,))
                merged.append("".join(mine_part if kind == "mine" else theirs_part))
        return "".join(merged)


def merge(base, mine, theirs, choices=None):
    """Return the three-way merge of section contents (as `content_of()` gives them) as `Merged`.

    `mine` may leave keys out: what it leaves out is what it started from.
    `base` None (the version started from is unknown) makes every difference
    between the two sides a conflict. `choices` maps conflict keys to
    "mine" or "theirs"; a conflict without one is listed and, in the
    content, holds theirs.
    """
    mine = {**(base or theirs), **mine}
    unknown = base is None
    if unknown:
        base = dict.fromkeys((*TEXT_FIELDS, *RICH_FIELDS), _UNKNOWN) | {"rows": []}
    work = _Merge(choices)
    content = {}
    for name in TEXT_FIELDS:
        content[name] = work.value((name,), base[name], mine[name], theirs[name])
    for name in RICH_FIELDS:
        content[name] = work.rich(name, base[name], mine[name], theirs[name])
    content["rows"] = _merge_rows(work, base["rows"], mine["rows"], theirs["rows"], unknown)
    return Merged(content, work.conflicts, work.kept_theirs)


class _Unknown:
    """A base value equal to nothing: both sides count as changed (the version started from is unknown)."""

    def __eq__(self, other):
        return False

    def __hash__(self):
        return 0

    def __repr__(self):
        return "unknown"


_UNKNOWN = _Unknown()


def _known(value):
    return None if value is _UNKNOWN else value


def merge_activity(base, mine, theirs, choices=None):
    """Return the three-way merge of one activity row (rows data, with its "objective" code) as `Merged`.

    For a row saved on its own from an older version of it: the same rules as
    for rows within a section's merge, field by field and partners as a set.
    """
    work = _Merge(choices)
    row = _merge_row(work, "activity", theirs["code"], (*ACTIVITY_FIELDS, "objective"), base, mine, theirs)
    return Merged(row, work.conflicts, work.kept_theirs)


def merge_objective(base, mine, theirs, choices=None):
    """Return the three-way merge of one objective's texts (rows data without its activities) as `Merged`."""
    work = _Merge(choices)
    texts = _merge_row(work, "objective", theirs["code"], OBJECTIVE_FIELDS, base, mine, theirs)
    return Merged({name: texts[name] for name in OBJECTIVE_FIELDS}, work.conflicts, work.kept_theirs)


def value_at(content, path):
    """Return what `path` (a Conflict's, or a field's) names in `content`, None when absent."""
    name = path[0]
    if name in TEXT_FIELDS or name in RICH_FIELDS:
        return content.get(name)
    objectives, activities = _flatten(content.get("rows", []))
    row = (objectives if name == "objective" else activities).get(path[1])
    if row is None or len(path) == 2:
        return row
    return row.get(path[2])


# --- Rich text ---------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>")
_VOID = frozenset({"br", "hr", "img", "col", "wbr"})


def blocks(html):
    """Split sanitised HTML into its top-level blocks (paragraphs, headings, lists, tables), exactly.

    Joined, the blocks give the HTML back unchanged; whitespace between blocks
    stays with the block before it. In clean_html's output every "<...>" is a
    tag, so tags are found by pattern and nesting counted.
    """
    parts, depth, start = [], 0, 0
    for match in _TAG.finditer(html):
        closing, tag = match.group(1), match.group(2).lower()
        if depth == 0 and match.start() > start:
            between = html[start : match.start()]
            if between.strip():
                parts.append(between)  # text outside any element: a block of its own
            elif parts:
                parts[-1] += between
            else:
                continue
            start = match.start()
        if tag in _VOID:
            if depth == 0:
                parts.append(html[start : match.end()])
                start = match.end()
            continue
        depth += -1 if closing else 1
        if depth <= 0:
            depth = 0
            parts.append(html[start : match.end()])
            start = match.end()
    rest = html[start:]
    if rest.strip():
        parts.append(rest)
    elif rest and parts:
        parts[-1] += rest
    return parts


def diff3(base, mine, theirs):
    """Yield the regions of a three-way comparison of sequences, in order.

    Each is (kind, base part, mine part, theirs part), kind being "same"
    (unchanged, or changed alike on both sides), "mine" or "theirs" (changed
    on that side only) or "conflict" (changed differently on both).
    """
    base, mine, theirs = list(base), list(mine), list(theirs)
    at_base = at_mine = at_theirs = 0
    for base_start, base_end, mine_start, mine_end, theirs_start, theirs_end in _sync_regions(base, mine, theirs):
        changed = (base[at_base:base_start], mine[at_mine:mine_start], theirs[at_theirs:theirs_start])
        if any(changed):
            yield (_kind(*changed), *changed)
        if base_end > base_start:
            same = base[base_start:base_end]
            yield ("same", same, mine[mine_start:mine_end], theirs[theirs_start:theirs_end])
        at_base, at_mine, at_theirs = base_end, mine_end, theirs_end


def refine(base, mine, theirs):
    """Split a stretch diff3 found changed on both sides into what merges and what truly conflicts.

    diff3 calls a whole stretch a conflict when the two sides changed it
    anywhere, neighbouring paragraphs included. Here each side's edits are
    taken apart (items replaced, removed or inserted) and grouped where they
    touch the same items, or both insert at the same place: a group holding the
    edits of one side only (or the same edits on both) is applied, and only
    a group where both sides edited differently is a conflict. Returns a
    list of ("merged", items) and ("conflict", base part, mine part, theirs
    part), in order.
    """
    edits = sorted(
        [(start, end, new, MINE) for start, end, new in _edits(base, mine)]
        + [(start, end, new, THEIRS) for start, end, new in _edits(base, theirs)],
        key=lambda edit: (edit[0], edit[1]),
    )
    groups = []
    for edit in edits:
        start, end = edit[0], edit[1]
        if groups:
            low, high, members = groups[-1]
            # Joined when it touches an item the group edits, or inserts where the group inserts too.
            if start < high or start == end == low == high:
                groups[-1] = (low, max(high, end), [*members, edit])
                continue
        groups.append((start, end, [edit]))
    pieces, at = [], 0
    for low, high, members in groups:
        pieces.append(("merged", base[at:low]))
        sides = {side: [edit for edit in members if edit[3] == side] for side in (MINE, THEIRS)}
        if not sides[MINE] or not sides[THEIRS] or _same_edits(sides[MINE], sides[THEIRS]):
            pieces.append(("merged", _apply(base, low, high, sides[MINE] or sides[THEIRS])))
        else:
            pieces.append(
                (
                    "conflict",
                    base[low:high],
                    _apply(base, low, high, sides[MINE]),
                    _apply(base, low, high, sides[THEIRS]),
                )
            )
        at = high
    pieces.append(("merged", base[at:]))
    return [piece for piece in pieces if piece[0] == "conflict" or piece[1]]


def _same_edits(mine, theirs):
    return [edit[:3] for edit in mine] == [edit[:3] for edit in theirs]


def _apply(base, low, high, edits):
    """Return base[low:high] with `edits` (one side's, over base positions) applied."""
    result = list(base[low:high])
    for start, end, new, _side in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        result[start - low : end - low] = new
    return result


def _edits(base, side):
    """Return the edits turning `base` into `side`: (start, end, new items) over base's positions.

    A run of paragraphs replaced one for one is taken as that many edits, so
    that each paragraph is compared with the other side's on its own.
    """
    edits = []
    # Past the budget, coarser: one edit from the first item that differs to the last. The merge is then
    # more often a conflict to choose, never a wrong merge.
    opcodes = bounded.opcodes(base, side, bounded.Budget()) or bounded.trimmed(base, side)
    for tag, start, end, at, to in opcodes:
        if tag == "replace" and end - start == to - at:
            edits += [
                (start + offset, start + offset + 1, side[at + offset : at + offset + 1])
                for offset in range(end - start)
            ]
        elif tag != "equal":
            edits.append((start, end, side[at:to]))
    return edits


def _kind(base, mine, theirs):
    if mine == theirs:
        return "same"
    if mine == base:
        return "theirs"
    if theirs == base:
        return "mine"
    return "conflict"


def _sync_regions(base, mine, theirs):
    """Return the stretches of base kept unchanged on both sides, with where they sit in each, and the end."""
    # Past the budget, coarser: only what each side shares with base at its start and its end is kept in sync.
    budget = bounded.Budget()
    mine_blocks = bounded.matching_blocks(base, mine, budget) or bounded.trimmed_blocks(base, mine)
    theirs_blocks = bounded.matching_blocks(base, theirs, budget) or bounded.trimmed_blocks(base, theirs)
    regions, i, j = [], 0, 0
    while i < len(mine_blocks) and j < len(theirs_blocks):
        mine_base, mine_at, mine_length = mine_blocks[i]
        theirs_base, theirs_at, theirs_length = theirs_blocks[j]
        low = max(mine_base, theirs_base)
        high = min(mine_base + mine_length, theirs_base + theirs_length)
        if low < high:
            in_mine, in_theirs = mine_at + low - mine_base, theirs_at + low - theirs_base
            regions.append((low, high, in_mine, in_mine + high - low, in_theirs, in_theirs + high - low))
        if mine_base + mine_length < theirs_base + theirs_length:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(base), len(mine), len(mine), len(theirs), len(theirs)))
    return regions


# --- Rows ----------------------------------------------------------------------------------


def _flatten(rows):
    """Return objectives and activities keyed by code, and the order of each."""
    objectives, activities = {}, {}
    for objective in rows:
        objectives[objective["code"]] = objective
        for activity in objective["activities"]:
            activities[activity["code"]] = {**activity, "objective": objective["code"]}
    return objectives, activities


def _merge_rows(work, base_rows, mine_rows, theirs_rows, unknown):
    base_objectives, base_activities = _flatten(base_rows)
    mine_objectives, mine_activities = _flatten(mine_rows)
    theirs_objectives, theirs_activities = _flatten(theirs_rows)
    objectives = _merge_keyed(
        work,
        "objective",
        OBJECTIVE_FIELDS,
        base_objectives,
        mine_objectives,
        theirs_objectives,
        unknown,
    )
    activities = _merge_keyed(
        work,
        "activity",
        (*ACTIVITY_FIELDS, "objective"),
        base_activities,
        mine_activities,
        theirs_activities,
        unknown,
    )
    objective_order = _merge_order(list(base_objectives), list(mine_objectives), list(theirs_objectives), objectives)
    activity_order = _merge_order(list(base_activities), list(mine_activities), list(theirs_activities), activities)
    under = {code: [] for code in objective_order}
    for code in activity_order:
        activity = dict(activities[code])
        parent = activity.pop("objective")
        if parent not in under:
            # Its objective was removed on the other side: the activity stays, under the objective it now has
            # on the side that kept it, put back so that nothing the person wrote disappears.
            under[parent] = []
            objective_order.append(parent)
            objectives[parent] = (mine_objectives.get(parent) or theirs_objectives.get(parent)) | {"activities": []}
        under[parent].append(activity)
    return [
        {**{name: objectives[code][name] for name in ("code", *OBJECTIVE_FIELDS)}, "activities": under[code]}
        for code in objective_order
    ]


def _merge_keyed(work, kind, fields, base, mine, theirs, unknown):
    """Merge rows matched by code; return code -> merged row for the rows that stay."""
    merged = {}
    for code in dict.fromkeys([*base, *theirs, *mine]):
        was, ours, other = base.get(code, ABSENT), mine.get(code, ABSENT), theirs.get(code, ABSENT)
        if unknown and ours is not ABSENT and other is not ABSENT:
            # Both have it and its history is unknown: every field they differ on is a conflict, partners join.
            was = dict.fromkeys(fields, _UNKNOWN) | {"partners": []}
        row = _merge_row(work, kind, code, fields, was, ours, other)
        if row is not ABSENT:
            merged[code] = row
    return merged


def _merge_row(work, kind, code, fields, base, mine, theirs):
    if mine is ABSENT or theirs is ABSENT:
        present = mine if theirs is ABSENT else theirs
        if present is ABSENT:
            return ABSENT  # removed on both sides, or removed on one and never on the other
        side_changed = base is ABSENT or _row_values(present, fields) != _row_values(base, fields)
        if base is not ABSENT and not side_changed:
            if theirs is ABSENT:
                work.kept_theirs.append((kind, code))
            return ABSENT  # removed on one side, untouched on the other: removed
        if base is ABSENT:
            return dict(present)  # added on one side
        # Removed on one side, changed on the other.
        conflict = Conflict(
            (kind, code),
            _row_values(base, fields),
            None if mine is ABSENT else _row_values(mine, fields),
            None if theirs is ABSENT else _row_values(theirs, fields),
        )
        chosen = work.choose(conflict)
        return ABSENT if chosen is None else dict(mine if chosen is conflict.mine else theirs)
    row = dict(theirs)
    for name in fields:
        old = base[name] if base is not ABSENT else _UNKNOWN
        row[name] = work.value((kind, code, name), old, mine[name], theirs[name])
    if "partners" in theirs:
        row["partners"] = _merge_set(
            base.get("partners", []) if base is not ABSENT else [], mine["partners"], theirs["partners"]
        )
    return row


def _row_values(row, fields):
    values = {name: row[name] for name in fields}
    if "partners" in row:
        values["partners"] = sorted(row["partners"])
    return values


def _merge_set(base, mine, theirs):
    """Merge sets: what either side added is added, what either side removed is removed."""
    base, mine, theirs = set(base), set(mine), set(theirs)
    return sorted((base | (mine - base) | (theirs - base)) - (base - mine) - (base - theirs))


def _merge_order(base, mine, theirs, kept):
    """Merge the order of codes as a sequence, keeping exactly the codes in `kept`.

    Where both sides reordered the same stretch differently, theirs is taken,
    followed by what only mine has there.
    """
    order = []
    for kind, _base_part, mine_part, theirs_part in diff3(base, mine, theirs):
        if kind == "mine":
            order += mine_part
        elif kind == "conflict":
            order += theirs_part + [code for code in mine_part if code not in theirs_part]
        else:
            order += theirs_part
    order = [code for code in dict.fromkeys(order) if code in kept]
    return order + [code for code in kept if code not in order]
