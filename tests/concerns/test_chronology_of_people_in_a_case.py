"""A person's chronology gathers the concerns about everyone joined to them in a shared case,
and nobody else's, for the same number of queries with 10 or 100 of them (issue 22: it was
an OR across a join that read the whole people table)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from list_world import ListWorld, concerns, queries
from noddfa.accounts.models import User
from noddfa.concerns.chronology import chronology
from noddfa.concerns.models import Concern
from noddfa.people.models import CaseMembership, LawfulBasis, MultiAgencyCase, Person

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _joined_in_a_case(world: ListWorld, people: list[Person]) -> None:
    case = MultiAgencyCase.objects.create(opened_by=world.lead)
    CaseMembership.objects.create(
        case=case,
        organisation=world.organisation,
        decided_by=world.lead,
        reason="Siblings seen together",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
    case.people.add(world.model.subject, *people)


def _concern_ids(world: ListWorld) -> set[object]:
    entries = chronology(world.lead, world.model.subject, {"concern"})
    return {entry.concern_id for entry in entries}


def test_the_chronology_has_the_concerns_about_people_in_a_case_with_them_and_no_others(
    lists: ListWorld,
) -> None:
    joined = concerns(lists, 3, alerted=False)
    apart = concerns(lists, 2, alerted=False)
    _joined_in_a_case(lists, [concern.subject for concern in joined])

    shown = _concern_ids(lists)

    assert lists.model.pk in shown
    assert {concern.pk for concern in joined} <= shown
    assert not {concern.pk for concern in apart} & shown


def test_the_chronology_costs_the_same_with_10_or_100_concerns_joined_in_a_case(
    sign_in: SignIn, lists: ListWorld
) -> None:
    client = sign_in(lists.lead)
    page = reverse("concerns:chronology", args=[lists.model.subject_id])

    def opened() -> None:
        assert client.get(page).status_code == 200

    _joined_in_a_case(lists, [c.subject for c in concerns(lists, 10, alerted=False)])
    few = queries(opened)
    _joined_in_a_case(lists, [c.subject for c in concerns(lists, 90, alerted=False)])
    many = queries(opened)

    assert few == many
    joined = Concern.objects.filter(subject__cases__memberships__organisation=lists.organisation)
    assert len(_concern_ids(lists)) == joined.distinct().count() == 101
