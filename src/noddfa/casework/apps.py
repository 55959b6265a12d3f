from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "noddfa.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from . import (
            chronology,  # noqa: F401  (adds its entries to a person's chronology)
            receivers,  # noqa: F401  (mirrors pathway actions as tasks)
        )
