"""Public, anonymous, read-only: published plans and their activities.

The plan detail is the document stored at publication, sent as stored, with
a strong ETag: a REST client that sends If-None-Match gets 304 without the
plan tables being read. Nothing here reads an unpublished draft: every
queryset starts from published drafts, and filters and ordering only narrow
that set.
"""

import csv
import functools
import hashlib
import io

import django_filters
from django.core.cache import caches
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from core.spreadsheet import csv_cell
from workplan.drafting.rows import ACTIVITY_FIELDS, MEASURE_FIELDS, MEASURES
from workplan.models import Activity, Draft, PublishedPlan
from workplan.workflow.publication import latest_publication, publication_generation

# Clients may keep a published plan this long before asking again (with If-None-Match).
PUBLIC_MAX_AGE = 300
# The largest value of a database integer: larger ids and years in URLs cannot exist and must not reach the database.
MAX_INT = 2**31 - 1


class PublishedPlanSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="plan_id", read_only=True)
    title_en = serializers.CharField(source="plan.name_en", read_only=True)
    title_km = serializers.CharField(source="plan.name_km", read_only=True)
    first_year = serializers.IntegerField(source="plan.first_year", read_only=True)
    last_year = serializers.IntegerField(source="plan.last_year", read_only=True)
    draft = serializers.IntegerField(source="draft.number", read_only=True)
    decision_date = serializers.DateField(source="draft.council_decision.decided_on", read_only=True)
    decision_reference = serializers.CharField(source="draft.council_decision.reference", read_only=True)
    etag = serializers.CharField(read_only=True)

    class Meta:
        model = PublishedPlan
        fields = [
            "id",
            "title_en",
            "title_km",
            "first_year",
            "last_year",
            "draft",
            "published_at",
            "decision_date",
            "decision_reference",
            "etag",
        ]
        read_only_fields = fields


def _latest_publications():
    """Return the latest publication of each plan (a plan may be published again after an amendment)."""
    newest = PublishedPlan.objects.filter(plan_id=OuterRef("plan_id")).order_by("-published_at").values("pk")[:1]
    return (
        PublishedPlan.objects.filter(pk=Subquery(newest))
        .select_related("plan", "draft__council_decision")
        .defer("document", "document_bytes")
        .order_by("plan_id")
    )


class PublishedPlanList(generics.ListAPIView):
    """The published national work plans."""

    permission_classes = [AllowAny]
    serializer_class = PublishedPlanSerializer

    def get_queryset(self):
        return _latest_publications()


class StoredJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


@functools.lru_cache(maxsize=16)
def published_bytes(publication_id, etag):
    """Return a publication's stored document, kept in this process after the first read.

    A publication never changes (a new approval makes a new one, with a new
    id and entity tag), so the key can never name stale bytes. Sixteen plans
    of about 370 KB each: a few MB per process at most.
    """
    return bytes(PublishedPlan.objects.values_list("document_bytes", flat=True).get(pk=publication_id, etag=etag))


def _wants_json(request):
    """Return whether the request accepts JSON as served (anything else goes through DRF for its 404 or 406)."""
    if request.GET.get("format", "json") != "json":
        return False
    accept = request.headers.get("Accept", "*/*")
    return any(kind in accept for kind in ("*/*", "application/json", "application/*"))


@extend_schema(
    responses={
        (200, "application/json"): OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description="The whole published plan: sections, objectives, activities, both languages, the approved "
            "revision hashes and the Council's decision. ETag is strong; send it back in If-None-Match.",
        ),
        304: OpenApiResponse(description="Not modified: the copy you hold (If-None-Match) is current."),
        404: OpenApiResponse(description="No published plan with this id."),
    },
    parameters=[
        OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
    ],
)
class PublishedPlanDetail(APIView):
    """One published plan, exactly as the Council of Ministers approved it."""

    permission_classes = [AllowAny]
    renderer_classes = [StoredJSONRenderer]

    def dispatch(self, request, *args, **kwargs):
        # The public document is immutable and read by every client that polls the plan: a GET of a published
        # plan is answered here, from the cache and the process's copy of the bytes, without DRF's request
        # wrapping, negotiation or throttle bookkeeping (which would cost more than the answer). Everything else
        # (no such plan, another method or format) goes through DRF and gets its problem details.
        if request.method in ("GET", "HEAD") and kwargs.get("pk", MAX_INT + 1) <= MAX_INT and _wants_json(request):
            latest = latest_publication(kwargs["pk"])
            if latest is not None:
                return self.answer(request, *latest)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        latest = latest_publication(pk) if pk <= MAX_INT else None
        if latest is None:
            raise NotFound
        return self.answer(request, *latest)

    @staticmethod
    def answer(request, publication_id, stored_etag):
        etag = f'"{stored_etag}"'
        asked = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in asked or "*" in asked:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(published_bytes(publication_id, stored_etag), content_type="application/json")
        response["ETag"] = etag
        response["Vary"] = "Accept"
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response


