"""Search for everyone (workplan.search): Khmer cut into words, the index kept by the save services, the policy.

The matrix, the leak canary, the query guard and the hostile walk knock on /search/ too (tests marked sweep);
the recall of the 30 Khmer and 30 English queries over the seeded plan is tests/workplan/test_search_recall.py.
Tests marked postgres exercise the full-text search; the others pass on SQLite's fallback as well.
"""

import datetime
import re
import time
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from members import roles
from seed import plan_data
from tests.factories import UserFactory
from tests.workplan.builders import Drafting, Review, activity, rows_with
from tests.workplan.hostile_html import HOSTILE
from workplan import policies, workflow
from workplan.drafting import services
from workplan.models import Activity, Comment, SearchDocument, Section
from workplan.review import services as reviews
from workplan.search import highlight, khmer, selectors

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2010, 3, 1)


@pytest.fixture
def drafting():
    return Drafting()


@pytest.fixture
def review():
    return Review()


def search(client, query, language="en", **params):
    return client.get(reverse("search"), {"q": query, **params}, HTTP_ACCEPT_LANGUAGE=language)


def found(response):
    """Return (kind, section id, code) of each result on the page."""
    return [(r.kind, r.document.section_id, r.document.code) for r in response.context["results"]]


def publish(review):
    review.submit()
    review.approve_all()
    for thread in Comment.objects.filter(section__draft=review.draft, parent=None, resolved_at=None):
        reviews.comment_resolve(thread=thread, actor=review.chief)
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    workflow.council_approve(
        draft=review.draft, actor=review.chief, decision_date=DECIDED_ON, decision_reference="1 SSR"
    )


# --- Khmer words -------------------------------------------------------------------------------------------


def test_khmer_is_cut_into_words_by_icu():
    assert khmer.words("ការជួញដូរមនុស្ស") == ["ការ", "ជួញដូរ", "មនុស្ស"]
    # Digits apart from the word before them, punctuation left out, Latin letters lowered.
    assert khmer.words("ឆ្នាំ២០០៨។ IOM, UNICEF") == ["ឆ្នាំ", "២០០៨", "iom", "unicef"]
    # The subscript DA and TA are drawn alike and written either way: both are indexed and searched as TA.
    assert khmer.words("សេចក្ដីថ្លៃថ្នូរ") == khmer.words("សេចក្តីថ្លៃថ្នូរ")
    segmented = khmer.segment("ការជួញដូរមនុស្ស និងពលកម្ម")
    assert segmented.count(khmer.BOUNDARY) >= 3
    assert khmer.display(segmented) == "ការជួញដូរមនុស្ស និងពលកម្ម"


def test_a_compound_the_dictionary_keeps_whole_is_indexed_with_its_parts():
    assert khmer.words("ការអនុវត្ត") == ["ការអនុវត្ត"]  # one word for ICU
    assert {"ការ", "អនុវត្ត"} <= set(khmer.parts("ការអនុវត្ត"))
    assert {"ច្រក", "ព្រំដែន"} <= set(khmer.parts("ច្រកព្រំដែន"))
    assert khmer.parts("មនុស្ស") == ()
    indexed = khmer.index_text(khmer.segment("ការអនុវត្តច្បាប់ ឆ្នាំ២០១០"))
    assert {"អនុវត្ត", "ច្បាប់", "២០១០", "2010"} <= set(indexed.split())


