"""The three-way merge of a section's content: one side's change is kept, only a true conflict asks for a choice."""

import random
import time

import pytest

from tests.workplan.builders import activity
from workplan.drafting.merge import blocks, diff3, merge, refine


def content(body="<p>a</p><p>b</p><p>c</p>", activities=None, title="Title", objectives=None):
    rows = objectives or [
        {"code": "1", "text_en": "Objective 1", "text_km": "", "activities": activities or [activity("1.1")]}
    ]
    return {"title_en": title, "title_km": "ចំណងជើង", "body_en": body, "body_km": "", "rows": rows}


def budgets(result):
    return {a["code"]: a["budget"] for o in result.content["rows"] for a in o["activities"]}


def test_what_only_one_side_changed_keeps_that_sides_change():
    base = content(activities=[activity("1.1"), activity("1.4", budget="60000.00")])
    theirs = content(activities=[activity("1.1"), activity("1.4", budget="61000.00")])
    mine = content(body="<p>a</p><p>B</p><p>c</p>", activities=[activity("1.1"), activity("1.4", budget="60000.00")])
    result = merge(base, mine, theirs)
    assert result.clean
    assert budgets(result) == {"1.1": "40000.00", "1.4": "61000.00"}, "their budget is not put back"
    assert result.content["body_en"] == "<p>a</p><p>B</p><p>c</p>"
    assert ("activity", "1.4", "budget") in result.kept_theirs


def test_the_same_field_changed_differently_is_one_conflict_settled_by_choice():
    base = content(activities=[activity("1.4", budget="60000.00")])
    theirs = content(activities=[activity("1.4", budget="61000.00")])
    mine = content(activities=[activity("1.4", budget="59000.00")])
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert (conflict.path, conflict.base, conflict.mine, conflict.theirs) == (
        ("activity", "1.4", "budget"),
        "60000.00",
        "59000.00",
        "61000.00",
    )
    assert budgets(result) == {"1.4": "61000.00"}, "until chosen, theirs stands"
    assert budgets(merge(base, mine, theirs, {conflict.key: "mine"})) == {"1.4": "59000.00"}
    assert merge(base, mine, theirs, {conflict.key: "theirs"}).clean
    edited = content(activities=[activity("1.4", budget="59500.00")])
    assert budgets(merge(base, edited, theirs, {conflict.key: "mine"})) == {"1.4": "59500.00"}, "mine may be edited"
    moved_on = content(activities=[activity("1.4", budget="62000.00")])
    assert not merge(base, mine, moved_on, {conflict.key: "mine"}).clean, "a choice made on another value is void"


def test_the_same_change_on_both_sides_is_no_conflict():
    base = content()
    both = content(title="Same new title")
    assert merge(base, both, both).clean


@pytest.mark.parametrize(
    ("mine", "theirs", "merged"),
    [
        ("<p>a</p><p>B</p><p>c</p>", "<p>a</p><p>b</p><p>C</p>", "<p>a</p><p>B</p><p>C</p>"),  # neighbours
        ("<p>A</p><p>b</p><p>c</p>", "<p>a</p><p>b</p><p>c</p><p>d</p>", "<p>A</p><p>b</p><p>c</p><p>d</p>"),
        ("<p>b</p><p>c</p>", "<p>a</p><p>b</p><p>C</p>", "<p>b</p><p>C</p>"),  # one removed, one changed
        ("<p>a</p><p>new</p><p>b</p><p>c</p>", "<p>a</p><p>b</p><p>C</p>", "<p>a</p><p>new</p><p>b</p><p>C</p>"),
        ("<p>a</p><p>B</p><p>c</p>", "<p>a</p><p>b</p><p>added</p><p>c</p>", "<p>a</p><p>B</p><p>added</p><p>c</p>"),
    ],
)
def test_paragraphs_changed_on_one_side_only_merge(mine, theirs, merged):
    result = merge(content(), content(body=mine), content(body=theirs))
    assert result.clean and result.content["body_en"] == merged


def test_the_same_paragraph_changed_differently_is_a_conflict_of_that_paragraph_only():
    result = merge(
        content(), content(body="<p>a</p><p>mine</p><p>C</p>"), content(body="<p>A</p><p>theirs</p><p>c</p>")
    )
    (conflict,) = result.conflicts
    assert (conflict.path, conflict.mine, conflict.theirs) == (("body_en", 0), "<p>mine</p>", "<p>theirs</p>")
    chosen = merge(
        content(),
        content(body="<p>a</p><p>mine</p><p>C</p>"),
        content(body="<p>A</p><p>theirs</p><p>c</p>"),
        {conflict.key: "mine"},
    )
    assert chosen.content["body_en"] == "<p>A</p><p>mine</p><p>C</p>"


