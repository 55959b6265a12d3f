from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "noddfa.concerns"
    label = "concerns"
    verbose_name = _("Concerns")