def test_segmenting_200000_characters_takes_well_under_a_second():
    texts = [plan_data.FRONT_MATTER["body_km"]]
    for section in plan_data.SECTIONS.values():
        texts.append(section["body_km"])
        texts += [row["text_km"] for objective in section["objectives"] for row in objective["activities"]]
    text = re.sub("<[^>]+>", " ", " ".join(texts))
    text = (text * (200_000 // len(text) + 1))[:200_000]
    started = time.perf_counter()
    khmer.index_text(khmer.segment(text))
    seconds = time.perf_counter() - started
    print(f"\nsegmented and indexed 200,000 Khmer characters in {seconds:.3f} s ({200_000 / seconds:,.0f} a second)")
    assert seconds < 1.5


def test_a_snippet_is_escaped_text_with_mark_and_nothing_else():
    # A stray end is dropped, an unclosed mark closed.
    marked = f"<b>{khmer.MARK_START}x{khmer.MARK_END}</b> & {khmer.MARK_END}y {khmer.MARK_START}z"
    assert highlight.markup(marked) == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; y <mark>z</mark>"
    # Two words found side by side make one mark.
    side = f"{khmer.MARK_START}ស្តី{khmer.MARK_END}{khmer.BOUNDARY}{khmer.MARK_START}ពី{khmer.MARK_END}"
    assert highlight.markup(side) == "<mark>ស្តីពី</mark>"


# --- The index, kept by the save services -----------------------------------------------------------------


def documents(section):
    return {(d.kind, d.code): d for d in SearchDocument.objects.filter(section=section)}


def test_saving_a_section_indexes_it_and_its_rows(drafting):
    indexed = documents(drafting.section)
    assert set(indexed) == {("section", "")} | {("objective", str(n)) for n in (1, 2, 3)} | {
        ("activity", code) for code in ("1.1", "2.1", "3.1")
    }
    assert "អត្ថបទ" in khmer.display(indexed[("section", "")].text_km)
    assert indexed[("activity", "1.1")].ministries == " interior "
    drafting.save(body_en="<p>Checkpoints at Poipet.</p>")
    assert "Poipet" in documents(drafting.section)[("section", "")].text_en


def test_saving_one_activity_writes_its_document_alone(drafting):
    before = {key: (d.pk, d.text_en) for key, d in documents(drafting.section).items()}
    target = Activity.objects.get(objective__section=drafting.section, code="2.1")
    with CaptureQueriesContext(connection) as queries:
        services.activity_save(
            activity_id=target.pk,
            actor=drafting.staff,
            base_version=target.version,
            changes={"text_en": "Train border police in Bavet"},
        )
    writes = [q["sql"] for q in queries if "workplan_searchdocument" in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("INSERT")  # one upsert, of one row
    after = {key: (d.pk, d.text_en) for key, d in documents(drafting.section).items()}
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {("activity", "2.1")}
    assert "Bavet" in after[("activity", "2.1")][1]


def test_a_row_removed_takes_its_document_with_it(drafting):
    content = drafting.content()
    content["rows"][0]["activities"] = []
    drafting.save(rows=content["rows"])
    assert ("activity", "1.1") not in documents(drafting.section)
    assert ("objective", "1") in documents(drafting.section)


def test_a_comment_is_indexed_when_written(drafting):
    comment = reviews.comment_create(section=drafting.section, actor=drafting.colleague, body="Check Kampot's figures")
    document = SearchDocument.objects.get(kind="comment", object_id=comment.pk)
    assert document.section_id == drafting.section.pk and "Kampot" in document.text_en


def test_opening_a_draft_indexes_its_copy(review):
    publish(review)
    successor = services.draft_open(plan=review.plan, actor=review.chief)
    copy = successor.sections.get(task_force=review.task_force)
    assert set(documents(copy)) == set(documents(review.section))


def test_rebuilding_the_index_gives_the_documents_the_saves_wrote(drafting):
    reviews.comment_create(section=drafting.section, actor=drafting.colleague, body="A remark")

    def snapshot():
        return sorted(
            SearchDocument.objects.values_list(
                "kind", "object_id", "section_id", "code", "title_km", "text_en", "text_km", "ministries", "first_year"
            )
        )

    written = snapshot()
    call_command("search_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == written


# --- Who finds what ---------------------------------------------------------------------------------------


def test_the_public_finds_published_plans_only_and_never_comments(client, review):
    review.save(body_en="<p>Shelters in Kampot.</p>", body_km="<p>មណ្ឌលស្នាក់នៅខេត្តកំពត។</p>")
    reviews.comment_create(section=review.section, actor=review.colleague, body="Kampot needs more")
    assert search(client, "Kampot").context["results"] == []
    assert search(client, "កំពត").context["results"] == []
    publish(review)
    results = search(client, "Kampot").context["results"]
    assert [(r.kind, r.url) for r in results] == [("section", f"/plans/{review.plan.pk}/#prevention")]
    assert not results[0].is_confidential
    assert [r.kind for r in search(client, "កំពត", language="km").context["results"]] == ["section"]
    # Signed in, the comment is found too, and the section links to its page in the portal.
    client.force_login(review.staff)
    urls = {r.kind: r.url for r in search(client, "Kampot").context["results"]}
    assert set(urls) == {"section", "comment"}
    assert urls["section"] == reverse("workplan:section", args=[review.section.pk])


def test_each_role_finds_the_sections_it_may_read(client, review):
    review.save(body_en="<p>Shelters in Kampot.</p>")
    reviews.comment_create(section=review.section, actor=review.colleague, body="Kampot needs more")
    other = review.draft.sections.get(task_force=review.other_task_force)
    services.section_save(
        section_id=other.pk, actor=review.outsider, base_version=other.version, content={"body_en": "<p>Kampot.</p>"}
    )
    review.submit()  # in review: the liaison of Interior reads the prevention section, no one else's
    member = UserFactory(username="member-s", roles=[roles.MEMBER])
    auditor = UserFactory(username="auditor-s", roles=[roles.AUDITOR])
    for person in (review.staff, review.outsider, review.chief, review.liaison, review.other_liaison, member, auditor):
        client.force_login(person)
        results = search(client, "Kampot").context["results"]
        readable = set(
            policies.visible_sections(person).filter(pk__in=[review.section.pk, other.pk]).values_list("pk", flat=True)
        )
        assert {r.document.section_id for r in results} == readable, person
        assert {r.kind for r in results} <= {"section", "comment"}


def test_the_count_never_counts_what_is_hidden(client, review):
    review.save(body_en="<p>Kampot.</p>")
    client.force_login(review.other_liaison)
    review.submit()
    page = search(client, "Kampot")
    assert page.context["results"] == [] and page.context["page"].paginator.count == 0
    body = page.content.decode()
    assert "Nothing found" in body and "1 result" not in body
    client.force_login(review.liaison)
    assert search(client, "Kampot").context["page"].paginator.count == 1


def test_confidential_results_shown_are_audited(client, review):
    review.save(body_en="<p>Kampot.</p>")
    comment = reviews.comment_create(section=review.section, actor=review.colleague, body="Kampot needs more")
    client.force_login(review.staff)
    search(client, "Kampot")
    event = AuditEvent.objects.get(action="section.search", actor=review.staff)
    assert event.details == {"sections": [review.section.pk], "comments": [comment.pk]}
    search(client, "Nothing like this")
    assert AuditEvent.objects.filter(action="section.search").count() == 1
    publish(review)
    search(client, "Kampot")  # published: nothing confidential shown, nothing audited
    assert AuditEvent.objects.filter(action="section.search").count() == 1


# --- Filters ----------------------------------------------------------------------------------------------


def test_filters_narrow_by_plan_draft_task_force_ministry_and_year(client, drafting):
    rows = [
        {
            "code": "1",
            "text_en": "Kampot objective",
            "text_km": "",
            "activities": [
                activity("1.1", text_en="Kampot early", start=2010, end=2011),
                activity("1.2", text_en="Kampot late", lead="justice", start=2013, end=2014),
            ],
        }
    ]
    drafting.save(rows=rows, body_en="<p>Kampot.</p>")
    client.force_login(drafting.chief)

    def kinds(**params):
        response = search(client, "Kampot", **params)
        assert response.status_code == 200, response.context["form"].errors
        return sorted(f"{r.kind} {r.document.code}".strip() for r in response.context["results"])

    everything = ["activity 1.1", "activity 1.2", "objective 1", "section"]
    assert kinds() == everything
    assert kinds(plan=drafting.plan.pk, draft=drafting.draft.pk, task_force="prevention") == everything
    assert kinds(task_force="justice") == []
    assert kinds(ministry="justice") == ["activity 1.2", "objective 1", "section"]
    assert kinds(year=2011) == ["activity 1.1", "objective 1", "section"]
    assert kinds(year=2012) == ["objective 1", "section"]


def test_a_draft_one_may_not_see_is_refused_like_one_that_does_not_exist(client, drafting):
    client.force_login(UserFactory(username="liaison-s", roles=[roles.LIAISON]))
    hidden = search(client, "Kampot", draft=drafting.draft.pk)
    missing = search(client, "Kampot", draft=987_654_321)
    assert hidden.status_code == missing.status_code == 400

    # The same message, but for the number sent back, and the same page around it.
    def main(response, number):
        page = re.search(r"<main.*</main>", response.content.decode(), re.S).group()
        return page.replace(f"Select a valid choice. {number} is not", "Select a valid choice. N is not")

    assert "Select a valid choice. N is not" in main(hidden, drafting.draft.pk)
    assert main(hidden, drafting.draft.pk) == main(missing, 987_654_321)
    choices = [value for value, _label in search(client, "x").context["form"].fields["plan"].choices]
    assert drafting.plan.pk not in choices


# --- The page ---------------------------------------------------------------------------------------------


def test_pages_of_results_cost_the_same_queries_whatever_their_number(client, drafting, django_assert_max_num_queries):
    client.force_login(drafting.staff)
    drafting.save(body_en="<p>Kampot.</p>")
    with CaptureQueriesContext(connection) as one:
        assert len(search(client, "Kampot").context["results"]) == 1
    drafting.save(rows=rows_with(45), body_en="<p>Kampot.</p>")
    Activity.objects.filter(objective__section=drafting.section).update(text_en="Kampot")
    call_command("search_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with django_assert_max_num_queries(len(one)):
        page = search(client, "Kampot")
    assert page.context["page"].paginator.count == 46 and len(page.context["results"]) == selectors.PER_PAGE
    last = search(client, "Kampot", page=3)
    assert len(last.context["results"]) == 6 and 'rel="prev"' in last.content.decode()
    assert search(client, "Kampot", page="1e400").status_code == 200


def test_the_first_address_sends_on_to_search(client):
    response = client.get("/workplan/search/?q=Kampot&year=2012")
    assert response.status_code == 302 and response.url == "/search/?q=Kampot&year=2012"


def test_the_search_box_for_the_header():
    html = render_to_string("portal/_search_box.html", request=RequestFactory().get("/"))
    assert 'role="search"' in html and 'method="get"' in html and 'action="/search/"' in html
    assert re.search(r'<label for="site-search"[^>]*>[^<]+</label>', html)
    assert 'id="site-search" name="q"' in html or 'name="q" id="site-search"' in html


@pytest.mark.postgres
def test_a_word_is_found_by_its_start_and_english_by_its_stem(client, drafting):
    """The leak canary searches for its marker's start (canary7f3a) and must find every field that holds it."""
    drafting.save(body_en="<p>CANARY7f3aDRAFTINGsbodyen, trafficked children.</p>", body_km="<p>ABC123xyz ខ្មែរ</p>")
    client.force_login(drafting.staff)
    for query in ("canary7f3a", "trafficking child", "abc123"):
        assert [r.kind for r in search(client, query).context["results"]] == ["section"], query


@pytest.mark.postgres
def test_snippets_mark_the_words_found_in_the_page_language(client, drafting):
    drafting.save(body_en="<p>Shelters for victims in Kampot.</p>", body_km="<p>មណ្ឌលស្នាក់នៅសម្រាប់ជនរងគ្រោះ។</p>")
    client.force_login(drafting.staff)
    english = search(client, "shelter victim").context["results"][0]
    assert english.snippet_language == "en" and "<mark>Shelters</mark>" in english.snippet
    khmer_page = search(client, "ជនរងគ្រោះ", language="km").context["results"][0]
    assert khmer_page.snippet_language == "km"
    assert "<mark>ជនរងគ្រោះ</mark>" in khmer_page.snippet and khmer.BOUNDARY not in khmer_page.snippet


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def test_hostile_text_is_shown_as_text(client, drafting):
    """What a section holds, sanitised or written straight into the table, reaches the results as text."""
    Section.objects.filter(pk=drafting.section.pk).update(
        body_en="<p>Kampot " + " Kampot ".join(HOSTILE) + "</p>", title_en="Kampot <img src=x onerror=alert(1)>"
    )
    call_command("search_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(drafting.staff)
    results = search(client, "Kampot").context["results"]
    assert results
    for result in results:
        for markup in (result.title, result.snippet):
            parser = _Tags()
            parser.feed(str(markup))
            assert parser.tags <= {"mark"}, markup


def test_the_sqlite_fallback_finds_each_word_as_typed(client, drafting, monkeypatch):
    """SQLite's search (selectors.fallback_search): each word anywhere in the texts, the Khmer as written."""
    monkeypatch.setattr(selectors, "full_text", lambda: False)
    drafting.save(body_en="<p>Border crossings at Poipet.</p>", body_km="<p>នៅច្រកព្រំដែនប៉ោយប៉ែត។</p>")
    client.force_login(drafting.staff)
    results = search(client, "ព្រំដែន", language="km").context["results"]
    assert [r.kind for r in results] == ["section"]
    assert "<mark>ព្រំដែន</mark>" in results[0].snippet and results[0].snippet_language == "km"
    assert [r.kind for r in search(client, "poipet border").context["results"]] == ["section"]
    assert search(client, "Bavet").context["results"] == []
