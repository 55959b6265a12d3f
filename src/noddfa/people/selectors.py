from __future__ import annotations

import heapq
import itertools
import uuid
from collections.abc import Iterator
from typing import overload

from django.db.models import Q, QuerySet
from django.http import Http404

from noddfa.accounts.models import Organisation, User
from noddfa.audit import reads

from .match_suggestions import held_elsewhere_answer
from .models import CaseMembership, Person
from .permissions import LOCAL_AUTHORITY_TEAMS, can_list_people, people_visible_to, shared_with

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


_NAME_ORDER = ("family_name", "given_name", "pk")


class VisiblePeople:
    """Everyone the user may see, in name order, read a page at a time (a `Paginator` takes
    it like a query).

    "Held by us or shared with us" is an OR that no index answers, so a page of it read the
    whole people table (22 ms at 100,000 people). Here each half is read on its own, in name
    order and only as far as the page needs: the organisation's own records from the
    (organisation, family name, given name, id) index, the people shared with it from its case
    memberships, and the two are merged. A page then costs what it shows, not what is held
    (issue 22). Two queries rather than one UNION: SQLite allows no LIMIT inside one."""

    def __init__(self, user: User) -> None:
        organisation = user.organisation_id
        self._held = self._shared = Person.objects.none()
        if can_list_people(user) and organisation is not None:
            self._held = Person.objects.filter(organisation_id=organisation)
            self._shared = Person.objects.filter(pk__in=shared_with(organisation)).exclude(
                organisation_id=organisation
            )

    def count(self) -> int:
        held = self._held.order_by().values("pk")
        return held.union(self._shared.order_by().values("pk"), all=True).count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Person]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, window: int) -> Person: ...

    @overload
    def __getitem__(self, window: slice) -> list[Person]: ...

    def __getitem__(self, window: int | slice) -> Person | list[Person]:
        if isinstance(window, int):
            return self[window : window + 1][0]
        start, stop = window.start or 0, window.stop
        if stop is None or stop <= start:
            return []
        # The first `stop` of each half, in the database's order, merged: a merge keeps each
        # half's own order, so pages never repeat or skip anyone.
        columns = ("family_name", "given_name", "pk")
        held = list(self._held.order_by(*_NAME_ORDER).values_list(*columns)[:stop])
        shared = list(self._shared.order_by(*_NAME_ORDER).values_list(*columns)[:stop])
        merged = heapq.merge(held, shared, key=lambda row: (row[0], row[1], str(row[2])))
        ids = [row[2] for row in itertools.islice(merged, start, stop)]
        found = {
            person.pk: person
            for person in Person.objects.filter(pk__in=ids)
            .select_related("organisation")
            .prefetch_related("involvements")
        }
        return [found[pk] for pk in ids if pk in found]


def people_list(user: User, text: str, *, page: str = "people") -> QuerySet[Person] | VisiblePeople:
    """The people list of the web page or the API: a search, or everyone the user may see a
    page at a time. An audited read; the words searched are never logged."""
    if text.strip():
        return people_page(user, text, page=page)
    return visible_people(user, page=page)


def visible_people(user: User, *, page: str = "people") -> VisiblePeople:
    """Everyone the user may see, a page at a time, as the web list and the API list both
    show them (one order, one rule, one cost). An audited read."""
    reads.read(user, page, searched=False)
    return VisiblePeople(user)


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
