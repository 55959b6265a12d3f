"""A service's refusal becomes the same answer wherever it is raised: on a form, on a page,
through the API (noddfa.core.errors, noddfa.core.forms_flow, noddfa.api.problems)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from noddfa.api.problems import exception_handler
from noddfa.core.errors import Conflict, DomainErrorMiddleware, RuleBroken
from noddfa.core.forms_flow import posted, submit
from noddfa.core.http import signed_in_user


class NoteForm(forms.Form):
    note = forms.CharField()


def _page_request(path: str = "/casework/close/", referer: str = "") -> HttpRequest:
    request = (
        RequestFactory().post(path, HTTP_REFERER=referer)
        if referer
        else (RequestFactory().post(path))
    )
    request.user = AnonymousUser()
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _middleware() -> DomainErrorMiddleware:
    return DomainErrorMiddleware(lambda request: HttpResponse())


def test_a_form_shows_a_broken_rule_on_the_field_it_names() -> None:
    request = RequestFactory().post("/", {"note": "seen at the car wash"})
    form = NoteForm(posted(request))

    def refuse() -> None:
        raise RuleBroken("Say more.", {"note": "Say where it was seen."})

    submission = submit(request, form, refuse)
    assert not submission.done and submission.status == 200
    assert form.errors == {"note": ["Say where it was seen."]}


def test_a_form_shows_a_conflict_on_the_whole_form_with_409() -> None:
    request = RequestFactory().post("/", {"note": "x"})
    form = NoteForm(posted(request))

    def already() -> None:
        raise Conflict("This case is already closed.")

    submission = submit(request, form, already)
    assert (submission.done, submission.status) == (False, 409)
    assert form.non_field_errors() == ["This case is already closed."]


def test_a_get_or_an_invalid_form_never_calls_the_service() -> None:
    called: list[bool] = []
    get = RequestFactory().get("/")
    assert not submit(get, NoteForm(posted(get)), lambda: called.append(True)).done
    empty = RequestFactory().post("/", {})
    form = NoteForm(posted(empty))
    assert not submit(empty, form, lambda: called.append(True)).done
    assert called == [] and "note" in form.errors  # an empty POST shows errors, not a fresh form


def test_a_permission_error_is_not_a_form_error_it_answers_403() -> None:
    request = RequestFactory().post("/", {"note": "x"})

    def forbidden() -> None:
        raise PermissionError("not yours")

    with pytest.raises(PermissionError):
        submit(request, NoteForm(posted(request)), forbidden)
    with pytest.raises(PermissionDenied):
        _middleware().process_exception(_page_request(), PermissionError("not yours"))


@pytest.mark.django_db
def test_a_conflict_escaping_a_page_answers_409_and_links_back_to_where_the_user_was() -> None:
    request = _page_request(referer="http://testserver/casework/people/1/")
    response = _middleware().process_exception(request, Conflict("The case is already open."))
    assert response is not None and response.status_code == 409
    body = response.content.decode()
    assert "The case is already open." in body
    assert 'href="http://testserver/casework/people/1/"' in body


@pytest.mark.django_db
def test_the_way_back_never_leads_to_another_site() -> None:
    request = _page_request(referer="https://evil.example/phish")
    response = _middleware().process_exception(request, RuleBroken("Give a reason."))
    assert response is not None and response.status_code == 400
    body = response.content.decode()
    assert "evil.example" not in body and 'href="/"' in body


def test_the_api_maps_its_own_errors_as_problems() -> None:
    request = _page_request(path="/api/v1/concerns/")
    assert _middleware().process_exception(request, Conflict("x")) is None


def _problem(error: Exception) -> tuple[int, dict[str, Any]]:
    response = exception_handler(error, {})
    assert response is not None
    return response.status_code, response.data


def test_through_the_api_a_conflict_is_409_and_a_permission_error_403() -> None:
    assert _problem(Conflict("This concern was already closed.")) == (
        409,
        {
            "type": "about:blank",
            "title": "Conflict",
            "status": 409,
            "detail": "This concern was already closed.",
        },
    )
    assert _problem(PermissionError("no"))[0] == 403


def test_through_the_api_a_broken_rule_names_its_field_and_no_sent_value_is_echoed() -> None:
    status, body = _problem(RuleBroken("Say why.", {"reason": "Say why the action was not done."}))
    assert (status, body["field"], body["detail"]) == (
        400,
        "reason",
        "Say why the action was not done.",
    )
    status, body = _problem(ValidationError({"name": "Value 'Anna Kowalska' is not valid."}))
    assert status == 400 and body["field"] == "name"
    assert "Kowalska" not in str(body)


def test_a_view_that_forgot_login_required_fails_closed_for_a_visitor() -> None:
    request = _page_request()
    with pytest.raises(PermissionError):
        signed_in_user(request)
