from __future__ import annotations

from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import exchange_views, problems, views

app_name = "api"
urlpatterns: list[URLPattern] = [
    path("pathway", views.PathwayView.as_view(), name="pathway"),
    path("people/", views.PersonListView.as_view(), name="people"),
    path("people/search/", views.PersonSearchView.as_view(), name="people_search"),
    path("people/<uuid:person_id>/", views.PersonDetailView.as_view(), name="person"),
    path(
        "people/<uuid:person_id>/chronology/",
        views.ChronologyView.as_view(),
        name="chronology",
    ),
    path("concerns/", views.ConcernCreateView.as_view(), name="concerns"),
    path("concerns/<uuid:concern_id>/", views.ConcernDetailView.as_view(), name="concern"),
    path("referrals/", exchange_views.ReferralListView.as_view(), name="referrals"),
    path(
        "referrals/<uuid:referral_id>/",
        exchange_views.ReferralDetailView.as_view(),
        name="referral",
    ),
    path(
        "referrals/<uuid:referral_id>/status/",
        exchange_views.ReferralStatusView.as_view(),
        name="referral_status",
    ),
    path("tasks/", exchange_views.TaskListView.as_view(), name="tasks"),
    path("directory/", exchange_views.ServiceListView.as_view(), name="directory"),
    path("directory/<slug:key>/", exchange_views.ServiceDetailView.as_view(), name="service"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    # Last: anything else under /api/v1/ is a problem-details 404, not the site's HTML page.
    re_path(r"^.*$", problems.not_found_view),
]
