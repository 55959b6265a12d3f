"""What `collectstatic` publishes: the built CSS, JavaScript and assets the pages use, and not
govuk-frontend's sources (Sass, Nunjucks, HTML component templates, documents)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.staticfiles.finders import get_finders


def _collected() -> set[str]:
    ignore = apps.get_app_config("staticfiles").ignore_patterns  # what collectstatic uses
    return {
        f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path
        for finder in get_finders()
        for path, storage in finder.list(ignore)
    }


def test_the_pages_static_files_are_collected_and_the_frontend_sources_are_not() -> None:
    collected = _collected()
    for needed in (
        "govuk/govuk-frontend.min.js",
        "noddfa/noddfa.mjs",
        "noddfa/favicon.svg",
    ):
        assert needed in collected, needed
    assert any(p.startswith("govuk/assets/fonts/") for p in collected)
    sources = [p for p in collected if p.endswith((".scss", ".njk", ".md", ".html"))]
    assert not sources, sources[:5]
