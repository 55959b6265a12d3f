from __future__ import annotations

import sys
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from noddfa.accounts.services import choose_language
from noddfa.concerns.permissions import can_record_concern
from noddfa.core import health
from noddfa.core.http import signed_in_user
from noddfa.core.problems import api_problem
from noddfa.directory.public_views import not_found as public_not_found
from noddfa.pathway import available_rulesets

from . import dashboard
from .dashboard import dashboard_for
from .rulebook import rulebook

DEFAULT_RULESET = "wales-2026.2"
DATABASE_DOWN = (OperationalError, InterfaceError)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    dashboard = dashboard_for(user, page="home")
    context = {
        "dashboard": dashboard,
        "drafts": dashboard.drafts,
        "alerts": dashboard.home.alerts,
        "attention": dashboard.home.attention,
        "may_record": can_record_concern(user),
    }
    return render(request, "site/home.html", context)


@login_required
def discard_draft(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    """Ask, then discard one of the user's own unfinished drafts (POST). Anyone else's draft
    is not found."""
    user = signed_in_user(request)
    if request.method == "POST":
        dashboard.discard_draft(user, draft_id)
        messages.success(request, _("The draft was discarded."))
        return redirect("site:home")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    named = dashboard.draft_to_discard(user, draft_id, page="discard draft")
    return render(request, "site/discard_draft.html", {"named": named})


@require_GET
def how_noddfa_decides(request: HttpRequest) -> HttpResponse:
    """The active rule sets, readable by anyone: the logic must be open to audit."""
    names = available_rulesets()
    chosen = request.GET.get("ruleset", DEFAULT_RULESET)
    if chosen not in names:
        raise Http404
    page = rulebook(chosen, translation.get_language() or settings.LANGUAGE_CODE)
    return render(request, "site/how_noddfa_decides.html", {"page": page, "rulesets": names})


@require_GET
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Switch between English and Welsh and remember it, then return to the same page."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # str in settings
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    if request.user.is_authenticated:
        choose_language(request.user, language)
    return response


@never_cache
@require_GET
def keepalive(request: HttpRequest) -> HttpResponse:
    # Any request renews the session (SESSION_SAVE_EVERY_REQUEST); this one says so.
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "seconds": settings.SESSION_COOKIE_AGE})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    ok, answers = health.check()
    if not ok:
        return JsonResponse({"status": "unavailable", **answers}, status=503)
    return JsonResponse({"status": "ok", **answers})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/help/"):
        return public_not_found(request)
    return render(request, "404.html", status=404)


def _plain_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # Rendered without the request context: when something has gone wrong, touching the
    # session or the database again could fail too, and nothing about the user may leak.
    language = translation.get_language_from_request(request)
    with translation.override(language):
        body = loader.get_template(template).render({"LANGUAGE_CODE": language})
    return HttpResponse(body, status=status)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so it is still the current one.
    unavailable = isinstance(sys.exc_info()[1], DATABASE_DOWN)
    response: HttpResponse
    if _is_api(request):
        if unavailable:
            response = api_problem(503, "The service cannot reach its database. Try again later.")
        else:
            response = api_problem(500, "Something went wrong on our side. Try again later.")
    elif unavailable:
        response = _plain_page(request, "503.html", 503)
    else:
        return _plain_page(request, "500.html", 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused before any view saw it; one too large says so (413)."""
    if isinstance(exception, RequestDataTooBig):
        if _is_api(request):
            return api_problem(413, "The request body is too large.")
        return _plain_page(request, "413.html", 413)
    if _is_api(request):
        return api_problem(400, "The request is not valid.")
    return _plain_page(request, "400.html", 400)
