from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a signed-in person may reach before passing the second factor: the two-factor
# pages themselves, signing out, the language switch, static assets, the health check and
# the public help pages (/help/, noddfa.directory.public_urls). The help pages are open to
# anyone without signing in and show no personal data, so a visitor who has typed a password
# but not yet a code must get them as anyone else does: someone looking for help is never
# sent to a sign-in step first. The help prefix ends in a slash so /helpdesk stays shut. The
# page of an invitation or reset link opens for whoever holds a live link (ADR 17).
_OPEN_PREFIXES = (
    "/accounts/two-factor/",
    "/accounts/welcome/",
    "/accounts/sign-out/",
    "/language/",
    "/static/",
    "/healthz",
    "/help/",
    # Anyone may speak up without a name (ADR 0026), signed in or half signed in.
    "/speak-up/",
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
