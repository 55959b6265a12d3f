"""A lead's review queue: the concerns waiting for review, beside the referral deadlines."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from noddfa.concerns.permissions import can_review
from noddfa.core.http import signed_in_user
from noddfa.referrals.selectors import referral_deadlines

from .danger import review_rows


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_review(user):
        raise PermissionDenied
    context = {
        "rows": review_rows(user, page="review_queue"),
        "deadlines": referral_deadlines(user),
    }
    return render(request, "site/review_queue.html", context)
