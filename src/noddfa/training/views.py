from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from noddfa.core.http import signed_in_user

from .expiry import Status
from .forms import CourseForm, RecordTrainingForm
from .permissions import can_manage_courses, can_manage_training, can_retire, staff_visible_to
from .selectors import (
    catalogue_for,
    compliance_for,
    expiring_first,
    live_courses_for,
    my_training,
)
from .services import add_course, record_training, retire_course


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "records": my_training(user),
        "may_manage": can_manage_training(user),
    }
    return render(request, "training/mine.html", context)


def _course_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("course", "")
    return int(value) if value.isdigit() else None


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    course_id = _course_filter(request)
    rows = compliance_for(user, timezone.localdate(), course_id, page="training_compliance")
    counts = {status: sum(1 for row in rows if row.status == status) for status in Status}
    context = {
        "rows": rows,
        "expiring": expiring_first(rows),
        "summary": [(status, counts[status]) for status in Status],
        "courses": live_courses_for(user),
        "course_id": course_id,
    }
    return render(request, "training/organisation.html", context)


@login_required
def record_completion(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_manage_training(user):
        raise PermissionDenied
    form = RecordTrainingForm(
        request.POST or None, staff=staff_visible_to(user), courses=live_courses_for(user)
    )
    if request.method == "POST" and form.is_valid():
        record_training(user, **form.cleaned_data)
        messages.success(request, _("The training is recorded."))
        return redirect("training:organisation")
    return render(request, "training/record.html", {"form": form})


@login_required
def courses(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    may_add = can_manage_courses(user)
    form = CourseForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            add_course(user, **form.cleaned_data)
            messages.success(request, _("The course is added to your organisation’s catalogue."))
            return redirect("training:courses")
    context = {
        "courses": [(course, can_retire(user, course)) for course in catalogue_for(user)],
        "form": form,
    }
    return render(request, "training/courses.html", context)


@require_POST
@login_required
def retire(request: HttpRequest, course_id: int) -> HttpResponse:
    user = signed_in_user(request)
    course = catalogue_for(user).filter(pk=course_id).first()
    if course is None:
        # Another organisation's course is answered exactly like one that does not exist.
        raise Http404
    if not can_retire(user, course):
        raise PermissionDenied
    retire_course(user, course)
    messages.success(request, _("The course is retired. Its records keep their expiry dates."))
    return redirect("training:courses")
