"""Public help pages, mounted at /help/: the language is always part of the address."""

from __future__ import annotations

from django.urls import path, re_path

from . import public_views

app_name = "help"
_LANG = r"(?P<lang>en|cy)"

urlpatterns = [
    path("", public_views.start, name="start"),
    re_path(rf"^{_LANG}/$", public_views.index, name="index"),
    re_path(rf"^{_LANG}/report/$", public_views.report, name="report"),
    re_path(rf"^{_LANG}/young-people/$", public_views.young_people, name="young_people"),
    re_path(rf"^{_LANG}/other-countries/$", public_views.other_countries, name="other_countries"),
]
