"""The recipients' pages, mounted at /speak-up-inbox/ (apart from the reporter's /speak-up/,
whose addresses are channel names and which logs nothing)."""

from __future__ import annotations

from django.urls import path

from . import inbox_views as views

app_name = "speakup_inbox"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("channels/", views.channels, name="channels"),
    path("channels/new/", views.channel_new, name="channel_new"),
    path("channels/<int:channel_id>/", views.channel_edit, name="channel_edit"),
    path("channels/<int:channel_id>/open/", views.channel_open, name="channel_open"),
    path("<uuid:report_id>/", views.report, name="report"),
    path("<uuid:report_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:report_id>/message/", views.message, name="message"),
    path("<uuid:report_id>/feedback/", views.feedback, name="feedback"),
    path("<uuid:report_id>/close/", views.close, name="close"),
    path("<uuid:report_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:report_id>/concern/", views.concern, name="concern"),
    path("<uuid:report_id>/photos/<uuid:attachment_id>/", views.photo, name="photo"),
]
