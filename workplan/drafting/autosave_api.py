"""A person's working copy of a section, for signed-in clients: what they typed and have not saved.

`GET/PUT/DELETE /api/v1/sections/{id}/working-copy/`. Only the writer ever
reads a working copy: for anyone else, as for a section they may not see, it
does not exist (404). Keeping one needs the right to edit the section now
(403 otherwise); dropping one's own needs only to see the section.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import problem
from workplan import policies
from workplan.api import PROBLEM
from workplan.api import act as _act
from workplan.drafting import autosave, selectors
from workplan.drafting.api import ObjectiveSerializer
from workplan.reads import ConfidentialReadMixin


class WorkingCopySerializer(serializers.Serializer):
    """A working copy: the texts and rows as typed, the version they started from, and when they were kept."""

    section = serializers.IntegerField(source="section_id", read_only=True)
    base_version = serializers.IntegerField(read_only=True, help_text="The version the text started from.")
    section_version = serializers.IntegerField(
        source="section.version",
        read_only=True,
        help_text="The section's version now: higher than base_version if it was saved since.",
    )
    updated_at = serializers.DateTimeField(read_only=True)
    title_km = serializers.CharField(source="content.title_km", read_only=True)
    title_en = serializers.CharField(source="content.title_en", read_only=True)
    body_km = serializers.CharField(source="content.body_km", read_only=True)
    body_en = serializers.CharField(source="content.body_en", read_only=True)
    objectives = serializers.SerializerMethodField(help_text="The rows as typed; null when none were kept.")

    def get_objectives(self, copy) -> list[dict] | None:
        return copy.content.get("rows")


class WorkingCopyWriteSerializer(serializers.Serializer):
    """What a client keeps: the version it started from and the texts; rows only if it edits them."""

    base_version = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    title_km = serializers.CharField(allow_blank=True, trim_whitespace=False)
    title_en = serializers.CharField(allow_blank=True, trim_whitespace=False)
    body_km = serializers.CharField(allow_blank=True, trim_whitespace=False)
    body_en = serializers.CharField(allow_blank=True, trim_whitespace=False)
    objectives = ObjectiveSerializer(many=True, required=False)


class WorkingCopyDetail(ConfidentialReadMixin, APIView):
    """GET the signed-in user's working copy of a section; PUT keeps one (replacing it); DELETE drops it."""

    def _own(self, request, pk):
        section = selectors.section_head(request.user, pk)
        copy = autosave.working_copy_for(section, request.user)
        if copy is None:
            # The same answer as for a section the user may not see: nobody learns whose copies exist.
            raise exceptions.NotFound
        return section, copy

    @extend_schema(responses={200: WorkingCopySerializer, 404: PROBLEM})
    def get(self, request, pk):
        section, copy = self._own(request, pk)
        # The copy holds the section's text as the writer began from it: a read of the section.
        self.audit_read(section, "section.read")
        return Response(WorkingCopySerializer(copy).data)

    @extend_schema(
        request=WorkingCopyWriteSerializer,
        responses={200: WorkingCopySerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM, 413: PROBLEM},
    )
    def put(self, request, pk):
        section = selectors.section_head(request.user, pk)
        if not policies.can_keep_working_copy(request.user, section):
            raise exceptions.PermissionDenied(_("You cannot edit this section now."))
        serializer = WorkingCopyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        content = {key: data[key] for key in ("title_km", "title_en", "body_km", "body_en")}
        if "objectives" in data:
            content["rows"] = [
                {**objective, "activities": [dict(activity) for activity in objective["activities"]]}
                for objective in data["objectives"]
            ]
        try:
            copy = _act(
                lambda: autosave.working_copy_save(
                    section_id=section.pk, actor=request.user, base_version=data["base_version"], content=content
                )
            )
        except exceptions.ValidationError as error:
            cause = error.__cause__
            if isinstance(cause, ValidationError) and cause.code == autosave.TOO_LARGE:
                return problem(413, " ".join(cause.messages))
            raise
        copy.section = section
        return Response(WorkingCopySerializer(copy).data)

    @extend_schema(responses={204: None, 404: PROBLEM})
    def delete(self, request, pk):
        section = selectors.section_head(request.user, pk)
        autosave.working_copy_discard(section_id=section.pk, actor=request.user)
        return Response(status=204)
