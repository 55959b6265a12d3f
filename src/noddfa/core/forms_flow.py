"""The one way a page handles a form POST.

    form = SomeForm(posted(request))
    submission = submit(request, form, lambda: services.do_it(user, **form.cleaned_data))
    if submission.done:
        return redirect(...)
    return render(request, template, context, status=submission.status)

`submit` validates the form and calls the service only for a POST. What the service refuses
comes back on the form: a broken rule as errors on the fields it names (or on the whole form),
a conflict as an error on the whole form with the status 409. A `PermissionError` is not a
form error: it goes on to the error mapping (noddfa.core.errors) and answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict

from .errors import Conflict, RuleBroken, messages_of


@dataclass(frozen=True)
class Submission:
    """What became of a form: `done` when the service accepted it; otherwise the form is
    shown again with `status` (200, or 409 after a conflict, with `conflict` set)."""

    done: bool
    status: int = 200
    conflict: Conflict | None = None


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None for a GET. An empty POST is still a submission: it must
    show the form's errors, not a fresh form."""
    return request.POST if request.method == "POST" else None


def add_errors(form: BaseForm, error: RuleBroken | ValidationError) -> None:
    """A service's refusal as errors on the form: on the field it names when the form has
    that field, else on the whole form."""
    for field, messages in messages_of(error).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def submit(request: HttpRequest, form: BaseForm, act: Callable[[], Any]) -> Submission:
    if request.method != "POST" or not form.is_valid():
        return Submission(done=False)
    try:
        act()
    except (RuleBroken, ValidationError) as error:
        add_errors(form, error)
        return Submission(done=False)
    except Conflict as conflict:
        form.add_error(None, str(conflict))
        return Submission(done=False, status=409, conflict=conflict)
    return Submission(done=True)
