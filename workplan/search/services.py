"""Writes to the search index, called by the services that save what it finds, inside their transactions.

A section save (texts, rows, a restore) calls `section_index` with the content before and after it, and
only the documents whose source changed are written: saving one activity writes that activity's
document, in one query. Opening a draft indexes its sections, a comment is indexed when written,
a plan when a draft of it opens. Who may find a document is decided at every search from its
section and draft (workplan.policies), so moving a draft through the workflow writes nothing here.

`index_rebuild` builds everything again from the tables (`manage.py search_rebuild`, and the migration
that created the index). These functions are the save services' helpers: they check no permission and
write no audit event, which the calling service does.
"""

from django.apps import apps as global_apps
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value

from workplan.drafting.rows import Placed
from workplan.drafting.sanitize import html_to_text
from workplan.models import SearchDocument
from workplan.search import khmer

Kind = SearchDocument.Kind
MEASURES = ("indicator", "baseline", "target", "means_of_verification")
# What an upsert rewrites of a document that exists already.
UPDATED = (
    "plan",
    "draft",
    "section",
    "code",
    "title_en",
    "title_km",
    "text_en",
    "text_km",
    "ministries",
    "first_year",
    "last_year",
    "vector",
)
# Rows written a statement when building the index: each takes a fraction of a second (the tsvectors are made
# in the statement), under the slow-query log's threshold.
BATCH = 200


def _vector(title_en, text_en, title_km, text_km):
    """Return PostgreSQL's tsvector of a document: English with 'english', the Khmer words with 'simple'.

    Titles weigh more than texts in the ranking (A, B).
    """
    return (
        SearchVector(Value(title_en), config="english", weight="A")
        + SearchVector(Value(text_en), config="english", weight="B")
        + SearchVector(Value(khmer.index_text(title_km)), config="simple", weight="A")
        + SearchVector(Value(khmer.index_text(text_km)), config="simple", weight="B")
    )


def _joined(*texts):
    return "\n".join(text.strip() for text in texts if text and text.strip())


def _ministries(codes):
    codes = sorted({code for code in codes if code})
    return f" {' '.join(codes)} " if codes else ""


def _document(model, kind, object_id, *, plan_id, years, draft_id=None, section_id=None, code="", texts, ministries=()):
    """Return an unsaved document; `texts` holds title_en, title_km, text_en and text_km as written."""
    title_en, text_en = texts.get("title_en", "").strip(), texts.get("text_en", "").strip()
    title_km, text_km = khmer.segment(texts.get("title_km", "").strip()), khmer.segment(texts.get("text_km", ""))
    title_en, text_en = khmer.clean(title_en), khmer.clean(text_en)
    document = model(
        kind=kind,
        object_id=object_id,
        plan_id=plan_id,
        draft_id=draft_id,
        section_id=section_id,
        code=code,
        title_en=title_en,
        title_km=title_km,
        text_en=text_en,
        text_km=text_km,
        ministries=_ministries(ministries),
        first_year=years[0],
        last_year=years[1],
    )
    if connection.vendor == "postgresql":
        document.vector = _vector(title_en, text_en, title_km, text_km)
    return document


def _activity_texts(row, language):
    """Return an activity's text and measures in one language, as a snippet shows them."""
    texts = [row.get(f"text_{language}", ""), *(row.get(f"{name}_{language}", "") for name in MEASURES)]
    return " · ".join(text.strip() for text in texts if text and text.strip())


def _activity_ministries(row):
    return [row.get("lead_ministry"), *(row.get("partners") or [])]


