from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from noddfa.accounts.permissions import can_record_concern
from noddfa.core.forms_flow import posted, submit
from noddfa.core.http import signed_in_user

from .forms import PersonSearchForm, ShareForm
from .permissions import can_list_people, can_share_person, holds_person
from .selectors import (
    local_authority_teams,
    people_list,
    person_for_viewing,
)
from .services import share_with_organisation

# A page of the people list (a search shows at most its own limit, fewer than a page).
PEOPLE_PER_PAGE = 50


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_list_people(user):
        raise PermissionDenied
    # Searching is a POST so that names never sit in an address, a history or a log.
    form = PersonSearchForm(request.POST or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    # Everyone the organisation may see grows with its history: a page at a time.
    page = Paginator(people_list(user, query), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "people": page.object_list,
        "page": page,
        "form": form,
        "query": query,
        "may_record": can_record_concern(user),
    }
    return render(request, "people/list.html", context)


@login_required
def share(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    if not can_share_person(user, person):
        raise PermissionDenied
    teams = local_authority_teams()
    if user.organisation_id is not None:  # exclude(pk=None) would leave every team in too
        teams = teams.exclude(pk=user.organisation_id)
    form = ShareForm(posted(request), teams=teams)
    holder = holds_person(user, person)
    submission = submit(
        request, form, lambda: share_with_organisation(user, person, **form.cleaned_data)
    )
    if submission.done:
        if holder:
            done = _("The sharing decision is recorded. The team can now see this person’s record.")
        else:
            done = _(
                "The sharing decision is recorded. The team can now see this person’s record, "
                "and the organisation that holds it has been told."
            )
        messages.success(request, done)
        return redirect("site:person", person_id=person.pk)
    context = {"person": person, "form": form, "holder": holder}
    return render(request, "people/share.html", context, status=submission.status)
