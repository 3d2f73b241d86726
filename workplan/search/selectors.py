"""Search: the plans, sections, objectives, activities and comments a person may see that hold the words asked for.

Every result comes through workplan.policies.visible_search_documents, so a
search shows, counts and pages only what the person may read; the filters'
choices come through the policy too. On PostgreSQL the words are matched
with full-text search (workplan.search.khmer cuts Khmer into words, English is
stemmed), ranked, and shown in snippets by ts_headline. SQLite, the embedded
default, has a simpler fallback: each word found as it is typed, anywhere in
the texts (`icontains`), newest drafts first, snippets cut in Python.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from members.models import Organization
from taskforces.models import TaskForce
from workplan import policies
from workplan.models import Draft, PublishedPlan, SearchDocument
from workplan.search import highlight, khmer

Kind = SearchDocument.Kind
PER_PAGE = 20
MAX_WORDS = 16
# Among results ranked alike: plans, then sections, objectives, activities, comments.
KIND_ORDER = Case(
    *(When(kind=kind, then=Value(order)) for order, kind in enumerate(Kind.values)), output_field=IntegerField()
)
_HEADLINE = {"start_sel": khmer.MARK_START, "stop_sel": khmer.MARK_END, "fragment_delimiter": " … "}
# Khmer words are short (a syllable or two): a snippet holds more of them.
_TEXT_WORDS = {"en": {"max_words": 30, "min_words": 12}, "km": {"max_words": 45, "min_words": 18}}
_FIELDS = (
    "kind",
    "object_id",
    "code",
    "plan__id",
    "plan__name_en",
    "plan__name_km",
    "draft__id",
    "draft__number",
    "draft__state",
    "draft__plan_id",
    "section__id",
    "section__title_en",
    "section__title_km",
    "section__draft_id",
    "section__task_force__code",
)


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to: objects already read through the policy (None: not narrowed)."""

    plan: object = None
    draft: object = None
    task_force: object = None
    ministry: object = None
    year: int | None = None


@dataclass(frozen=True)
class Result:
    """One result as the page shows it: safe HTML for the title and snippet, the address, whether confidential."""

    kind: str
    label: str
    title: str
    snippet: str
    snippet_language: str
    url: str
    context: str
    document: SearchDocument

    @property
    def is_confidential(self):
        return self.document.draft_id is not None and self.document.draft.state != Draft.State.PUBLISHED


NO_FILTERS = Filters()


def words(query):
    """Return the words of a query as search matches them (Khmer cut into words), at most MAX_WORDS."""
    return khmer.words(query)[:MAX_WORDS]


def _raw(words, config, prefix):
    """Return to_tsquery(config) of the words, all required; with `prefix`, each a word or the start of one."""
    escaped = (word.replace("\\", "\\\\").replace("'", "''") for word in words)
    ending = ":*" if prefix else ""
    return SearchQuery(" & ".join(f"'{word}'{ending}" for word in escaped), search_type="raw", config=config)


def _tsquery(terms):
    """Return the query every document found must match.

    Khmer words are matched as whole words against the Khmer texts' words ('simple'): they are the
    dictionary's words, and a compound is indexed with its parts (workplan.search.khmer.parts). A word
    as its start (ការ:*) would also take every word beginning alike, and PostgreSQL would then read every
    document rather than its index. The other words, each a word or the start of one, must all be in the
    English texts (stemmed by 'english', which drops stop words such as "of") or all among the Khmer texts'
    words (a name or an abbreviation written in Latin letters there).
    """
    khmer_words = [word for word in terms if khmer.is_khmer(word)]
    other = [word for word in terms if not khmer.is_khmer(word)]
    parts = [_raw(khmer_words, "simple", prefix=False)] if khmer_words else []
    if other:
        parts.append(_raw(other, "english", prefix=True) | _raw(other, "simple", prefix=True))
    return reduce(operator.and_, parts)


def _public_current(queryset):
    """Keep, of published drafts, the one each plan's public page shows (its newest publication)."""
    newest = PublishedPlan.objects.filter(plan=OuterRef("plan")).order_by("-published_at").values("draft")[:1]
    return queryset.filter(Q(draft__isnull=True) | Q(draft=Subquery(newest)))


