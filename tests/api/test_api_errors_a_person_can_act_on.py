"""Issue 16 item 10: the API answers failures as problems a client can act on."""

from __future__ import annotations

import json
from collections.abc import Callable
from unittest import mock

import pytest
from django.db import OperationalError
from rest_framework.test import APIClient

from factories import UserFactory
from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_api_says_the_database_is_unreachable_as_a_problem(
    api_as: Callable[[User], APIClient],
) -> None:
    client = api_as(UserFactory())
    client.raise_request_exception = False
    with mock.patch("noddfa.api.views.visible_people", side_effect=OperationalError("timeout")):
        response = client.get("/api/v1/people/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503


def test_a_server_error_in_the_api_is_a_problem_not_an_html_page(
    api_as: Callable[[User], APIClient],
) -> None:
    client = api_as(UserFactory())
    client.raise_request_exception = False
    with mock.patch("noddfa.api.views.visible_people", side_effect=RuntimeError("bug")):
        response = client.get("/api/v1/people/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"


def test_deeply_nested_json_to_the_api_is_a_400_problem(
    api_as: Callable[[User], APIClient],
) -> None:
    client = api_as(UserFactory())
    client.raise_request_exception = False
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/pathway", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_an_api_body_over_the_limit_gets_a_413_problem(
    api_as: Callable[[User], APIClient],
) -> None:
    client = api_as(UserFactory())
    body = json.dumps({"jurisdiction": "wales", "padding": "x" * 3_000_000})
    response = client.post("/api/v1/pathway", body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response["Content-Type"] == "application/problem+json"
