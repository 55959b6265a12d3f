from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "noddfa.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_rewrite_keys_once_per_edition, sender=self)


def _rewrite_keys_once_per_edition(**kwargs: object) -> None:
    """The first migrate after the matcher's keys change (`KEYS_VERSION`) rewrites the keys
    stored for people that the new code makes differently, and records that it did. It
    runs after every migration has been applied, so it reads the tables as the code
    expects them."""
    from django.db import connections

    from noddfa.matching.keys import KEYS_VERSION

    from .match_keys import rebuild_all_keys
    from .models import MatchKeyRebuild

    using = str(kwargs.get("using", "default"))
    # Also sent after migrating back to before the table existed, and for a partial plan.
    if MatchKeyRebuild._meta.db_table not in connections[using].introspection.table_names():
        return
    if MatchKeyRebuild.objects.using(using).filter(keys_version=KEYS_VERSION).exists():
        return
    checked, rewritten = rebuild_all_keys()
    MatchKeyRebuild.objects.using(using).create(
        keys_version=KEYS_VERSION, people_checked=checked, keys_rewritten=rewritten
    )
