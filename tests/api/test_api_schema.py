from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def test_the_openapi_schema_validates_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/pathway",
        "/api/v1/people/",
        "/api/v1/people/{person_id}/",
        "/api/v1/people/{person_id}/chronology/",
        "/api/v1/concerns/",
        "/api/v1/concerns/{concern_id}/",
        "/api/v1/referrals/",
        "/api/v1/referrals/{referral_id}/",
        "/api/v1/referrals/{referral_id}/status/",
        "/api/v1/tasks/",
        "/api/v1/directory/",
        "/api/v1/directory/{key}/",
    ):
        assert f"  {path}:" in schema
    assert "tokenAuth" in schema


def test_the_schema_is_served_as_openapi_3() -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_docs_page_runs_no_inline_script_and_loads_nothing_from_a_cdn() -> None:
    response = APIClient().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = _SCRIPT.findall(html)
    assert scripts, "the page should load Swagger UI"
    assert all("src=" in attributes for attributes in scripts), "inline <script> found"
    assert "<style" not in html
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', html)), "external asset"
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_the_docs_start_up_script_is_a_file_from_our_own_origin() -> None:
    response = APIClient().get("/api/v1/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in response.content.decode()


def test_an_unknown_api_address_answers_in_problem_details() -> None:
    response = APIClient().get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_the_api_speaks_only_json() -> None:
    response = APIClient().get("/api/v1/people/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.json()["status"] == 406
