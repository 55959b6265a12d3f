"""Rate limits for the API: a runaway client slows down instead of slowing the service.

Rates come from settings.NODDFA_API_RATES when set (tests lower them), otherwise these.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from .models import ApiToken

# "search" and "records" are per token (per user for a session) on the sensitive endpoints:
# searching for people by name, and reading one person's record or chronology (issue 17).
DEFAULT_RATES = {
    "user": "1200/minute",
    "anon": "300/minute",
    "search": "30/minute",
    "records": "120/minute",
}


def _rate(scope: str) -> str:
    return str(
        getattr(settings, "NODDFA_API_RATES", DEFAULT_RATES).get(scope, DEFAULT_RATES[scope])
    )


class PerUser(UserRateThrottle):
    def get_rate(self) -> str:
        return _rate("user")


class PerAddress(AnonRateThrottle):
    def get_rate(self) -> str:
        return _rate("anon")


class _PerToken(SimpleRateThrottle):
    """Each token has an allowance of its own, so a second token of the same user does not
    share it (nor does a session, which counts per user). Counted in the shared "limits"
    cache, so every server worker draws on the same allowance."""

    def __init__(self) -> None:
        super().__init__()
        # Per request, as DRF makes its throttles: each thread has its own cache connection.
        self.cache = caches["limits"]

    def get_rate(self) -> str:
        return _rate(str(self.scope))

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # PerAddress counts anonymous requests
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerTokenSearch(_PerToken):
    scope = "search"


class PerTokenRecords(_PerToken):
    scope = "records"
