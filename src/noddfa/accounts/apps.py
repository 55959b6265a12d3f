from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "noddfa.accounts"
    label = "accounts"
    verbose_name = _("Organisations and accounts")

    def ready(self) -> None:
        from .sealed_totp import install

        install()
