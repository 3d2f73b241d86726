"""Shared pieces of the REST API: RFC 9457 problem details for every error."""

from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
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


# DRF's own messages have no Khmer: say the same things in the portal's words,
# which the Khmer catalogue translates.
_DETAILS = {
    exceptions.NotAuthenticated: lambda: _("Sign in, or send “Authorization: Token <your token>”."),
    exceptions.AuthenticationFailed: lambda: _("The credentials sent are not valid."),
    exceptions.PermissionDenied: lambda: _("Your role does not allow this step."),
    exceptions.NotFound: lambda: _("There is nothing at this address."),
    exceptions.MethodNotAllowed: lambda: _("This address does not accept this method."),
    exceptions.UnsupportedMediaType: lambda: _("Send the body as JSON (Content-Type: application/json)."),
    exceptions.ParseError: lambda: _("The body is not valid JSON."),
    exceptions.NotAcceptable: lambda: _("This address answers in JSON (or CSV where offered) only."),
}


def _human_detail(exc, detail):
    """Return the portal's translated message for DRF's stock messages; keep specific ones."""
    for kind, message in _DETAILS.items():
        if isinstance(exc, kind) and str(detail) == str(kind.default_detail):
            return message()
    if isinstance(exc, (exceptions.MethodNotAllowed, exceptions.UnsupportedMediaType)):
        return _DETAILS[type(exc)]()
    return detail


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
    detail = _human_detail(exc, detail)
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        detail = _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": exc.wait}
    return problem(response.status_code, detail, headers=headers)


PROBLEM_DESCRIPTION = "Problem details (RFC 9457): type, title, status, detail, errors."


class ProblemAutoSchema(AutoSchema):
    """An API view's schema, listing the problem-details errors its input, permissions and throttles can cause."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        view = self.view
        codes = set()
        if self.method in ("POST", "PUT", "PATCH") or getattr(view, "filterset_class", None):
            codes.add(400)
        if not all(permission is AllowAny for permission in view.permission_classes):
            codes.update((401, 403))
        if "{" in self.path or self._is_list_view():  # an unknown object, or a page past the end
            codes.add(404)
        if view.throttle_classes:
            codes.add(429)
        for code in sorted(codes):
            responses.setdefault(str(code), {"description": PROBLEM_DESCRIPTION})
        return responses
