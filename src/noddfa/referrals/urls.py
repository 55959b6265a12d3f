from __future__ import annotations

from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("policy/", views.policy, name="policy"),
    path("start/<int:action_id>/", views.start, name="start"),
    path("hand-over/<int:action_id>/", views.hand_over, name="hand_over"),
    path("inbox/", views.inbox_list, name="inbox"),
    path("inbox/<uuid:item_id>/", views.inbox_item, name="inbox_item"),
    path("inbox/<uuid:item_id>/acknowledge/", views.inbox_acknowledge, name="inbox_acknowledge"),
    path("inbox/<uuid:item_id>/decide/", views.inbox_decide, name="inbox_decide"),
    path("inbox/<uuid:item_id>/take-up/", views.inbox_take_up, name="inbox_take_up"),
    path("concerns/<uuid:concern_id>/consent/", views.consent, name="consent"),
    path("<uuid:draft_id>/", views.detail, name="detail"),
    path("<uuid:draft_id>/edit/", views.edit, name="edit"),
    path("<uuid:draft_id>/submitted/", views.submitted, name="submitted"),
    path("<uuid:draft_id>/send/", views.send, name="send"),
    path("<uuid:draft_id>/confirmed/", views.confirmed, name="confirmed"),
    path("<uuid:draft_id>/acknowledged/", views.acknowledged, name="acknowledged"),
    path("<uuid:draft_id>/response/", views.response, name="response"),
    path("<uuid:draft_id>/decision/", views.decision, name="decision"),
    path("<uuid:draft_id>/referral.pdf", views.pdf, name="pdf"),
    path("<uuid:draft_id>/referral.json", views.json_download, name="json"),
    path("<uuid:draft_id>/copy-for-person/", views.copy_for_person, name="copy"),
]
