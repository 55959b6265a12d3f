"""The audit trail page: an organisation admin reads their own organisation's events."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from noddfa.core.http import signed_in_user

from .permissions import can_read_audit_trail
from .selectors import audit_trail_for, members_of_my_organisation
from .trail_forms import TrailFilterForm

_PAGE_SIZE = 50


@login_required
def trail(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_read_audit_trail(user):
        raise PermissionDenied
    form = TrailFilterForm(request.GET or None, members=members_of_my_organisation(user))
    events = audit_trail_for(
        user,
        form.trail_filter() if form.is_bound else TrailFilterForm.empty(),
        page="audit_trail",
    )
    page = Paginator(events, _PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
