"""Rate limits for the API: a runaway client slows down instead of slowing the service.

Rates come from settings.NODDFA_API_RATES when set (tests lower them), otherwise these.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

DEFAULT_RATES = {"user": "1200/minute", "anon": "300/minute"}


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
