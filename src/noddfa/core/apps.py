from __future__ import annotations

from django.apps import AppConfig
from django.contrib.staticfiles import apps as staticfiles


class CoreConfig(AppConfig):
    name = "noddfa.core"
    label = "core"


class StaticFilesConfig(staticfiles.StaticFilesConfig):
    """`collectstatic` leaves out govuk-frontend's sources: its Sass, Nunjucks and HTML
    component templates and its documents. The pages use the built CSS, JavaScript and assets
    only, so nothing else need be hashed, compressed or served (a third of the files)."""

    ignore_patterns = [
        *staticfiles.StaticFilesConfig.ignore_patterns,
        "*.scss",
        "*.njk",
        "*.md",
        "*.html",
    ]
