from __future__ import annotations

from django.urls import path

from . import trail_views

# The namespace stays "audit": the page is the audit trail, whichever app serves it.
app_name = "audit"
urlpatterns = [
    path("", trail_views.trail, name="trail"),
]
