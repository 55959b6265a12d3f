"""Pages for likely matches, links between records and the team's duplicate review.

Views only translate between HTTP and the selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from noddfa.core.http import signed_in_user

from .duplicate_suggestions import last_run
from .link_permissions import can_link, can_review_duplicates
from .links import (
    AlreadyLinked,
    current_links,
    duplicates_page,
    likeness,
    link_people,
    links_of,
    review_pair,
    unlink_people,
)
from .match_reasons import explain
from .match_suggestions import suggestions_for_person
from .matching_forms import LinkForm, ReviewForm, UnlinkForm
from .permissions import people_visible_to
from .selectors import person_for_viewing


@login_required
def person_matches(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    linked = links_of(user, person)
    linked_ids = {other.pk for _link, other in linked}
    suggestions = suggestions_for_person(user, person)
    rows = [
        {
            "person": s.person,
            "score": round(s.match.score * 100),
            "reasons": explain(s.match.reasons),
            "action_url": (
                reverse("people:link", args=[person.pk, s.person.pk])
                if can_link(user, person, s.person)
                else ""
            ),
            "action_text": _("Link these records"),
        }
        for s in suggestions.visible
        if s.person.pk not in linked_ids
    ]
    context = {
        "person": person,
        "rows": rows,
        "links": [
            {"link": link, "other": other, "may_unlink": can_link(user, person, other)}
            for link, other in linked
        ],
        "known_elsewhere": suggestions.known_elsewhere,
    }
    return render(request, "people/matches.html", context)


@login_required
def link(request: HttpRequest, person_id: uuid.UUID, other_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    other = person_for_viewing(user, other_id)
    if not can_link(user, person, other):
        raise PermissionDenied
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link_people(user, person, other, reason=form.cleaned_data["reason"])
        except AlreadyLinked:
            messages.info(request, _("These records are already linked."))
        else:
            messages.success(request, _("The records are linked. Both stay as they were written."))
        return redirect("people:matches", person_id=person.pk)
    return render(request, "people/link.html", {"person": person, "other": other, "form": form})


@login_required
def unlink(request: HttpRequest, link_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    visible = people_visible_to(user).values("pk")
    link = (
        current_links()
        .filter(pk=link_id, person_a__in=visible, person_b__in=visible)
        .select_related("person_a", "person_b")
        .first()
    )
    if link is None:
        raise Http404
    if not can_link(user, link.person_a, link.person_b):
        raise PermissionDenied
    form = UnlinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unlink_people(user, link, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The link is removed. The history keeps who removed it and why.")
        )
        return redirect("people:matches", person_id=link.person_a_id)
    return render(request, "people/unlink.html", {"link": link, "form": form})


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_review_duplicates(user):
        raise PermissionDenied
    page = duplicates_page(user, request.GET.get("page"))
    pairs = [
        {
            "left": pair.person_a,
            "right": pair.person_b,
            "score": round(pair.score * 100),
            "reasons": explain(pair.reasons),
        }
        for pair in page.object_list
    ]
    context = {"pairs": pairs, "page": page, "last_run": last_run()}
    return render(request, "people/duplicates.html", context)


@login_required
def review(request: HttpRequest, left_id: uuid.UUID, right_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    if not can_review_duplicates(user):
        raise PermissionDenied
    left = person_for_viewing(user, left_id)
    right = person_for_viewing(user, right_id)
    if not can_link(user, left, right):
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review_pair(user, left, right, **form.cleaned_data)
        messages.success(
            request, _("Your decision is recorded. This pair will not be suggested again.")
        )
        return redirect("people:duplicates")
    match = likeness(left, right)
    context = {
        "left": left,
        "right": right,
        "form": form,
        "score": round(match.score * 100),
        "reasons": explain(match.reasons),
    }
    return render(request, "people/review.html", context)
