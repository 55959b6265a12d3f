from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("users/", views.members, name="members"),
    path(
        "organisations/<int:organisation_id>/local-authority/",
        views.local_authority_contacts,
        name="local_authority_contacts",
    ),
]
