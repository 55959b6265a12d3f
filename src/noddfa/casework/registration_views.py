"""Recording a child joining and leaving a school's roll, the facts behind the school
registration churn alert."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from noddfa.core.forms_flow import posted
from noddfa.core.forms_flow import submit as submit_form
from noddfa.core.http import signed_in_user

from .forms import LeftSchoolForm, SchoolRegistrationForm
from .patterns import (
    may_record_school_registrations,
    record_leaving_school,
    record_school_registration,
)
from .selectors import person_for_casework, registration_for
from .views import _form_page


@login_required
def new_registration(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_casework(user, person_id, page="new_registration")
    if not may_record_school_registrations(user):
        raise PermissionDenied
    form = SchoolRegistrationForm(posted(request))
    if submit_form(
        request, form, lambda: record_school_registration(user, person, **form.cleaned_data)
    ).done:
        messages.success(request, _("The school registration is recorded."))
        return redirect("casework:person", person_id=person.pk)
    return _form_page(
        request,
        form,
        title=_("Record a school registration"),
        person=person,
        submit=_("Record the registration"),
        intro=_(
            "Record each time the child joins a school's roll, and the day they are taken off "
            "it. A child moved between schools again and again can be a sign of exploitation."
        ),
    )


@login_required
def left_school(request: HttpRequest, registration_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    registration = registration_for(user, registration_id, page="left_school")
    if not may_record_school_registrations(user) or registration.organisation_id != (
        user.organisation_id
    ):
        raise PermissionDenied
    form = LeftSchoolForm(posted(request), registered_on=registration.registered_on)
    if submit_form(
        request,
        form,
        lambda: record_leaving_school(user, registration, form.cleaned_data["deregistered_on"]),
    ).done:
        messages.success(request, _("The date they left is recorded."))
        return redirect("casework:person", person_id=registration.person.pk)
    return _form_page(
        request,
        form,
        title=_("Taken off the roll at %(school)s") % {"school": registration.school},
        person=registration.person,
        submit=_("Record the date they left"),
    )
