"""Every 4xx answer as RFC 9457 problem details, and never with submitted data in it.

DRF's own messages sometimes quote what was sent ('"x" is not a valid choice.'), and what
was sent may be a name or an address, so validation messages are our own fixed wording,
chosen by the error's code; only field names (never values) are reported back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from noddfa.core.errors import Conflict, RuleBroken

CONTENT_TYPE = "application/problem+json"
# Relative type URIs: stable names a client can switch on, documented in ADR 0005.
INVALID_INPUT = "/api/v1/problems/invalid-input"
IDEMPOTENCY_KEY_REUSED = "/api/v1/problems/idempotency-key-reused"
GENERIC = "about:blank"

_FIELD_NAME_LIMIT = 60
_MESSAGES = {
    "required": "This field is required.",
    "null": "This field may not be null.",
    "blank": "This field may not be blank.",
    "max_length": "This value is too long.",
    "min_length": "This value is too short.",
    "max_value": "This value is too large.",
    "min_value": "This value is too small.",
    "invalid": "This value is not valid for this field.",
    "invalid_choice": "This value is not one of the allowed values.",
    "not_a_list": "Expected a list.",
    "empty": "This list may not be empty.",
    "unknown_field": "Unknown field.",
    "date": "Expected a date and time, not a date.",
    "make_aware": "This date and time does not exist in the local time zone.",
    "overflow": "This date and time is out of range.",
    # noddfa.core.plausible_dates
    "in_the_future": "This date and time is in the future.",
    "before_1990": "This date and time is before 1990: check the year.",
    "born_in_the_future": "A date of birth cannot be in the future.",
    "born_over_130_years_ago": "This date of birth is more than 130 years ago: check the year.",
}
_DEFAULT_MESSAGE = "This value is not valid."
# Details DRF writes itself; none of them quotes the request body.
_SAFE_DETAILS = {
    HTTPStatus.BAD_REQUEST: "The request body is not valid JSON.",
    HTTPStatus.NOT_FOUND: "Not found.",
    HTTPStatus.FORBIDDEN: "You do not have permission to do this.",
}


class Problem(exceptions.APIException):
    """An API error whose status, title, detail and field are all our own words."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        field: str | None = None,
        problem_type: str = GENERIC,
        title: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status
        self.field = field
        self.problem_type = problem_type
        self.title = title or HTTPStatus(status).phrase


def invalid_input(field: str, detail: str) -> Problem:
    return Problem(
        HTTPStatus.BAD_REQUEST,
        detail,
        field=field,
        problem_type=INVALID_INPUT,
        title="Your request is not valid",
    )


def not_found(field: str | None = None) -> Problem:
    # The same words whether the record is missing or belongs to someone else.
    return Problem(HTTPStatus.NOT_FOUND, "Not found.", field=field)


def body(
    status: int,
    detail: str,
    *,
    field: str | None = None,
    problem_type: str = GENERIC,
    title: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    problem: dict[str, Any] = {
        "type": problem_type,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if field is not None:
        problem["field"] = field
    if errors:
        problem["errors"] = errors
    return problem


def _field_name(key: object) -> str:
    name = str(key) if str(key).isprintable() else repr(key)
    return name if len(name) <= _FIELD_NAME_LIMIT else name[:_FIELD_NAME_LIMIT] + "..."


def _flatten(detail: Any, path: str = "") -> Iterator[dict[str, str]]:
    """Each error as {field, detail}, nested fields joined with dots and list items as [n]."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = _field_name(key)
            if name == api_settings.NON_FIELD_ERRORS_KEY:
                yield from _flatten(value, path)
            else:
                yield from _flatten(value, f"{path}.{name}" if path else name)
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            for item in detail:
                yield {"field": path, "detail": _MESSAGES.get(item.code or "", _DEFAULT_MESSAGE)}
        else:
            for index, item in enumerate(detail):
                if item:  # ListField reports an empty entry for every valid item
                    yield from _flatten(item, f"{path}[{index}]")
    elif isinstance(detail, exceptions.ErrorDetail):
        yield {"field": path, "detail": _MESSAGES.get(detail.code or "", _DEFAULT_MESSAGE)}


def _respond(response: Response, problem: dict[str, Any]) -> Response:
    response.data = problem
    response.content_type = CONTENT_TYPE
    return response


def _as_api_error(exc: Exception) -> Exception:
    """A service's refusal (noddfa.core.errors) as the API error that answers it."""
    if isinstance(exc, PermissionError):
        return exceptions.PermissionDenied()
    if isinstance(exc, Conflict):
        return Problem(HTTPStatus.CONFLICT, str(exc))
    if isinstance(exc, RuleBroken):
        # Our own messages, never a value that was sent.
        field, detail = next(iter(exc.errors.items()))
        return invalid_input(field, detail) if field else Problem(HTTPStatus.BAD_REQUEST, detail)
    if isinstance(exc, DjangoValidationError):
        # Django's own messages can quote a value, so only the field names are reported.
        fields = list(getattr(exc, "error_dict", {})) or [""]
        return invalid_input(fields[0], _DEFAULT_MESSAGE)
    return exc


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF's handler decides the status and headers; this one decides what the body says.
    Services' refusals are mapped first, the one place the API does so."""
    exc = _as_api_error(exc)
    response = drf_exception_handler(exc, dict(context))
    if response is None:
        return None  # a server error: Django's 500 handling, which logs without values
    status = response.status_code
    if isinstance(exc, Problem):
        return _respond(
            response,
            body(
                status,
                str(exc.detail),
                field=exc.field,
                problem_type=exc.problem_type,
                title=exc.title,
            ),
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = list(_flatten(exc.detail)) or [{"field": "", "detail": _DEFAULT_MESSAGE}]
        first = errors[0]
        return _respond(
            response,
            body(
                status,
                first["detail"],
                field=first["field"] or None,
                problem_type=INVALID_INPUT,
                title="Your request is not valid",
                errors=errors,
            ),
        )
    if status in _SAFE_DETAILS:
        detail = _SAFE_DETAILS[HTTPStatus(status)]
    else:
        # Authentication, method, media type and throttling messages are DRF's own text.
        detail = str(getattr(exc, "detail", "")) or HTTPStatus(status).phrase
    return _respond(response, body(status, detail))


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any unknown address under the API answers like the API, not with an HTML page."""
    return JsonResponse(
        body(HTTPStatus.NOT_FOUND, "Not found."),
        status=HTTPStatus.NOT_FOUND,
        content_type=CONTENT_TYPE,
    )
