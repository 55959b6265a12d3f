from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeakUpConfig(AppConfig):
    name = "noddfa.speakup"
    label = "speakup"
    verbose_name = _("Speak up safely")

    def ready(self) -> None:
        # The recipients' side links concerns to reports and chases the clocks (receivers.py).
        from . import receivers  # noqa: F401
