"""Shared pieces of the REST API: RFC 9457 problem details for every error."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: lambda: _("The request is not valid"),
    401: lambda: _("Sign-in required"),
    403: lambda: _("Not allowed"),
    404: lambda: _("Not found"),
    405: lambda: _("Method not allowed"),
    406: lambda: _("Not acceptable"),
    409: lambda: _("Conflict"),
    412: lambda: _("Precondition failed"),
    415: lambda: _("Unsupported media type"),
    428: lambda: _("Precondition required"),
    429: lambda: _("Too many requests"),
    500: lambda: _("Server error"),
    503: lambda: _("Service unavailable"),
}


def problem(status_code, detail, *, errors=None, headers=None):
    """Return a problem-details response (RFC 9457)."""
    title = _TITLES.get(status_code, lambda: _("Error"))()
    body = {"type": "about:blank", "title": str(title), "status": status_code, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def problem_exception_handler(exc, context):
    """Answer every API error with one JSON shape a person can act on."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    headers = {key: value for key, value in response.items() if key in ("Retry-After", "WWW-Authenticate", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_400_BAD_REQUEST,
            _("Some fields are not valid: see errors for each field."),
            errors=response.data,
            headers=headers,
        )
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        detail = _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": exc.wait}
    return problem(response.status_code, detail, headers=headers)
