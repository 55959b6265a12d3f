from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("noddfa.accounts.urls")),
    path("audit/", include("noddfa.accounts.trail_urls")),
    path("people/", include("noddfa.people.urls")),
    path("concerns/", include("noddfa.concerns.urls")),
    path("api/v1/", include("noddfa.api.urls")),
    path("directory/", include("noddfa.directory.urls")),
    path("help/", include("noddfa.directory.public_urls")),
    path("speak-up/", include("noddfa.speakup.urls")),
    path("speak-up-inbox/", include("noddfa.speakup.inbox_urls")),
    path("training/", include("noddfa.training.urls")),
    path("referrals/", include("noddfa.referrals.urls")),
    path("casework/", include("noddfa.casework.urls")),
    path("insights/", include("noddfa.insights.urls")),
    path("", include("noddfa.site.urls")),
]

handler400 = "noddfa.site.views.bad_request"
handler403 = "noddfa.site.views.permission_denied"
handler404 = "noddfa.site.views.page_not_found"
handler500 = "noddfa.site.views.server_error"
