"""What the work plan's API slices share: problem-details responses in the schema, and refusals as API errors.

Each slice has its own endpoints (`drafting.api`, `review.api`, `workflow.api`, `public.api`); they turn a
service's refusal into the API's answer here, the same way everywhere.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions

PROBLEM = OpenApiResponse(description="Problem details (RFC 9457): type, title, status, detail, errors.")


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
