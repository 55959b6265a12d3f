from __future__ import annotations

from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("organisation/", views.organisation, name="organisation"),
    path("record/", views.record_completion, name="record"),
    path("courses/", views.courses, name="courses"),
    path("courses/<int:course_id>/retire/", views.retire, name="retire"),
]