def test_rows_added_removed_and_moved_on_either_side_merge():
    base = content(activities=[activity("1.1"), activity("1.2"), activity("1.3")])
    mine = content(activities=[activity("1.3"), activity("1.1"), activity("1.2"), activity("1.5")])  # moved, added
    theirs = content(activities=[activity("1.1", budget="1.00"), activity("1.3"), activity("1.4")])  # removed 1.2
    result = merge(base, mine, theirs)
    assert result.clean
    codes = [a["code"] for a in result.content["rows"][0]["activities"]]
    assert codes == ["1.3", "1.1", "1.4", "1.5"]
    assert budgets(result)["1.1"] == "1.00"


def test_a_row_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    base = content(activities=[activity("1.1"), activity("1.2")])
    mine = content(activities=[activity("1.1")])
    theirs = content(activities=[activity("1.1"), activity("1.2", budget="5.00")])
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.path == ("activity", "1.2") and conflict.mine is None
    assert "1.2" not in budgets(merge(base, mine, theirs, {conflict.key: "mine"}))
    assert budgets(merge(base, mine, theirs, {conflict.key: "theirs"}))["1.2"] == "5.00"


def test_partners_merge_as_a_set():
    base = content(activities=[activity("1.1", partners=["a", "b"])])
    mine = content(activities=[activity("1.1", partners=["a", "b", "c"])])
    theirs = content(activities=[activity("1.1", partners=["b"])])
    result = merge(base, mine, theirs)
    assert result.clean and result.content["rows"][0]["activities"][0]["partners"] == ["b", "c"]


def test_an_activity_moved_to_another_objective_on_one_side_stays_moved():
    objectives = [
        {"code": "1", "text_en": "", "text_km": "", "activities": [activity("1.1")]},
        {"code": "2", "text_en": "", "text_km": "", "activities": []},
    ]
    moved = [dict(objectives[0], activities=[]), dict(objectives[1], activities=[activity("1.1")])]
    renamed = [dict(objectives[0], text_en="Renamed"), objectives[1]]
    result = merge(content(objectives=objectives), content(objectives=moved), content(objectives=renamed))
    assert result.clean
    assert [(o["code"], o["text_en"], [a["code"] for a in o["activities"]]) for o in result.content["rows"]] == [
        ("1", "Renamed", []),
        ("2", "", ["1.1"]),
    ]


def test_an_unknown_base_makes_every_difference_a_conflict():
    result = merge(None, content(title="Mine"), content(title="Theirs"))
    assert [conflict.path for conflict in result.conflicts] == [("title_en",)]


def test_blocks_give_the_html_back_whole():
    html = "<p>a</p>\n<ul><li>x<ul><li>y</li></ul></li></ul>loose<br><h2>h</h2><table><tr><td>1</td></tr></table>"
    parts = blocks(html)
    assert "".join(parts) == html
    assert parts == ["<p>a</p>\n", "<ul><li>x<ul><li>y</li></ul></li></ul>", "loose", "<br>", "<h2>h</h2>", parts[-1]]


def test_diff3_regions_and_their_refinement():
    assert [region[0] for region in diff3("abc", "aXc", "abc")] == ["same", "mine", "same"]
    assert refine(list("abc"), list("Xbc"), list("abY")) == [("merged", ["X", "b", "Y"])] or refine(
        list("abc"), list("Xbc"), list("abY")
    ) == [("merged", ["X"]), ("merged", ["b"]), ("merged", ["Y"])]
    assert refine(list("abc"), list("aXc"), list("aYc")) == [
        ("merged", ["a"]),
        ("conflict", ["b"], ["X"], ["Y"]),
        ("merged", ["c"]),
    ]
    assert refine(list("ab"), list("aXb"), list("aYb"))[1] == ("conflict", [], ["X"], ["Y"]), (
        "two insertions at one place"
    )


# Bounded work: a long text of few distinct paragraphs, changed near each end.


def _paragraphs(count, seed=2):
    rng = random.Random(seed)
    return [rng.choice(["<p>alpha</p>", "<p>beta</p>", "<p>gamma</p>"]) for _ in range(count)]


def test_a_merge_of_forty_thousand_repetitive_paragraphs_finishes_and_keeps_both_changes():
    # Before the budget: 8 s at 10,000 paragraphs, and over two minutes at 40,000.
    base = _paragraphs(40_000)
    mine, theirs = list(base), list(base)
    mine[5], theirs[-5] = "<p>mine</p>", "<p>theirs</p>"
    started = time.monotonic()
    regions = list(diff3(base, mine, theirs))
    assert time.monotonic() - started < 2
    assert [kind for kind, *_parts in regions if kind != "same"] == ["mine", "theirs"]
    texts = {"title_en": "Prevention", "title_km": "ការបង្ការ", "body_km": "", "rows": []}
    merged = merge(*({**texts, "body_en": "".join(side)} for side in (base, mine, theirs)))
    assert merged.content["body_en"] == "".join([*base[:5], "<p>mine</p>", *base[6:-5], "<p>theirs</p>", *base[-4:]])
    assert not merged.conflicts
