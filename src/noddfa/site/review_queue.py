"""A lead's review queue: the concerns waiting for review, beside the referral deadlines."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from noddfa.concerns.permissions import can_review
from noddfa.core.http import signed_in_user
from noddfa.referrals.selectors import first_deadlines

from .danger import queue_row, review_queryset

# A page of the queue: ordered in SQL, so a page reads only its own concerns.
QUEUE_PER_PAGE = 50


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_review(user):
        raise PermissionDenied
    concerns = review_queryset(user, page="review_queue")
    page = Paginator(concerns, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "rows": [queue_row(concern) for concern in page.object_list],
        "page": page,
        **first_deadlines(user),
    }
    return render(request, "site/review_queue.html", context)
