from __future__ import annotations

from django.urls import path

from . import attachment_views, chronology_views, views

app_name = "concerns"
urlpatterns = [
    path("new/", views.record, name="record"),
    path("drafts/<uuid:draft_id>/", views.record, name="draft"),
    path("drafts/<uuid:draft_id>/autosave/", views.autosave, name="autosave"),
    path("<uuid:concern_id>/", views.detail, name="detail"),
    path("<uuid:concern_id>/addenda/", views.addendum, name="addendum"),
    path("<uuid:concern_id>/facts/", views.reassess, name="reassess"),
    path("<uuid:concern_id>/review/", views.review, name="review"),
    path("<uuid:concern_id>/close/", views.close, name="close"),
    path("actions/<int:action_id>/", views.action_outcome, name="action"),
    path("<uuid:concern_id>/attachments/", attachment_views.upload, name="attach"),
    path("attachments/<uuid:attachment_id>/", attachment_views.download, name="attachment"),
    path("people/<uuid:person_id>/chronology/", chronology_views.chronology, name="chronology"),
    path(
        "people/<uuid:person_id>/chronology.pdf",
        chronology_views.chronology_pdf,
        name="chronology_pdf",
    ),
]