class ActivityFilter(django_filters.FilterSet):
    ministry = django_filters.CharFilter(method="filter_ministry", help_text="A ministry's code: leads or partners.")
    task_force = django_filters.CharFilter(
        field_name="objective__section__task_force__code", help_text="A task force's code."
    )
    year = django_filters.NumberFilter(
        method="filter_year", help_text="A year the activity runs in.", min_value=-MAX_INT, max_value=MAX_INT
    )
    plan = django_filters.NumberFilter(
        field_name="objective__section__draft__plan_id", help_text="A plan's id.", min_value=-MAX_INT, max_value=MAX_INT
    )

    class Meta:
        model = Activity
        fields = ["ministry", "task_force", "year", "plan"]

    def filter_ministry(self, queryset, name, value):
        # EXISTS, not a join: a join over the partners would need DISTINCT over every column, in the count too.
        partners = Activity.partners.through.objects.filter(activity_id=OuterRef("pk"), organization__code=value)
        return queryset.filter(Q(lead_ministry__code=value) | Q(Exists(partners)))

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class PublicActivitySerializer(serializers.ModelSerializer):
    """A published activity. The measures come in Khmer and English (`_km`, `_en`), and under their first names
    (`indicator`, …: the English values) for clients written before they were bilingual; those keep their place."""

    plan = serializers.IntegerField(source="objective.section.draft.plan_id", read_only=True)
    task_force = serializers.CharField(source="objective.section.task_force.code", read_only=True, allow_null=True)
    objective = serializers.CharField(source="objective.code", read_only=True)
    lead_ministry = serializers.CharField(source="lead_ministry.code", read_only=True)
    partners = serializers.SerializerMethodField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    indicator = serializers.CharField(source="indicator_en", read_only=True)
    baseline = serializers.CharField(source="baseline_en", read_only=True)
    target = serializers.CharField(source="target_en", read_only=True)
    means_of_verification = serializers.CharField(source="means_of_verification_en", read_only=True)

    class Meta:
        model = Activity
        # New fields go last: a spreadsheet or program that reads the CSV's columns by position keeps working.
        fields = [
            "plan",
            "task_force",
            "objective",
            "code",
            "text_en",
            "text_km",
            "lead_ministry",
            "partners",
            "start_year",
            "end_year",
            "budget",
            "currency",
            *MEASURES,
            *MEASURE_FIELDS,
        ]
        read_only_fields = fields

    def get_partners(self, activity) -> list[str]:
        return [partner.code for partner in activity.partners.all()]


