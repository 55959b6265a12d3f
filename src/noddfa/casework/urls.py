from __future__ import annotations

from django.urls import path

from . import pattern_views, registration_views, views

app_name = "casework"
urlpatterns = [
    path("patterns/", pattern_views.alert_list, name="patterns"),
    path("patterns/<uuid:alert_id>/dismiss/", pattern_views.dismiss, name="dismiss_alert"),
    path("patterns/<uuid:alert_id>/looking/", pattern_views.look_at, name="look_at_alert"),
    path("network/", pattern_views.network, name="network"),
    path("tasks/", views.my_task_list, name="my_tasks"),
    path("tasks/team/", views.team_task_list, name="team_tasks"),
    path("tasks/<uuid:task_id>/finish/", views.finish_task, name="finish_task"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/safety-plan/", views.plan_edit, name="plan_edit"),
    path("people/<uuid:person_id>/missing/", views.report_missing, name="report_missing"),
    path("people/<uuid:person_id>/tasks/new/", views.new_task, name="new_task"),
    path("people/<uuid:person_id>/aftercare/", views.aftercare, name="aftercare"),
    path("people/<uuid:person_id>/transition/", views.transition, name="transition"),
    path("people/<uuid:person_id>/close/", views.close, name="close"),
    path(
        "people/<uuid:person_id>/schools/new/",
        registration_views.new_registration,
        name="new_registration",
    ),
    path(
        "schools/<uuid:registration_id>/left/",
        registration_views.left_school,
        name="left_school",
    ),
    path("people/<uuid:person_id>/reopen/", views.reopen, name="reopen"),
    path("safety-plans/<uuid:plan_id>/", views.plan, name="plan"),
    path(
        "safety-plans/<uuid:plan_id>/for-carers/<str:language>/",
        views.plan_for_carers,
        name="plan_for_carers",
    ),
    path("missing/<uuid:episode_id>/", views.episode, name="episode"),
    path("missing/<uuid:episode_id>/return/", views.record_return, name="return"),
    path("missing/steps/<int:action_id>/", views.immediate_action, name="immediate_action"),
    path(
        "aftercare/<uuid:referral_id>/outcome/", views.aftercare_outcome, name="aftercare_outcome"
    ),
]
