from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import menu_for


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "navigation": menu_for(request),
    }
