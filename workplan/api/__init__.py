"""What the work plan's API slices share: problem-details responses in the schema, and refusals as API errors.

Each slice has its own endpoints (`drafting.api`, `review.api`, `workflow.api`, `public.api`); they turn a
service's refusal into the API's answer here, the same way everywhere.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions

from core.api import problem

PROBLEM = OpenApiResponse(description="Problem details (RFC 9457): type, title, status, detail, errors.")


def if_match_parameter(what):
    """Return the If-Match header of an endpoint edited from a version, for the schema."""
    return OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=False,
        description=f"The ETag of the {what} you edited (required for PATCH).",
    )


def if_match_refusal(request, etag, stale):
    """Return the problem answer when the request names no version (428) or another one than `etag` (412)."""
    given = request.headers.get("If-Match", "").strip()
    if not given:
        return problem(428, _("Send If-Match with the ETag of the version you edited (from GET)."))
    if given != etag:
        return problem(412, str(stale))
    return None


def validation_error(error):
    """Return a DRF ValidationError naming the fields of a Django ValidationError."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {field: [str(m) for e in errs for m in e.messages] for field, errs in error.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


def act(call):
    """Run a service call, translating its refusals into API errors."""
    try:
        return call()
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        raise validation_error(error) from error
