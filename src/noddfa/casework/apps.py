from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "noddfa.casework"
    label = "casework"
    verbose_name = _("Casework")
