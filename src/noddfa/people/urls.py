from __future__ import annotations

from django.urls import path

from . import matching_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<uuid:person_id>/share/", views.share, name="share"),
    path("<uuid:person_id>/matches/", matching_views.person_matches, name="matches"),
    path("<uuid:person_id>/link/<uuid:other_id>/", matching_views.link, name="link"),
    path("links/<uuid:link_id>/unlink/", matching_views.unlink, name="unlink"),
    path("duplicates/", matching_views.duplicates, name="duplicates"),
    path("duplicates/<uuid:left_id>/<uuid:right_id>/", matching_views.review, name="review"),
]
