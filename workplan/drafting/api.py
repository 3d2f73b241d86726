"""The confidential work, for signed-in clients (session or token): everything the browser does.

Each view reads through workplan.selectors and policies and writes through
services, reviews and workflow. What a client may not see is 404; what it may
see but not do is 403; a move the draft's state forbids is 409. Fields such
as state, version, author and approvals are never taken from the client.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import problem
from workplan import limits, policies, workflow
from workplan.api import PROBLEM, if_match_parameter, if_match_refusal
from workplan.api import act as _act
from workplan.drafting import bounded, redline, rows, selectors, services
from workplan.models import Activity, Draft, Plan, Section, SectionRevision
from workplan.reads import ConfidentialReadMixin

KHMER_HELP = "In Khmer. Left out, it stays as it is (the activity's value of the same code), or empty for a new one."
ENGLISH_HELP = "In English. Left out (and its first name too), it is empty."
OLD_NAME_HELP = (
    "The English value under the measure's first name, from before it was written in both languages: "
    "the same as its _en field (sending both with different values is refused)."
)


class ActivitySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=10)
    text_km = serializers.CharField(allow_blank=True, required=False, default="", max_length=limits.ROW_TEXT)
    text_en = serializers.CharField(allow_blank=True, required=False, default="", max_length=limits.ROW_TEXT)
    lead_ministry = serializers.CharField(max_length=50, help_text="The lead ministry's code.")
    partners = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list)
    start_year = serializers.IntegerField(min_value=1900, max_value=2200)
    end_year = serializers.IntegerField(min_value=1900, max_value=2200)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, required=False, min_value=0, coerce_to_string=True
    )
    currency = serializers.ChoiceField(choices=Activity.Currency.choices, required=False, default=Activity.Currency.USD)
    indicator_km = serializers.CharField(max_length=300, allow_blank=True, required=False, help_text=KHMER_HELP)
    indicator_en = serializers.CharField(max_length=300, allow_blank=True, required=False, help_text=ENGLISH_HELP)
    baseline_km = serializers.CharField(max_length=200, allow_blank=True, required=False, help_text=KHMER_HELP)
    baseline_en = serializers.CharField(max_length=200, allow_blank=True, required=False, help_text=ENGLISH_HELP)
    target_km = serializers.CharField(max_length=200, allow_blank=True, required=False, help_text=KHMER_HELP)
    target_en = serializers.CharField(max_length=200, allow_blank=True, required=False, help_text=ENGLISH_HELP)
    means_of_verification_km = serializers.CharField(
        max_length=300, allow_blank=True, required=False, help_text=KHMER_HELP
    )
    means_of_verification_en = serializers.CharField(
        max_length=300, allow_blank=True, required=False, help_text=ENGLISH_HELP
    )
    # The first names of the measures, from before they were bilingual: the English values.
    indicator = serializers.CharField(max_length=300, allow_blank=True, required=False, help_text=OLD_NAME_HELP)
    baseline = serializers.CharField(max_length=200, allow_blank=True, required=False, help_text=OLD_NAME_HELP)
    target = serializers.CharField(max_length=200, allow_blank=True, required=False, help_text=OLD_NAME_HELP)
    means_of_verification = serializers.CharField(
        max_length=300, allow_blank=True, required=False, help_text=OLD_NAME_HELP
    )

    def validate(self, data):
        """Read a measure sent under its first name as the English value; leave a Khmer one left out to the save."""
        for name in rows.MEASURES:
            english = f"{name}_en"
            if name in data:
                value = data.pop(name)
                if english in data and data[english] != value:
                    raise serializers.ValidationError(
                        {
                            name: [
                                _("%(old)s and %(new)s differ: send one of them, or both with the same value.")
                                % {"old": name, "new": english}
                            ]
                        }
                    )
                data[english] = value
            # Left out in English, as before the measures were bilingual: empty.
            data.setdefault(english, "")
        return data


class ObjectiveSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=10)
    text_km = serializers.CharField(allow_blank=True, required=False, default="", max_length=limits.ROW_TEXT)
    text_en = serializers.CharField(allow_blank=True, required=False, default="", max_length=limits.ROW_TEXT)
    activities = ActivitySerializer(many=True, required=False, default=list)


class SectionSerializer(serializers.Serializer):
    """A section as it stands: texts (sanitised HTML), version and rows."""

    id = serializers.IntegerField(read_only=True)
    draft = serializers.IntegerField(source="draft_id", read_only=True)
    task_force = serializers.CharField(source="task_force.code", read_only=True, allow_null=True, default=None)
    title_km = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    body_km = serializers.CharField(read_only=True)
    body_en = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    objectives = serializers.SerializerMethodField()

    def get_objectives(self, section) -> list[dict]:
        # A save gives the rows it stored; otherwise they are the section's, prefetched by the selector.
        objectives = self.context["rows"] if "rows" in self.context else rows.snapshot(section)
        # The measures also under their first names, for clients written before they were bilingual.
        return [
            {**objective, "activities": [rows.with_old_names(activity) for activity in objective["activities"]]}
            for objective in objectives
        ]


class SectionWriteSerializer(serializers.Serializer):
    """What a client may change in a section; anything else it sends is ignored."""

    title_km = serializers.CharField(max_length=300, required=False)
    title_en = serializers.CharField(max_length=300, required=False)
    body_km = serializers.CharField(allow_blank=True, required=False, max_length=limits.BODY)
    body_en = serializers.CharField(allow_blank=True, required=False, max_length=limits.BODY)
    objectives = ObjectiveSerializer(many=True, required=False)
    summary = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class DraftSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    task_force = serializers.CharField(source="task_force.code", read_only=True, allow_null=True, default=None)
    title_km = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class DraftSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    based_on = serializers.IntegerField(source="based_on_id", read_only=True, allow_null=True)
    sections = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Draft
        fields = ["id", "plan", "number", "state", "based_on", "created_at", "sections", "actions"]
        read_only_fields = fields

    def get_sections(self, draft) -> list[dict]:
        visible = self.context.get("visible_sections")
        sections = draft.sections.all()
        return DraftSectionSerializer([s for s in sections if visible is None or s.pk in visible], many=True).data

    def get_actions(self, draft) -> list[str]:
        return workflow.actions_for(self.context["request"].user, draft)


class DraftSectionReferenceSerializer(serializers.Serializer):
    """A section in the drafts list: which one, and at which version (its titles and texts are at its address)."""

    id = serializers.IntegerField(read_only=True)
    task_force = serializers.CharField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class DraftSummarySerializer(DraftSerializer):
    """A draft in the list: its place in the workflow, its address, and the sections the user may read."""

    url = serializers.HyperlinkedIdentityField(view_name="api-draft-detail", read_only=True)

    class Meta(DraftSerializer.Meta):
        fields = ["id", "url", "plan", "number", "state", "based_on", "created_at", "sections", "actions"]
        read_only_fields = fields

    @extend_schema_field(DraftSectionReferenceSerializer(many=True))
    def get_sections(self, draft):
        return self.context["sections_by_draft"].get(draft.pk, [])


class DraftPagination(PageNumberPagination):
    """Twenty drafts a page (a client may ask for up to 100 with page_size): each carries its section list."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class DraftList(generics.ListCreateAPIView):
    """The drafts the signed-in user may see, a page at a time; POST opens the next draft of a plan (the chief).

    Each draft comes with the workflow actions the user may take on it, its address, and the sections the
    user may read (id, task force and version; titles are in the draft's own answer, texts at each section's).
    """

    serializer_class = DraftSummarySerializer
    pagination_class = DraftPagination

    def get_queryset(self):
        return policies.visible_drafts(self.request.user).order_by("plan_id", "-number")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # The page's sections in one query, the policy's filter in the same SQL: the cost follows the page,
        # not the number of drafts or sections in the database.
        readable = policies.visible_sections(request.user, Section.objects.filter(draft__in=[d.pk for d in page]))
        by_draft = {}
        for pk, draft_id, task_force, version in readable.order_by("draft_id", "order", "pk").values_list(
            "pk", "draft_id", "task_force__code", "version"
        ):
            by_draft.setdefault(draft_id, []).append({"id": pk, "task_force": task_force, "version": version})
        context = {**self.get_serializer_context(), "sections_by_draft": by_draft}
        return self.get_paginated_response(DraftSummarySerializer(page, many=True, context=context).data)

    @extend_schema(
        request=inline_serializer("DraftOpen", {"plan": serializers.IntegerField()}),
        responses={201: DraftSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    def post(self, request):
        plan_id = request.data.get("plan") if isinstance(request.data, dict) else None
        try:
            plan = policies.visible_plans(request.user).get(pk=int(plan_id))
        except (TypeError, ValueError, OverflowError):  # OverflowError: JSON's 1e400 is read as infinity
            raise exceptions.ValidationError({"plan": [_("Give the id of a plan.")]}) from None
        except Plan.DoesNotExist:
            raise exceptions.NotFound from None
        draft = _act(lambda: services.draft_open(plan=plan, actor=request.user))
        draft = DraftDetail.queryset_for(request.user).get(pk=draft.pk)
        context = {**self.get_serializer_context(), "visible_sections": _visible_section_ids(request.user, draft.pk)}
        return Response(DraftSerializer(draft, context=context).data, status=status.HTTP_201_CREATED)


def _visible_section_ids(user, draft_id):
    """Return the ids of the draft's sections the user may read (this draft's only: never every section)."""
    own = Section.objects.filter(draft_id=draft_id).order_by()
    return set(policies.visible_sections(user, own).values_list("pk", flat=True))


class DraftDetail(ConfidentialReadMixin, generics.RetrieveAPIView):
    """One draft with its sections (a liaison sees only the sections assigned to their ministry)."""

    serializer_class = DraftSerializer

    @staticmethod
    def queryset_for(user):
        # The sections' titles, not their texts: a draft answers with its table of contents.
        sections = Section.objects.select_related("task_force").defer("body_en", "body_km")
        return policies.visible_drafts(user).select_related("plan").prefetch_related(Prefetch("sections", sections))

    def get_queryset(self):
        return self.queryset_for(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["visible_sections"] = _visible_section_ids(self.request.user, self.kwargs.get("pk"))
        return context

    def retrieve(self, request, *args, **kwargs):
        draft = self.get_object()
        self.audit_read(draft, "draft.read")
        return Response(self.get_serializer(draft).data)


def _etag(section):
    return f'"section-{section.pk}-v{section.version}"'


SECTION_STALE = gettext_lazy("Someone saved this section since that version. GET it again and merge your changes.")


@extend_schema(parameters=[if_match_parameter("version")])
class SectionDetail(ConfidentialReadMixin, APIView):
    """GET a section with an ETag of its version; PATCH it from that version (If-Match)."""

    @extend_schema(responses={200: SectionSerializer, 404: PROBLEM})
    def get(self, request, pk):
        section = selectors.section_get(request.user, pk)
        self.audit_read(section, "section.read")
        response = Response(SectionSerializer(section).data)
        response["ETag"] = _etag(section)
        return response

    @extend_schema(
        request=SectionWriteSerializer,
        responses={200: SectionSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM, 412: PROBLEM, 428: PROBLEM},
    )
    def patch(self, request, pk):
        # Not the rows: the save reads them once, under its lock, and answers with the section as saved.
        section = selectors.section_head(request.user, pk)
        if not policies.can_edit_section(request.user, section):
            raise exceptions.PermissionDenied(_("You cannot edit this section now."))
        refusal = if_match_refusal(request, _etag(section), SECTION_STALE)
        if refusal:
            return refusal
        serializer = SectionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # What the client leaves out stays as it is.
        content = {key: data[key] for key in ("title_km", "title_en", "body_km", "body_en") if key in data}
        if "objectives" in data:
            content["rows"] = [dict(objective) for objective in data["objectives"]]
            for objective in content["rows"]:
                objective["activities"] = [dict(activity) for activity in objective["activities"]]
        try:
            result = _act(
                lambda: services.section_save(
                    section_id=section.pk,
                    actor=request.user,
                    base_version=section.version,
                    content=content,
                    summary=data.get("summary", ""),
                )
            )
        except services.SectionConflict:
            return problem(412, str(SECTION_STALE))
        response = Response(SectionSerializer(result.section, context={"rows": result.content["rows"]}).data)
        response["ETag"] = _etag(result.section)
        return response


class RevisionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = SectionRevision
        fields = ["number", "author", "created_at", "summary", "content_hash"]
        read_only_fields = fields


class RevisionList(ConfidentialReadMixin, generics.ListAPIView):
    """A section's revisions, newest first."""

    serializer_class = RevisionSerializer
    queryset = SectionRevision.objects.none()  # for the schema; get_queryset asks the policy

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        section = selectors.section_head(self.request.user, self.kwargs["pk"])
        self.audit_read(section, "section.history")
        return selectors.revision_list(section)


@extend_schema(
    parameters=[
        OpenApiParameter("a", OpenApiTypes.INT, required=True),
        OpenApiParameter("b", OpenApiTypes.INT, required=True),
    ],
    responses={
        200: inline_serializer(
            "Redline",
            {
                "title_km": serializers.CharField(),
                "title_en": serializers.CharField(),
                "body_km": serializers.CharField(),
                "body_en": serializers.CharField(),
                "rows": serializers.ListField(child=serializers.CharField()),
                "coarse": serializers.BooleanField(
                    help_text="True when some changes were too large to compare word by word in time: those "
                    "paragraphs are given whole, the old text in <del>, then the new in <ins>."
                ),
            },
        ),
        400: PROBLEM,
        404: PROBLEM,
    },
)
class RedlineView(ConfidentialReadMixin, APIView):
    """The redline between two revisions of a section: HTML with <ins>/<del>, and row changes in words."""

    def get(self, request, pk):
        section = selectors.section_head(request.user, pk)
        try:
            a, b = sorted((int(request.query_params["a"]), int(request.query_params["b"])))
        except (KeyError, ValueError):
            raise exceptions.ValidationError({"a": [_("Give two revision numbers, a and b.")]}) from None
        old, new = selectors.revision_get(section, a).content, selectors.revision_get(section, b).content
        self.audit_read(section, "section.compare")
        budget = bounded.Budget()
        return Response(
            {
                "title_km": redline.redline_text(old["title_km"], new["title_km"], budget),
                "title_en": redline.redline_text(old["title_en"], new["title_en"], budget),
                "body_km": redline.redline_html(old["body_km"], new["body_km"], budget),
                "body_en": redline.redline_html(old["body_en"], new["body_en"], budget),
                "rows": redline.rows_changes(old["rows"], new["rows"], selectors.organization_names()),
                "coarse": budget.exceeded,
            }
        )
