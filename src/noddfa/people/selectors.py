from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from noddfa.accounts.models import Organisation, User
from noddfa.audit import reads

from .match_suggestions import held_elsewhere_answer
from .models import CaseMembership, Person
from .permissions import LOCAL_AUTHORITY_TEAMS, people_visible_to

_SEARCH_LIMIT = 20


def people_for(user: User) -> QuerySet[Person]:
    return (
        people_visible_to(user)
        .select_related("organisation")
        .order_by("family_name", "given_name", "pk")
    )


def person_for_viewing(user: User, person_id: uuid.UUID) -> Person:
    """The person, if this user may see them; every successful look is audited.

    A record the user may not see is reported exactly like one that does not exist, so
    the answer leaks nothing about other organisations' records.
    """
    person = people_visible_to(user).filter(pk=person_id).select_related("organisation").first()
    if person is None:
        raise Http404
    reads.read(user, "person", target=person)
    return person


def people_page(user: User, text: str, *, page: str = "people") -> QuerySet[Person]:
    """The people list a page or the API shows: everyone the user may see, or those whose
    names start with the words searched. An audited read; the words are never logged."""
    reads.read(user, page, searched=bool(text.strip()))
    found = search_people(user, text) if text.strip() else people_for(user)
    # The part each plays in concerns about others, shown beside the name (a suspected
    # exploiter is not listed as if one of the children): Person.roles_in_concerns.
    return found.prefetch_related("involvements")


def search_people(user: User, text: str) -> QuerySet[Person]:
    """Exact and prefix search over names and other names, among people the user may see."""
    words = text.split()
    if not words:
        return Person.objects.none()
    found = people_for(user)
    for word in words:
        found = found.filter(
            Q(given_name__istartswith=word)
            | Q(family_name__istartswith=word)
            | Q(aliases__icontains=word)
        )
    return found[:_SEARCH_LIMIT]


def known_to_other_agencies(user: User, person: Person) -> bool:
    """Whether an audited check already told the user's organisation that another agency may
    hold a record of this person (issue 17, item 2).

    Looking at a person asks no other agency anything: that is done only by
    `match_suggestions.check_held_elsewhere`, for the person of a concern being written, rate
    limited, audited and shown to the holder. Only the yes/no ever leaves: never who, never
    what they recorded.
    """
    if not person.given_name and not person.family_name:
        return False
    return held_elsewhere_answer(user, person)


def memberships_of(person: Person) -> QuerySet[CaseMembership]:
    return (
        CaseMembership.objects.filter(case__people=person)
        .select_related("organisation", "decided_by")
        .order_by("decided_at")
    )


def local_authority_teams() -> QuerySet[Organisation]:
    return Organisation.objects.filter(organisation_type__in=LOCAL_AUTHORITY_TEAMS).order_by("name")
