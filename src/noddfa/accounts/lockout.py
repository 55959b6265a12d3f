"""Sign-in lockout: django-axes' database handler with two wider limits over its own records.

Axes counts failures for each lockout parameter (here the account and the client together)
and compares the largest count with the one `AXES_FAILURE_LIMIT`. It has no way to give a
second parameter a limit of its own: listing `ip_address` as a second parameter would lock a
whole office behind one address after five mistyped passwords between its staff, and a
successful sign-in would then clear the client's count as well (axes resets every parameter's
records on success). So this handler keeps axes' count and lockout as they are and adds two
counts over the same `AccessAttempt` records, within the same cool-off:

- failures from one client, whichever accounts were tried (`NODDFA_SIGN_IN_CLIENT_FAILURE_LIMIT`):
  one client cannot spray passwords across many accounts; a successful sign-in does not clear it;
- failures against one account, from whichever clients (`NODDFA_SIGN_IN_ACCOUNT_FAILURE_LIMIT`):
  many clients together cannot make more than that many guesses an hour at one account.

Reaching either counts as reaching `AXES_FAILURE_LIMIT`, so axes refuses the sign-in, shows its
lockout page and sends `user_locked_out` exactly as it does for its own limit.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _failures(**match: object) -> int:
    total = AccessAttempt.objects.filter(**match).aggregate(total=Sum("failures_since_start"))
    return int(total["total"] or 0)


# Axes ships no types, so its handler is Any to mypy.
class AccountAndClientLockout(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler, also locking at the per-client and per-account limits."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        limit = int(get_failure_limit(request, credentials))
        if failures >= limit:
            return failures
        since = get_cool_off_threshold(request)
        client = getattr(request, "axes_ip_address", None)
        if (
            client is not None
            and _failures(ip_address=client, attempt_time__gte=since)
            >= settings.NODDFA_SIGN_IN_CLIENT_FAILURE_LIMIT
        ):
            return limit
        account = get_client_username(request, credentials)
        if (
            account is not None
            and _failures(username=account, attempt_time__gte=since)
            >= settings.NODDFA_SIGN_IN_ACCOUNT_FAILURE_LIMIT
        ):
            return limit
        return failures