def _sources(content):
    """Return {(kind, code): what its document is made of} for a section's content (titles, texts and rows)."""
    activities = [row for objective in content["rows"] for row in objective["activities"]]
    every = [ministry for row in activities for ministry in _activity_ministries(row)]
    sources = {
        (Kind.SECTION, ""): (
            {
                "title_en": content["title_en"],
                "title_km": content["title_km"],
                "text_en": content["body_en"],
                "text_km": content["body_km"],
            },
            _ministries(every),
            None,
        )
    }
    for objective in content["rows"]:
        ministries = [ministry for row in objective["activities"] for ministry in _activity_ministries(row)]
        texts = {"text_en": objective.get("text_en", ""), "text_km": objective.get("text_km", "")}
        sources[(Kind.OBJECTIVE, objective["code"])] = (texts, _ministries(ministries), None)
        for row in objective["activities"]:
            texts = {"text_en": _activity_texts(row, "en"), "text_km": _activity_texts(row, "km")}
            years = (row.get("start_year"), row.get("end_year"))
            sources[(Kind.ACTIVITY, row["code"])] = (texts, _ministries(_activity_ministries(row)), years)
    return sources


def _section_documents(model, section_id, draft_id, plan, sources, placed, keys=None):
    """Return the documents of a section and its rows from their _sources(); only those of `keys` if given.

    `placed` (workplan.drafting.rows.Placed) gives the ids of the objectives and activities by code.
    """
    documents = []
    for kind, code in sources if keys is None else keys:
        texts, ministries, years = sources[(kind, code)]
        if kind == Kind.SECTION:
            texts = {**texts, "text_en": html_to_text(texts["text_en"]), "text_km": html_to_text(texts["text_km"])}
            object_id = section_id
        else:
            object_id = (placed.objectives if kind == Kind.OBJECTIVE else placed.activities)[code]
        documents.append(
            _document(
                model,
                kind,
                object_id,
                plan_id=plan.pk,
                draft_id=draft_id,
                section_id=section_id,
                code=code,
                texts=texts,
                ministries=ministries.split(),
                years=years if years and None not in years else (plan.first_year, plan.last_year),
            )
        )
    return documents


def section_index(section, content, placed, before):
    """Bring the documents of a saved section, its objectives and its activities up to date with `content`.

    `content` holds the titles, texts (HTML) and rows as saved, `before` as
    they were; `placed` (rows.Placed) the ids of the rows saved. Only what
    changed is written, in at most two queries: the documents of rows removed
    are deleted, the changed and new ones written in one upsert.
    """
    after, previous = _sources(content), _sources(before)
    changed = [key for key, source in after.items() if previous.get(key) != source]
    gone = previous.keys() - after.keys()
    for kind in {kind for kind, _code in gone}:
        kept = [code for kind_, code in after if kind_ == kind]
        SearchDocument.objects.filter(section=section, kind=kind).exclude(code__in=kept).delete()
    documents = _section_documents(
        SearchDocument, section.pk, section.draft_id, section.draft.plan, after, placed, keys=changed
    )
    _upsert(SearchDocument, documents)


def sections_index(entries):
    """Index new sections, each given as (section, content, placed), in one query."""
    documents = []
    for section, content, placed in entries:
        documents += _section_documents(
            SearchDocument, section.pk, section.draft_id, section.draft.plan, _sources(content), placed
        )
    _upsert(SearchDocument, documents)


def _upsert(model, documents):
    if documents:
        model.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=list(UPDATED)
        )


def comment_index(comment):
    """Index a comment (a thread or a reply): its text and the passage it quotes."""
    section = comment.section
    plan = section.draft.plan
    text = _joined(comment.body, comment.quote)
    document = _document(
        SearchDocument,
        Kind.COMMENT,
        comment.pk,
        plan_id=plan.pk,
        draft_id=section.draft_id,
        section_id=section.pk,
        texts={"text_en": text, "text_km": text},
        years=(plan.first_year, plan.last_year),
    )
    _upsert(SearchDocument, [document])


def plan_index(plan):
    """Index a plan's names."""
    _upsert(SearchDocument, [_plan_document(SearchDocument, plan.pk, plan.name_en, plan.name_km, plan)])


def _plan_document(model, pk, name_en, name_km, years):
    return _document(
        model,
        Kind.PLAN,
        pk,
        plan_id=pk,
        texts={"title_en": name_en, "title_km": name_km},
        years=(years.first_year, years.last_year),
    )


