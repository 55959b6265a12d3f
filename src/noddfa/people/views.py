from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .permissions import can_list_people
from .selectors import people_for, person_for_viewing


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not can_list_people(user):
        raise PermissionDenied
    record(AuditAction.VIEW, actor=user, detail={"page": "people"})
    return render(request, "people/list.html", {"people": people_for(user)})


@login_required
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = person_for_viewing(user, person_id)
    return render(request, "people/detail.html", {"person": person})
