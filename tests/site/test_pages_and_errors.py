from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client, RequestFactory

from noddfa.accounts.models import User
from noddfa.site.views import server_error

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "noddfa"


def test_unknown_address_gets_the_styled_not_found_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "govuk-template" in body


def test_not_found_page_is_in_welsh_for_a_welsh_reader(client: Client) -> None:
    client.cookies["django_language"] = "cy"
    body = client.get("/no-such-page/").content.decode()
    assert 'lang="cy"' in body
    assert "Heb ddod o hyd i’r dudalen" in body


def test_server_error_page_shows_no_trace_and_is_bilingual() -> None:
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="cy")
    english = server_error(RequestFactory().get("/")).content.decode()
    welsh = server_error(request).content.decode()
    assert "Sorry, there is a problem with the service" in english
    assert "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth" in welsh
    for body in (english, welsh):
        assert "Traceback" not in body
        assert "File " not in body


def test_a_crashing_view_answers_with_the_error_page_and_no_detail(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    client.raise_request_exception = False
    secret = "Nguyen Van An lives at 4 Heol y Bont"
    with mock.patch("noddfa.site.views.render", side_effect=RuntimeError(secret)):
        response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert secret not in body
    assert "RuntimeError" not in body


def test_content_security_policy_allows_no_inline_script(client: Client) -> None:
    policy = client.get("/accounts/sign-in/")["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None
    assert script_src.group(1).strip() == "'self'"
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_carries_inline_script_or_event_handlers() -> None:
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script in {template}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler in {template}"


def test_every_response_carries_a_request_id(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
