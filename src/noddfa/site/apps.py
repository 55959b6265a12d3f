from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of the house: the pages and jobs that compose several apps (home, navigation,
    the person record across agencies, demo data, backup and restore). Nothing imports it."""

    name = "noddfa.site"
    label = "site"
