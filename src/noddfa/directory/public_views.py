"""Public "get help" pages: no sign-in, no cookies, nothing logged about who visits.

The language is in the address (/help/en/, /help/cy/), never in a cookie or the session.
The pages are rendered without the request context, so they never touch the session,
the signed-in user, the CSRF token or messages: nothing here can set a cookie. They create
no audit events (they show no personal data) and log nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_safe

from . import selectors
from .choices import country_name
from .public_content import (
    HOME_COUNTRY,
    PublicService,
    clean_country,
    group_by_country,
    is_active,
    public_service,
)

LANGUAGES = ("en", "cy")
EXIT_URL = "https://www.bbc.co.uk/weather"

# The services each page names, by their directory key.
REPORT_KEYS = (
    "modern_slavery_helpline",
    "police_non_emergency",
    "crimestoppers",
    "live_fear_free",
)
YOUNG_PEOPLE_KEYS = ("meic", "childline", "childrens_commissioner_wales")
INDEX_KEYS = ("modern_slavery_helpline",)

View = Callable[..., HttpResponse]


def _private(response: HttpResponse) -> HttpResponse:
    """Nothing stored by the browser or a proxy; nothing told to the next site visited."""
    add_never_cache_headers(response)  # includes no-store
    response["Referrer-Policy"] = "no-referrer"
    return response


def public_page(view: View) -> View:
    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _private(view(request, *args, **kwargs))

    return wrapped


def _services(keys: tuple[str, ...], language: str) -> dict[str, PublicService]:
    found: dict[str, PublicService] = {}
    for key in keys:
        service = selectors.service_by_key(key)
        if service is not None and is_active(service):
            found[key] = public_service(service, language)
    return found


def _render(
    request: HttpRequest, lang: str, name: str, template: str, context: dict[str, Any]
) -> HttpResponse:
    other = "cy" if lang == "en" else "en"
    query = request.GET.urlencode()
    alternate = reverse(f"help:{name}", kwargs={"lang": other}) + (f"?{query}" if query else "")
    with translation.override(lang):
        body = loader.render_to_string(
            template,
            {
                **context,
                "page_name": name,
                "lang": lang,
                "other_lang": other,
                "alternate_url": alternate,
                "exit_url": EXIT_URL,
            },
        )
    response = HttpResponse(body)
    response["Content-Language"] = lang
    return response


@public_page
def start(request: HttpRequest) -> HttpResponse:
    """/help/ goes to the help pages in the visitor's preferred language."""
    preferred = translation.get_language_from_request(request)
    lang = "cy" if preferred == "cy" else "en"
    response = HttpResponseRedirect(reverse("help:index", kwargs={"lang": lang}))
    patch_vary_headers(response, ("Accept-Language",))
    return response


@public_page
def index(request: HttpRequest, lang: str) -> HttpResponse:
    context = {"services": _services(INDEX_KEYS, lang)}
    return _render(request, lang, "index", "directory/public_index.html", context)


# Apps above the directory add ways to report to the "how to report" page without the
# directory importing them (speak-up channels): a receiver gets `lang=` and returns a list of
# (name, address) pairs, public information only.
report_links = Signal()


@public_page
def report(request: HttpRequest, lang: str) -> HttpResponse:
    context: dict[str, Any] = {"services": _services(REPORT_KEYS, lang)}
    more_ways: list[tuple[str, str]] = []
    for _receiver, links in report_links.send(sender=None, lang=lang):
        more_ways.extend(cast("list[tuple[str, str]]", links))
    context["more_ways"] = more_ways
    return _render(request, lang, "report", "directory/public_report.html", context)


@public_page
def young_people(request: HttpRequest, lang: str) -> HttpResponse:
    context = {"services": _services(YOUNG_PEOPLE_KEYS, lang)}
    return _render(request, lang, "young_people", "directory/public_young_people.html", context)


@public_page
def other_countries(request: HttpRequest, lang: str) -> HttpResponse:
    with translation.override(lang):
        abroad = [
            service
            for service in selectors.services_for_public(None, None)
            if str(service.country).upper() != HOME_COUNTRY
        ]
        countries = [
            (group.code, group.name)
            for group in group_by_country(public_service(service, lang) for service in abroad)
        ]
        chosen = clean_country(request.GET.get("country"))
        if chosen not in {code for code, _ in countries}:
            chosen = None
        if chosen is not None:
            abroad = list(selectors.services_for_public(chosen, None))
        shown = group_by_country(public_service(service, lang) for service in abroad)
        chosen_name = country_name(chosen) if chosen else ""
    context = {
        "groups": shown,
        "countries": countries,
        "chosen": chosen or "",
        "chosen_name": chosen_name,
        "all_url": reverse("help:other_countries", kwargs={"lang": lang}),
        "services": _services(INDEX_KEYS, lang),
    }
    return _render(
        request, lang, "other_countries", "directory/public_other_countries.html", context
    )


def not_found(request: HttpRequest) -> HttpResponse:
    """A wrong address under /help/ still has the 999 panel and the quick exit."""
    segments = request.path.split("/")
    lang = segments[2] if len(segments) > 2 and segments[2] in ("en", "cy") else "en"
    response = _render(request, lang, "index", "directory/public_not_found.html", {})
    response.status_code = 404
    return _private(response)
