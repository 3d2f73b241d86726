"""One activity of a draft's section at a time, for signed-in editors: GET it, PATCH it from its version.

Each activity has its own version, so two clients editing different rows of
a section never meet. A PATCH names the version it edited with If-Match
(the ETag of the GET); a stale one is refused with 412 (GET again and apply
the change again), as for sections. Reading and saving go through the same
policies and services as the editor page.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import problem
from workplan import policies
from workplan.api import PROBLEM, if_match_parameter, if_match_refusal
from workplan.api import act as _act
from workplan.drafting import rows, selectors, services
from workplan.drafting.api import ActivitySerializer
from workplan.reads import ConfidentialReadMixin

STALE = gettext_lazy("Someone saved this activity since that version. GET it again and apply your change to it.")


class ActivityRowSerializer(ActivitySerializer):
    """An activity as it stands, with what names it and the version a PATCH must name."""

    id = serializers.IntegerField(read_only=True)
    section = serializers.IntegerField(read_only=True)
    objective = serializers.CharField(read_only=True, help_text="The code of its objective.")
    version = serializers.IntegerField(read_only=True)


class ActivityWriteSerializer(ActivitySerializer):
    """What a client may change in an activity: any of its fields but its code; anything else is ignored."""

    code = None
    objective = serializers.CharField(max_length=10, required=False, help_text="Move it to this objective.")
    summary = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def validate(self, data):
        """Read a measure sent under its first name as the English value; what is left out stays as it is."""
        sent = {f"{name}_en" for name in rows.MEASURES if f"{name}_en" in data or name in data}
        data = super().validate(data)
        # The section's serializer empties an English measure left out (a row is sent whole there); here not.
        english = {f"{name}_en" for name in rows.MEASURES}
        return {key: value for key, value in data.items() if key not in english or key in sent}


def _etag(activity):
    return f'"activity-{activity.pk}-v{activity.version}"'


def _answer(activity, row, section_id):
    # The measures also under their first names, as the section's answer gives them.
    row = rows.with_old_names(row)
    data = ActivityRowSerializer({**row, "id": activity.pk, "section": section_id, "version": activity.version}).data
    response = Response(data)
    response["ETag"] = _etag(activity)
    return response


@extend_schema(parameters=[if_match_parameter("activity's version")])
class ActivityDetail(ConfidentialReadMixin, APIView):
    """GET an activity of a draft with an ETag of its version; PATCH it from that version (If-Match)."""

    @extend_schema(responses={200: ActivityRowSerializer, 404: PROBLEM})
    def get(self, request, pk):
        activity = selectors.activity_get(request.user, pk)
        section = activity.objective.section
        self.audit_read(section, "section.read", activity=activity.code)
        return _answer(activity, rows.activity_row(activity), section.pk)

    @extend_schema(
        request=ActivityWriteSerializer,
        responses={200: ActivityRowSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM, 412: PROBLEM, 428: PROBLEM},
    )
    def patch(self, request, pk):
        activity = selectors.activity_get(request.user, pk)
        section = activity.objective.section
        if not policies.can_edit_section(request.user, section):
            raise exceptions.PermissionDenied(_("You cannot edit this section now."))
        refusal = if_match_refusal(request, _etag(activity), STALE)
        if refusal:
            return refusal
        serializer = ActivityWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        summary = changes.pop("summary", "")
        try:
            result = _act(
                lambda: services.activity_save(
                    activity_id=activity.pk,
                    actor=request.user,
                    base_version=activity.version,
                    changes=changes,
                    summary=summary,
                )
            )
        except services.ActivityConflict:
            return problem(412, str(STALE))
        return _answer(result.activity, result.row, section.pk)
