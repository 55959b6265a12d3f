"""Directory pages: thin, every decision is in permissions, selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from noddfa.core.http import signed_in_user

from .forms import DirectorySearchForm, RetireForm, ServiceForm, initial_for
from .models import Service
from .permissions import can_manage_directory, can_search_directory
from .selectors import search_services, service_by_key
from .services import add_service, change_service, retire_service


def _service_or_404(key: str) -> Service:
    service = service_by_key(key)
    if service is None:
        raise Http404
    return service


@login_required
def search(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_search_directory(user):
        raise PermissionDenied
    form = DirectorySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services = search_services(
        text=filters.get("q", ""),
        country=filters.get("country", ""),
        audiences=filters.get("audience", []),
        needs=filters.get("need", []),
    )
    context = {
        "form": form,
        "services": services,
        "filtered": bool(filters and any(filters.values())),
        "may_manage": can_manage_directory(user),
    }
    return render(request, "directory/search.html", context)


@login_required
def detail(request: HttpRequest, key: str) -> HttpResponse:
    user = signed_in_user(request)
    if not can_search_directory(user):
        raise PermissionDenied
    service = _service_or_404(key)
    context = {"service": service, "may_manage": can_manage_directory(user)}
    return render(request, "directory/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_manage_directory(user):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, adding=True)
    if request.method == "POST" and form.is_valid():
        service = add_service(user, form.cleaned_data["key"], form.details())
        messages.success(request, _("The service is added to the directory."))
        return redirect("directory:detail", key=service.key)
    return render(request, "directory/edit.html", {"form": form, "service": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, key: str) -> HttpResponse:
    user = signed_in_user(request)
    if not can_manage_directory(user):
        raise PermissionDenied
    service = _service_or_404(key)
    form = ServiceForm(request.POST or None, adding=False, initial=initial_for(service))
    if request.method == "POST" and form.is_valid():
        change_service(user, service, form.details())
        messages.success(request, _("The changes are saved."))
        return redirect("directory:detail", key=service.key)
    return render(request, "directory/edit.html", {"form": form, "service": service})


@login_required
@require_http_methods(["GET", "POST"])
def retire(request: HttpRequest, key: str) -> HttpResponse:
    user = signed_in_user(request)
    if not can_manage_directory(user):
        raise PermissionDenied
    service = _service_or_404(key)
    if not service.is_active:
        raise Http404
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        retire_service(user, service, form.cleaned_data["reason"])
        messages.success(request, _("The service is retired and no longer shown in searches."))
        return redirect("directory:search")
    return render(request, "directory/retire.html", {"form": form, "service": service})
