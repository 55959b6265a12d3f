from __future__ import annotations

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/<str:language>/", views.switch_language, name="language"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
    path("how-noddfa-decides/", views.how_noddfa_decides, name="how_noddfa_decides"),
    path("healthz", views.healthz, name="healthz"),
]
