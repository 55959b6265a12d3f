from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "noddfa.api"
    label = "api"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (deletes a user's tokens when accounts says so)