def _filtered(queryset, filters):
    if filters.plan is not None:
        queryset = queryset.filter(plan=filters.plan)
    if filters.draft is not None:
        queryset = queryset.filter(draft=filters.draft)
    if filters.task_force is not None:
        queryset = queryset.filter(section__task_force=filters.task_force)
    if filters.ministry is not None:
        queryset = queryset.filter(ministries__contains=f" {filters.ministry.code} ")
    if filters.year is not None:
        queryset = queryset.filter(first_year__lte=filters.year, last_year__gte=filters.year)
    return queryset


def document_search(user, query, filters=NO_FILTERS):
    """Return the documents the user may find for the query, best first, with their snippets' material.

    Nothing for a query without a word. The queryset is for a paginator: it costs one query to count and
    one per page, whatever the number of results.
    """
    terms = words(query)
    if not terms:
        return SearchDocument.objects.none()
    documents = policies.visible_search_documents(user)
    if not user.is_authenticated:
        documents = _public_current(documents)
    documents = _filtered(documents, filters).select_related("plan", "draft", "section__task_force")
    if full_text():
        tsquery = _tsquery(terms)
        documents = documents.filter(vector=tsquery).only(*_FIELDS)
        headlines = {}
        for language, config in (("en", "english"), ("km", "simple")):
            if language == "en" and any(khmer.is_khmer(word) for word in terms):
                # A Khmer word is found in the Khmer texts alone: no English snippet can mark it.
                headlines |= {f"{name}_en_marked": Value("", output_field=TextField()) for name in ("title", "text")}
                continue
            headlines[f"title_{language}_marked"] = SearchHeadline(
                f"title_{language}", tsquery, config=config, highlight_all=True, **_HEADLINE
            )
            headlines[f"text_{language}_marked"] = SearchHeadline(
                f"text_{language}", tsquery, config=config, max_fragments=2, **_HEADLINE, **_TEXT_WORDS[language]
            )
        return documents.annotate(rank=SearchRank(F("vector"), tsquery), **headlines).order_by(
            "-rank", KIND_ORDER, F("draft__number").desc(nulls_last=True), "pk"
        )
    return fallback_search(documents, terms)


def full_text():
    """Return whether the database searches with full-text search (PostgreSQL), else the fallback (SQLite)."""
    return connection.vendor == "postgresql"


def fallback_search(documents, terms):
    """Return the documents holding each word as it is typed, anywhere in their texts, newest drafts first.

    SQLite's search, without ranking or stemming: the Khmer texts are searched as written (their word
    boundaries taken out), so a Khmer word is found wherever its letters are.
    """
    boundary, nothing = Value(khmer.BOUNDARY, output_field=TextField()), Value("", output_field=TextField())
    documents = documents.annotate(
        title_km_plain=Replace("title_km", boundary, nothing),
        text_km_plain=Replace("text_km", boundary, nothing),
    )
    for word in terms:
        documents = documents.filter(
            Q(title_en__icontains=word)
            | Q(text_en__icontains=word)
            | Q(title_km_plain__icontains=word)
            | Q(text_km_plain__icontains=word)
        )
    return documents.only(*_FIELDS, "title_en", "title_km", "text_en", "text_km").order_by(
        KIND_ORDER, F("draft__number").desc(nulls_last=True), "pk"
    )


def search_page(user, query, filters=NO_FILTERS, page=1):
    """Return (the page of results, its Paginator's page) for the user's query: PER_PAGE results a page."""
    paginator = Paginator(document_search(user, query, filters), PER_PAGE)
    with transaction.atomic(savepoint=False):
        if full_text():
            with connection.cursor() as cursor:
                # The index and the documents are read from memory, where a page read at random costs about what a
                # sequential one does. At PostgreSQL's default (4, for spinning disks) the planner reads the whole
                # table, and every document's tsvector, rather than the GIN index whenever the words are common:
                # 37 ms against 4.5 ms for the count of the benchmark's Khmer search on its quick database.
                cursor.execute("SET LOCAL random_page_cost = 1.1")
        found = paginator.get_page(page)
        terms = words(query)
        return [_result(document, user, terms) for document in found.object_list], found


