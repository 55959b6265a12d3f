from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "noddfa.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (adds its entries to a person's chronology)
