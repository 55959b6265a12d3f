"""Speak-up pages, mounted at /speak-up/: English at /speak-up/<channel>/, Welsh at
/speak-up/cy/<channel>/ (the help pages keep the language in the address the same way)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "speakup"

_PAGES = [
    ("", views.report, "report"),
    ("receipt/", views.receipt_page, "receipt"),
    ("receipt.txt", views.receipt_file, "receipt_file"),
    ("proof.txt", views.proof, "proof"),
    ("done/", views.done, "done"),
    ("follow-up/", views.follow_up, "follow_up"),
    ("follow-up/report/", views.conversation, "conversation"),
    ("leave/", views.leave, "leave"),
]

urlpatterns = [path("proof-key/", views.proof_key, name="proof_key")]
for suffix, view, name in _PAGES:
    urlpatterns += [
        path(f"cy/<slug:slug>/{suffix}", view, {"lang": "cy"}, name=f"{name}_cy"),
        path(f"<slug:slug>/{suffix}", view, name=name),
    ]
