from __future__ import annotations

from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:measure>/", views.measure, name="measure"),
    path("<slug:measure>/export.csv", views.export_csv, name="export_csv"),
    path("<slug:measure>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
