"""The errors a service raises when it refuses, and the one place they become responses.

Services check permission, rules and state, and raise one of three things (after HackSoft's
error-mapping approach):

- `PermissionError`: this user may not do this. A page answers 403, the API 403.
- `RuleBroken` (or Django's `ValidationError`): the change breaks a rule of the domain; the
  message (and field errors) say which, in the reader's language. A form shows them on the
  form; elsewhere a page answers 400 and the API a 400 problem.
- `Conflict`: the record moved on since the user read it (already closed, already recorded,
  a step that no longer follows, a save over someone else's). A form shows the message and
  answers 409; elsewhere a page answers 409 and the API a 409 problem.

`noddfa.core.forms_flow.submit` maps them for forms, `DomainErrorMiddleware` for any other
page, and `noddfa.api.problems.exception_handler` for the API. Views do not catch them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


class RuleBroken(Exception):
    """A rule refused the change. `errors` maps field names ("" for the whole form) to
    messages; every message is ours, never a value the user typed."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors: dict[str, str] = dict(errors or {"": message})


class Conflict(Exception):
    """The record is no longer where the user saw it; the message says what happened."""


class StaleSave(Conflict):
    """Someone saved after this page was opened: saving would drop their change.
    `current_version` is the version now saved, for the page to show beside theirs."""

    def __init__(self, message: str, current_version: str) -> None:
        super().__init__(message)
        self.current_version = current_version


def messages_of(error: RuleBroken | ValidationError) -> dict[str, list[str]]:
    """Field name ("" for the whole form) to messages, for either kind of rule error."""
    if isinstance(error, RuleBroken):
        return {field: [message] for field, message in error.errors.items()}
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for m in ValidationError(msgs).messages]
            for field, msgs in error.error_dict.items()
        }
    return {"": [str(message) for message in error.messages]}


class DomainErrorMiddleware:
    """Maps a domain error that escaped a page's view to the page a person can act on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None  # the API maps its own, as problem details
        if isinstance(exception, PermissionError):
            raise PermissionDenied from exception
        if isinstance(exception, Conflict):
            return _refusal(request, exception, 409)
        if isinstance(exception, RuleBroken | ValidationError):
            return _refusal(request, exception, 400)
        return None


def _refusal(request: HttpRequest, error: Exception, status: int) -> HttpResponse:
    if isinstance(error, RuleBroken | ValidationError):
        reasons = [m for ms in messages_of(error).values() for m in ms]
    else:
        reasons = [str(error)]
    # The page the user came from shows the record as it is now (a refused POST's own address
    # may not answer a GET); only our own messages are shown.
    came_from = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {"reasons": reasons, "again": came_from if safe else "/", "conflict": status == 409}
    return render(request, "refused.html", context, status=status)
