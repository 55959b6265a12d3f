from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a signed-in person may reach before passing the second factor: the two-factor
# pages themselves, signing out, the language switch, static assets and the health check.
_OPEN_PREFIXES = (
    "/accounts/two-factor/",
    "/accounts/sign-out/",
    "/language/",
    "/static/",
    "/healthz",
)


class SecondFactorRequiredMiddleware:
    """Outside demo mode, no page behind sign-in opens until a TOTP code is verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not settings.DEMO_MODE
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django-otp's middleware
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)
