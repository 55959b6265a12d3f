from __future__ import annotations

from django.urls import path

from . import speak_up_views, views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the measures: "speak-up" would otherwise be read as a measure's name.
    path("speak-up/", speak_up_views.speak_up, name="speak_up"),
    path("<slug:measure>/", views.measure, name="measure"),
    path("<slug:measure>/export.csv", views.export_csv, name="export_csv"),
    path("<slug:measure>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
