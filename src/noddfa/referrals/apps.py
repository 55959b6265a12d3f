from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "noddfa.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import chronology  # noqa: F401  (adds its entries to a person's chronology)

        post_migrate.connect(_store_open_deadlines_once, sender=self)


def _store_open_deadlines_once(**kwargs: object) -> None:
    """The first migrate after the stored open dates came (ADR 0029) stores them for the
    referrals made before. It runs after every migration has been applied, so the code that
    works the dates out reads the tables as that code expects them."""
    from django.db import connections

    from .models import OpenDeadline, ReferralDraft
    from .open_deadlines import rebuild_open_deadlines

    using = str(kwargs.get("using", "default"))
    # Also sent after migrating back to before the table existed, and for a partial plan.
    if OpenDeadline._meta.db_table not in connections[using].introspection.table_names():
        return
    if OpenDeadline.objects.using(using).exists():
        return
    if ReferralDraft.objects.using(using).exists():
        rebuild_open_deadlines(write=True)
