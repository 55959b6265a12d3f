from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from noddfa.accounts.models import User


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    # Rate limit counters live in the cache, which outlives a test's database.
    cache.clear()


@pytest.fixture
def api_as(db: None) -> Callable[[User], APIClient]:
    """Another system, holding this user's API token."""

    def _api_as(user: User) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _api_as
