"""The person page: one person as every app the reader may use knows them."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from noddfa.accounts.permissions import can_see_outside_reads
from noddfa.audit.reads import outside_reads_of
from noddfa.concerns.permissions import can_record_concern, concerns_visible_to
from noddfa.core.http import signed_in_user
from noddfa.people.permissions import can_share_person
from noddfa.people.selectors import known_to_other_agencies, memberships_of, person_for_viewing


@login_required
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    concerns = concerns_visible_to(user).filter(subject=person).select_related("organisation")
    context = {
        "person": person,
        "concerns": concerns,
        # Who else: neither the reader's own organisation nor the holder, which is named
        # apart (as "holds the record") when it is not the reader's.
        "memberships": memberships_of(person).exclude(
            organisation_id__in=[user.organisation_id, person.organisation_id]
        ),
        "holder_elsewhere": person.organisation
        if person.organisation_id != user.organisation_id
        else None,
        "known_elsewhere": known_to_other_agencies(user, person),
        "may_record": can_record_concern(user),
        "may_share": can_share_person(user, person),
        "outside_reads": (
            outside_reads_of([person, *concerns], person.organisation_id)
            if can_see_outside_reads(user, person.organisation_id)
            else None
        ),
    }
    return render(request, "site/person.html", context)