def _marked(document, terms):
    """Return {field: text with the found words marked} for a document (PostgreSQL's headlines, or Python's)."""
    if hasattr(document, "text_en_marked"):
        return {name: getattr(document, f"{name}_marked") for name in ("title_en", "title_km", "text_en", "text_km")}
    lowered = [term.lower() for term in terms]
    return {
        name: highlight.mark_terms(khmer.display(getattr(document, name)), lowered, width=10_000 if "title" in name
                                   else 240)
        for name in ("title_en", "title_km", "text_en", "text_km")
    }  # fmt: skip


def _in_language(marked, field):
    """Return (text, language) of a field in the page's language, else the other's, preferring one with a match."""
    first = "km" if get_language() == "km" else "en"
    order = (first, "en" if first == "km" else "km")
    for language in order:
        if highlight.has_match(marked[f"{field}_{language}"]):
            return marked[f"{field}_{language}"], language
    for language in order:
        if marked[f"{field}_{language}"].strip():
            return marked[f"{field}_{language}"], language
    return "", first


def _bilingual(en, km):
    return (km or en) if get_language() == "km" else (en or km)


def _result(document, user, terms):
    marked = _marked(document, terms)
    text, language = _in_language(marked, "text")
    section = document.section
    plan_name = _bilingual(document.plan.name_en, document.plan.name_km)
    public = not user.is_authenticated
    if document.kind == Kind.PLAN:
        title, _lang = _in_language(marked, "title")
        label = _("Plan")
        url = reverse("public-plan" if public else "workplan:plan", args=[document.plan_id])
        context = ""
    else:
        section_title = _bilingual(section.title_en, section.title_km)
        key = section.task_force.code if section.task_force_id else "front"
        if document.kind == Kind.SECTION:
            title, _lang = _in_language(marked, "title")
            label = _("Section")
            anchor = key
            page = reverse("workplan:section", args=[section.pk])
        elif document.kind == Kind.OBJECTIVE:
            title = section_title
            label = _("Objective %(code)s") % {"code": document.code}
            anchor = f"{key}-objective-{document.code}"
            page = reverse("workplan:section", args=[section.pk]) + f"#objective-{document.code}"
        elif document.kind == Kind.ACTIVITY:
            title = section_title
            label = _("Activity %(code)s") % {"code": document.code}
            anchor = f"{key}-activity-{document.code}"
            page = reverse("workplan:activity", args=[document.object_id])
        else:
            title = section_title
            label = pgettext("search result", "Comment")
            anchor = key
            page = reverse("workplan:section", args=[section.pk]) + f"#comment-{document.object_id}"
        url = reverse("public-plan", args=[document.plan_id]) + f"#{anchor}" if public else page
        draft = _("%(plan)s, draft %(number)s") % {"plan": plan_name, "number": document.draft.number}
        context = plan_name if public else draft
    return Result(
        kind=document.kind,
        label=label,
        title=highlight.markup(title),
        snippet=highlight.markup(text),
        snippet_language=language,
        url=url,
        context=context,
        document=document,
    )


def filter_choices(user):
    """Return the filters' choices the user may see: their plans and drafts, the task forces and the ministries."""
    names = ("name_en", "name_km")
    plans = list(policies.visible_plans(user).only(*names, "first_year", "last_year").order_by("-first_year", "pk"))
    drafts = None  # the public has no choice of draft
    if user.is_authenticated:
        drafts = list(
            policies.visible_drafts(user)
            .select_related("plan")
            .only("number", "plan__name_en", "plan__name_km")
            .order_by("plan", "-number")
        )
    years = sorted({year for plan in plans for year in plan.years})
    return {
        "plans": plans,
        "drafts": drafts,
        "task_forces": list(TaskForce.objects.only("code", *names).order_by("order", "code")),
        "ministries": list(Organization.objects.ministries().only("code", *names).order_by("name_en")),
        "years": years,
    }
