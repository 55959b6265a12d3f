from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "noddfa.insights"
    label = "insights"

    def ready(self) -> None:
        # Marks the versions of what each write changes, for the cached figures (ADR 27).
        from . import receivers  # noqa: F401
