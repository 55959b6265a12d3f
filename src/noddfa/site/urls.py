from __future__ import annotations

from django.urls import path

from . import person_views, review_queue, transfer_views, views

# The pages that compose several apps keep the addresses they always had: the person page
# under /people/ and the review queue under /concerns/. They are tried after the apps' own
# address lists (see config/urls.py), which no longer hold them.
app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("drafts/<uuid:draft_id>/discard/", views.discard_draft, name="discard_draft"),
    path("language/<str:language>/", views.switch_language, name="language"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
    path("how-noddfa-decides/", views.how_noddfa_decides, name="how_noddfa_decides"),
    path("healthz", views.healthz, name="healthz"),
    path("people/<uuid:person_id>/", person_views.person_detail, name="person"),
    path("people/<uuid:person_id>/transfer/", transfer_views.transfer, name="transfer"),
    path("concerns/review/", review_queue.review_queue, name="review_queue"),
]