class CSVActivityRenderer(BaseRenderer):
    """Activities as CSV, with cells that a spreadsheet would run as a formula made harmless."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(data, dict) and "results" not in data:
            rows = [data]
        buffer = io.StringIO()
        fields = PublicActivitySerializer.Meta.fields
        writer = csv.writer(buffer)
        writer.writerow(fields)
        for row in rows:
            writer.writerow([csv_cell(row.get(field)) for field in fields])
        # A byte order mark so that spreadsheet programs read the Khmer as UTF-8.
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@extend_schema(
    parameters=[
        OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            enum=["json", "csv"],
            required=False,
            description="csv for a spreadsheet (UTF-8 with a byte order mark).",
        )
    ],
    examples=[
        OpenApiExample(
            "Activities of the Ministry of Interior in 2011",
            value={
                "count": 1,
                "next": None,
                "previous": None,
                "results": [
                    {
                        "plan": 1,
                        "task_force": "prevention",
                        "objective": "1",
                        "code": "1.1",
                        "text_km": "…",
                        "text_en": "Train village chiefs",
                        "lead_ministry": "interior",
                        "partners": ["aple"],
                        "start_year": 2010,
                        "end_year": 2012,
                        "budget": "40000.00",
                        "currency": "USD",
                        "indicator": "Village chiefs trained",
                        "baseline": "0",
                        "target": "1,200",
                        "means_of_verification": "Training reports",
                        "indicator_en": "Village chiefs trained",
                        "indicator_km": "ចំនួនមេភូមិដែលបានទទួលការបណ្តុះបណ្តាល",
                        "baseline_en": "0",
                        "baseline_km": "០",
                        "target_en": "1,200",
                        "target_km": "១ ២០០",
                        "means_of_verification_en": "Training reports",
                        "means_of_verification_km": "របាយការណ៍វគ្គបណ្តុះបណ្តាល",
                    }
                ],
            },
            response_only=True,
        )
    ],
)
class PublicActivityList(generics.ListAPIView):
    """Activities of published plans, filtered by ministry, task force, year and plan."""

    permission_classes = [AllowAny]
    serializer_class = PublicActivitySerializer
    filterset_class = ActivityFilter
    renderer_classes = [JSONRenderer, CSVActivityRenderer]

    def dispatch(self, request, *args, **kwargs):
        # Published rows never change, so a page once answered is kept (per address and Accept header) until
        # the next publication: clients polling the same filters get the stored bytes. Only successful GETs
        # are kept; errors and other methods always go through DRF. The answer is the same for everyone.
        if request.method != "GET" or not set(request.GET) <= _KEPT_PARAMETERS:
            # Parameters the page does not read would only make copies of the same answer.
            return super().dispatch(request, *args, **kwargs)
        key = _answer_key(request)
        stored = caches["public"].get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["Vary"] = "Accept"
            return response
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200:
            response.render()
            caches["public"].set(key, (response.content, response["Content-Type"]), ACTIVITY_ANSWER_SECONDS)
        return response

    def get_queryset(self):
        return (
            Activity.objects.filter(objective__section__draft__state=Draft.State.PUBLISHED)
            .order_by(
                "objective__section__draft__plan_id", "objective__section__order", "objective__order", "order", "pk"
            )
            .values(*dict.fromkeys(_ROW_COLUMNS.values()))
        )

    def list(self, request, *args, **kwargs):
        # Plain rows, not model instances through a serializer: the page is the same (the serializer above
        # describes it in the schema, and the tests compare the two), at a fraction of the cost.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(activity_rows(page))


# How long a page of activities is kept at most (a publication replaces it at once, see publication_generation).
ACTIVITY_ANSWER_SECONDS = 3600
# The answer's fields, in the key too: pages kept before a field was added are not served after it.
_ANSWER_SHAPE = hashlib.sha256(",".join(PublicActivitySerializer.Meta.fields).encode()).hexdigest()[:12]


def _answer_key(request):
    """Return the cache key of a page of activities: the publication generation, the address, the Accept header."""
    query = sorted(request.GET.lists())
    address = f"{request.scheme}|{request.get_host()}|{request.path}|{query}|{request.headers.get('Accept', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public-activities:{_ANSWER_SHAPE}:{publication_generation()}:{digest}"


# The parameters a page of activities answers to; a request with any other is answered but not kept.
_KEPT_PARAMETERS = {*ActivityFilter.base_filters, "page", "format"}


# The answer's fields and the columns they come from.
_ROW_COLUMNS = {
    "id": "pk",
    "plan": "objective__section__draft__plan_id",
    "task_force": "objective__section__task_force__code",
    "objective": "objective__code",
    "lead_ministry": "lead_ministry__code",
    **{field: field for field in ACTIVITY_FIELDS if field not in ("lead_ministry", "partners")},
    **{name: f"{name}_en" for name in MEASURES},
}
_BUDGET = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


def activity_rows(values):
    """Return the activities' answers from `values` rows, with each one's partners read in one query for all."""
    ids = [row["pk"] for row in values]
    partners = {pk: [] for pk in ids}
    links = Activity.partners.through.objects.filter(activity_id__in=ids).order_by("organization__code")
    for activity_id, code in links.values_list("activity_id", "organization__code"):
        partners[activity_id].append(code)
    fields = PublicActivitySerializer.Meta.fields
    answers = []
    for row in values:
        answer = {name: row[column] for name, column in _ROW_COLUMNS.items()}
        answer["partners"] = partners[row["pk"]]
        answer["budget"] = None if answer["budget"] is None else _BUDGET.to_representation(answer["budget"])
        answers.append({field: answer[field] for field in fields})
    return answers
