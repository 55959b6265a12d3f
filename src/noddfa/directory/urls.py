from __future__ import annotations

from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.add, name="add"),
    path("<slug:key>/", views.detail, name="detail"),
    path("<slug:key>/edit/", views.edit, name="edit"),
    path("<slug:key>/retire/", views.retire, name="retire"),
]
