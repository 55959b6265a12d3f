"""The public help pages: no sign-in, 999 first, no cookies, nothing logged about a visitor."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from log_capture import capture_every_log_record, everything_in, message_of
from noddfa.audit.models import AuditEvent

PAGES = ["", "report/", "young-people/", "other-countries/"]
LANGS = ["en", "cy"]
ALL_PAGES = [f"/help/{lang}/{page}" for lang in LANGS for page in PAGES]

VISITOR_IP = "203.0.113.77"
VISITOR_AGENT = "Mozilla/5.0 (Noddfa-test-visitor-7f3a)"

pytestmark = pytest.mark.django_db


def _html(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", ALL_PAGES)
def test_each_page_opens_without_sign_in_in_its_language(client: Client, url: str) -> None:
    lang = url.split("/")[2]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert response["Content-Language"] == lang
    assert "/accounts/sign-in/" not in html


@pytest.mark.parametrize("url", ALL_PAGES)
def test_the_999_panel_comes_before_any_other_heading(client: Client, url: str) -> None:
    html = _html(client, url)
    first_heading = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)
    assert first_heading is not None
    assert 'id="emergency-heading"' in first_heading.group(0)
    assert 'href="tel:999"' in html
    assert html.index('href="tel:999"') < html.index("<h1")
    if "/en/" in url:
        assert "In an emergency call 999" in first_heading.group(1)


@pytest.mark.parametrize("url", ALL_PAGES)
def test_quick_exit_comes_first_and_works_without_javascript(client: Client, url: str) -> None:
    html = _html(client, url)
    body = html[html.index("<body") :]
    first_link = re.search(r"<a\s[^>]*>", body)
    assert first_link is not None
    assert 'href="https://www.bbc.co.uk/weather"' in first_link.group(0)
    assert "noddfa-quick-exit__button" in first_link.group(0)
    assert '<script type="module" src="/static/noddfa/quick_exit.mjs">' in html
    # No inline script or style, and nothing from another site but the exit link's target.
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
    assert "session.mjs" not in html and "noddfa.mjs" not in html


@pytest.mark.parametrize("url", [*ALL_PAGES, "/help/", "/help/en/other-countries/?country=FR"])
def test_no_cookie_no_session_no_cache_no_referrer(client: Client, url: str) -> None:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="cy")
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert not client.cookies
    assert Session.objects.count() == 0
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_help_sends_the_visitor_to_their_language(client: Client) -> None:
    assert client.get("/help/").url == "/help/en/"
    assert client.get("/help/", HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5").url == "/help/cy/"
    assert client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").url == "/help/en/"
    assert client.get("/help/fr/").status_code == 404


def test_language_follows_the_address_not_a_cookie_or_header(client: Client) -> None:
    client.cookies["django_language"] = "en"
    html = _html(client, "/help/cy/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="cy"' in html
    # The switch goes to the same page in the other language, keeping the filter.
    assert 'href="/help/en/" lang="en" hreflang="en"' in html
    html = _html(client, "/help/en/other-countries/?country=FR")
    assert 'href="/help/cy/other-countries/?country=FR" lang="cy"' in html


def test_a_signed_in_members_menu_never_appears(sign_in, practitioner) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(practitioner)
    html = _html(client, "/help/en/")
    assert "Sign out" not in html and "govuk-service-navigation__list" not in html
    assert "data-session-seconds" not in html and "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_modern_slavery_helpline_is_a_link_to_dial(client: Client, lang: str) -> None:
    for page in ("", "report/"):
        html = _html(client, f"/help/{lang}/{page}")
        assert "08000 121 700" in html
        assert 'href="tel:+448000121700"' in html


def test_report_page_lists_every_way_to_report(client: Client) -> None:
    html = _html(client, "/help/en/report/")
    assert "https://www.modernslaveryhelpline.org/report" in html
    assert 'href="tel:101"' in html
    assert "Crimestoppers" in html and "0800 555 111" in html
    assert "safeguarding lead" in html and "social services" in html


@pytest.mark.parametrize("lang", LANGS)
def test_young_people_page_names_meic_childline_and_the_commissioner(
    client: Client, lang: str
) -> None:
    html = _html(client, f"/help/{lang}/young-people/")
    assert "Meic" in html
    assert "Childline" in html
    assert 'href="tel:+448088023456"' in html  # Meic
    assert re.search(r'href="tel:(\+44)?0?8001111"', html)  # Childline
    if lang == "en":
        assert "Children’s Commissioner for Wales" in html
        assert "in Welsh" in html


def test_other_countries_are_grouped_by_country_and_leave_out_the_uk(client: Client) -> None:
    html = _html(client, "/help/en/other-countries/")
    headings = re.findall(r'<h2 class="govuk-heading-m" id="country-([A-Z]{2})">', html)
    assert {"FR", "IE", "NG", "PL", "RO"} <= set(headings)
    assert "GB" not in headings
    assert '<option value="FR">France</option>' in html
    assert "+32 2 511 64 64" in html  # PAG-ASA, Belgium
    assert 'href="tel:+3225116464"' in html


def test_the_country_filter_shows_one_country(client: Client) -> None:
    html = _html(client, "/help/en/other-countries/?country=fr")
    assert re.findall(r'id="country-([A-Z]{2})"', html) == ["FR"]
    assert '<option value="FR" selected>France</option>' in html
    html = _html(client, "/help/cy/other-countries/?country=ZZ")
    assert len(re.findall(r'id="country-([A-Z]{2})"', html)) > 5


def test_public_pages_answer_only_reads(client: Client) -> None:
    assert client.post("/help/en/").status_code == 405
    assert client.head("/help/en/").status_code == 200


# --- Nothing that identifies a visitor is logged --------------------------------------


def _visit_everything(client: Client) -> None:
    visitor = {"REMOTE_ADDR": VISITOR_IP, "HTTP_USER_AGENT": VISITOR_AGENT}
    for url in [*ALL_PAGES, "/help/", "/help/en/other-countries/?country=IE"]:
        assert client.get(url, **visitor).status_code in {200, 302}
    # Nor for addresses that do not exist under /help/.
    assert client.get("/help/en/no-such-page/", **visitor).status_code == 404
    assert client.get("/help/xx/", **visitor).status_code == 404
    assert client.post("/help/en/", **visitor).status_code == 405


def test_no_log_message_at_any_level_names_the_visitor(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    handler, restore = capture_every_log_record(force_debug=True)
    try:
        _visit_everything(client)
    finally:
        restore()
    for record in [*handler.records, *caplog.records]:
        text = message_of(record)
        assert VISITOR_IP not in text, record
        assert "Noddfa-test-visitor" not in text, record
    assert AuditEvent.objects.count() == 0
    assert Session.objects.count() == 0


def test_with_the_configured_levels_no_record_even_carries_the_request(client: Client) -> None:
    # django.request attaches the request (and so its address) to its 4xx warnings; the
    # settings pass it on only at ERROR, so for these visits no record is made at all.
    handler, restore = capture_every_log_record(force_debug=False)
    try:
        _visit_everything(client)
    finally:
        restore()
    for record in handler.records:
        text = everything_in(record)
        assert VISITOR_IP not in text, record
        assert "Noddfa-test-visitor" not in text, record
    assert AuditEvent.objects.count() == 0


def test_settings_keep_request_and_server_logs_quiet_for_not_found() -> None:
    # django.request logs 4xx at WARNING with the request attached; the settings send it on
    # only at ERROR, and django.server (the development server's access log) not at all.
    request_logger = logging.getLogger("django.request")
    assert request_logger.getEffectiveLevel() >= logging.ERROR
    assert not request_logger.propagate
    server_logger = logging.getLogger("django.server")
    assert server_logger.getEffectiveLevel() >= logging.CRITICAL
    assert not server_logger.propagate
    configured = settings.LOGGING["loggers"]
    assert configured["django.server"]["handlers"] == []
    assert configured["django.request"]["level"] == "ERROR"


@pytest.mark.parametrize("path", ["/help/cy/no-such-page/", "/help/en/nothing/", "/help/xx/"])
def test_a_wrong_help_address_keeps_the_999_panel_and_the_quick_exit(
    client: Client, path: str
) -> None:
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert 'href="tel:999"' in body
    assert "bbc.co.uk/weather" in body
    assert "Set-Cookie" not in response.headers
    if path.startswith("/help/cy/"):
        assert 'lang="cy"' in body
