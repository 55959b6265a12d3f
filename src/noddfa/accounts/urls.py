from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    # An invitation or reset link; the token is in the query string (never in the logs).
    path("welcome/", views.welcome, name="welcome"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.members, name="members"),
    path("users/invite/", views.invite, name="invite"),
    path(
        "users/<int:member_id>/invite-again/",
        views.member_invite_again,
        name="member_invite_again",
    ),
    path(
        "users/<int:member_id>/reset-two-factor/",
        views.member_reset_two_factor,
        name="member_reset_two_factor",
    ),
    path("users/<int:member_id>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path(
        "organisations/<int:organisation_id>/local-authority/",
        views.local_authority_contacts,
        name="local_authority_contacts",
    ),
]
