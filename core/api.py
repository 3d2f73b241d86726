"""Shared pieces of the REST API: RFC 9457 problem details for every error."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
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
    413: lambda: _("Too large"),
    415: lambda: _("Unsupported media type"),
    428: lambda: _("Precondition required"),
    429: lambda: _("Too many requests"),
    500: lambda: _("Server error"),
    503: lambda: _("Service unavailable"),
}


# The handler is where DRF's own texts become the portal's, in the request's language. DRF's details for
# these errors say nothing a person can act on, or carry English no catalogue translates ("No Draft
# matches the given query.", "Invalid page."): they are always answered in the portal's words, which the
# Khmer catalogue translates. A 404 says the same whatever is missing, as it must for what a client may
# not see.
_ALWAYS = {
    exceptions.NotFound: lambda: _("There is nothing at this address."),
    exceptions.MethodNotAllowed: lambda: _("This address does not accept this method."),
    exceptions.UnsupportedMediaType: lambda: _("Send the body as JSON (Content-Type: application/json)."),
    exceptions.NotAcceptable: lambda: _("This address answers in JSON (or CSV where offered) only."),
}
# These keep a message the portal words itself (a service's refusal, a token's fault); only DRF's stock
# detail is replaced.
_STOCK = {
    exceptions.NotAuthenticated: lambda: _("Sign in, or send “Authorization: Token <your token>”."),
    exceptions.AuthenticationFailed: lambda: _("The credentials sent are not valid."),
    exceptions.PermissionDenied: lambda: _("Your role does not allow this step."),
}

# DRF's and Django's own messages for the fields of the API's input (serializers, the activities' filters).
# DRF ships no Khmer and Django little: the portal's catalogue translates them, and gettext finds them
# there when DRF raises them in the request's language. Named here so that `make messages` keeps them;
# tests/api/test_problem_language.py checks that every message the API's inputs can give has Khmer.
FIELD_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("Not a valid string."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("String value too large."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop("Ensure that there are no more than {max_whole_digits} digits before the decimal point."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    # Django's form fields, behind the activities' filters.
    gettext_noop("Enter a number."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
)


def _human_detail(exc, detail):
    """Return the portal's translated words in place of DRF's own details; keep the messages the portal words."""
    if isinstance(exc, exceptions.Throttled):
        if exc.wait:
            return _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": exc.wait}
        return _("Too many requests. Wait a minute, then try again.")
    if isinstance(exc, exceptions.ParseError):
        # DRF raises it while handling the decoder's error, which knows where the body went wrong.
        reason = exc.__context__
        if isinstance(reason, json.JSONDecodeError):
            return _("The body is not valid JSON (line %(line)d, column %(column)d).") % {
                "line": reason.lineno,
                "column": reason.colno,
            }
        if isinstance(reason, RecursionError):
            return _("The body's JSON is nested too deeply.")
        return _("The body is not valid JSON.")
    if isinstance(exc, exceptions.PermissionDenied) and str(detail).startswith("CSRF Failed"):
        # DRF's session authentication refuses a write without the CSRF token, in English only.
        return _("A signed-in browser sends its CSRF token (the X-CSRFToken header); a script uses an API token.")
    for kind, message in _ALWAYS.items():
        if isinstance(exc, kind):
            return message()
    for kind, message in _STOCK.items():
        if isinstance(exc, kind) and str(detail) == str(kind.default_detail):
            return message()
    return detail


class ProblemResponse(Response):
    """Problem details, rendered as JSON whatever the request negotiated.

    An address that also answers in CSV, or sends a stored document as it is,
    would otherwise render the problem with that renderer: a CSV header, or
    no body at all.
    """

    @property
    def rendered_content(self):
        self.accepted_renderer, self.accepted_media_type = JSONRenderer(), PROBLEM_CONTENT_TYPE
        return super().rendered_content


def problem(status_code, detail, *, errors=None, headers=None):
    """Return a problem-details response (RFC 9457)."""
    title = _TITLES.get(status_code, lambda: _("Error"))()
    body = {"type": "about:blank", "title": str(title), "status": status_code, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    return ProblemResponse(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def body_refusal(exc):
    """Return the portal's words for a body Django refused to read, or None for any other error.

    Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE, or a form of more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS fields, as it reads it: in DRF's parsing of request.data, or in the CSRF
    check of a session's form post. DRF passes these exceptions on as they are and its own handler knows
    nothing of them; left to Django, they would be the HTML page of a 400.
    """
    if isinstance(exc, RequestDataTooBig):
        return _("The body is larger than the API accepts (%(limit)d bytes at most).") % {
            "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        }
    if isinstance(exc, TooManyFieldsSent):
        return _("The body has more fields than the API accepts (%(limit)d at most).") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    return None


def problem_exception_handler(exc, context):
    """Answer every API error with one JSON shape a person can act on."""
    if (refusal := body_refusal(exc)) is not None:
        return problem(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, refusal)
    # As DRF's handler would, but here, so that the portal's words below see the exception DRF answers.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
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