@transaction.atomic
def index_rebuild(apps=global_apps):
    """Build the whole index again from the plans, sections, rows and comments; return how many documents.

    `apps` is the registry of models to read (a migration's own, or Django's).
    """
    Plan, Section = apps.get_model("workplan", "Plan"), apps.get_model("workplan", "Section")
    Objective, Activity = apps.get_model("workplan", "Objective"), apps.get_model("workplan", "Activity")
    Comment, SearchDocument = apps.get_model("workplan", "Comment"), apps.get_model("workplan", "SearchDocument")
    SearchDocument.objects.all().delete()
    plans = {plan.pk: plan for plan in Plan.objects.all()}
    written = _write(
        [_plan_document(SearchDocument, plan.pk, plan.name_en, plan.name_km, plan) for plan in plans.values()],
        SearchDocument,
    )
    section_ids = list(Section.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(section_ids), BATCH):
        chunk = section_ids[start : start + BATCH]
        written += _write(_rebuilt_sections(SearchDocument, Section, Objective, Activity, chunk, plans), SearchDocument)
    comments = Comment.objects.order_by("pk").values_list(
        "pk", "body", "quote", "section_id", "section__draft_id", "section__draft__plan_id"
    )
    batch = []
    for pk, body, quote, section_id, draft_id, plan_id in comments.iterator(chunk_size=2000):
        text = _joined(body, quote)
        batch.append(
            _document(
                SearchDocument,
                Kind.COMMENT,
                pk,
                plan_id=plan_id,
                draft_id=draft_id,
                section_id=section_id,
                texts={"text_en": text, "text_km": text},
                years=(plans[plan_id].first_year, plans[plan_id].last_year),
            )
        )
        if len(batch) >= BATCH:
            written += _write(batch, SearchDocument)
            batch = []
    return written + _write(batch, SearchDocument)


def _write(documents, model):
    model.objects.bulk_create(documents, batch_size=BATCH)
    return len(documents)


def _rebuilt_sections(model, Section, Objective, Activity, chunk, plans):
    """Return the documents of the sections with ids `chunk`, their objectives and activities (four queries)."""
    sections = Section.objects.filter(pk__in=chunk).values_list(
        "pk", "draft_id", "draft__plan_id", "title_en", "title_km", "body_en", "body_km"
    )
    objectives = Objective.objects.filter(section_id__in=chunk).order_by("order", "pk")
    fields = ["pk", "objective_id", "code", "start_year", "end_year", "lead_ministry__code"]
    fields += [f"{name}_{language}" for name in ("text", *MEASURES) for language in ("en", "km")]
    activities = Activity.objects.filter(objective__section_id__in=chunk).order_by("order", "pk").values_list(*fields)
    Partner = Activity.partners.through
    partners = {}
    for activity_id, code in Partner.objects.filter(activity__objective__section_id__in=chunk).values_list(
        "activity_id", "organization__code"
    ):
        partners.setdefault(activity_id, []).append(code)
    by_objective, by_section = {}, {}
    for values in activities:
        row = dict(zip(fields, values, strict=True))
        row["lead_ministry"], row["partners"] = row["lead_ministry__code"], partners.get(row["pk"], [])
        by_objective.setdefault(row["objective_id"], []).append(row)
    for pk, section_id, code, text_en, text_km in objectives.values_list(
        "pk", "section_id", "code", "text_en", "text_km"
    ):
        rows = by_objective.get(pk, [])
        section_rows, placed = by_section.setdefault(section_id, ([], Placed({}, {})))
        section_rows.append({"code": code, "text_en": text_en, "text_km": text_km, "activities": rows})
        placed.objectives[code] = pk
        placed.activities.update((row["code"], row["pk"]) for row in rows)
    documents = []
    for pk, draft_id, plan_id, title_en, title_km, body_en, body_km in sections:
        rows, placed = by_section.get(pk, ([], Placed({}, {})))
        content = {"title_en": title_en, "title_km": title_km, "body_en": body_en, "body_km": body_km, "rows": rows}
        documents += _section_documents(model, pk, draft_id, plans[plan_id], _sources(content), placed)
    return documents
