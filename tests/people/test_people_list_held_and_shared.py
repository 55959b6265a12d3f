"""The people list reads the organisation's own records and those shared with it as two
ordered halves merged a page at a time (issue 22): everyone it may see, in name order, once
each, and nobody else."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from factories import OrganisationFactory, UserFactory
from list_world import ListWorld, held_by, queries, share
from noddfa.accounts.models import Role, User
from noddfa.people.models import Person
from noddfa.people.selectors import VisiblePeople
from noddfa.people.views import PEOPLE_PER_PAGE

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _names(page: str) -> list[str]:
    body = page[page.index("<tbody") : page.index("</tbody>")]
    return re.findall(r"Rhes (Teulu\d+)", body)


def test_own_and_shared_records_come_in_one_name_order_a_page_at_a_time_once_each(
    sign_in: SignIn, lists: ListWorld
) -> None:
    # Even numbers held by the school, odd ones held by the police and shared with the school.
    police = OrganisationFactory(name="Heddlu Rhestrau")
    held_by(lists.organisation, [f"Teulu{n:03d}" for n in range(0, 120, 2)])
    shared = held_by(police, [f"Teulu{n:03d}" for n in range(1, 120, 2)])
    share(shared[:40], lists.organisation)  # 001 to 079 shared; 081 to 119 never
    client = sign_in(lists.lead)
    total = Person.objects.filter(organisation=lists.organisation).count() + 40
    pages = -(-total // PEOPLE_PER_PAGE)
    seen: list[str] = []
    for number in range(1, pages + 1):
        page = client.get(reverse("people:list") + f"?page={number}").content.decode()
        assert f"Page {number} of {pages}" in page
        seen += _names(page)
    expected = sorted(
        [f"Teulu{n:03d}" for n in range(0, 120, 2)] + [f"Teulu{n:03d}" for n in range(1, 80, 2)]
    )
    assert seen == expected
    assert len(seen) == len(set(seen)) == 100
    assert VisiblePeople(lists.lead).count() == total
    # The police's records they never shared appear nowhere.
    assert "Teulu081" not in seen and "Teulu119" not in seen


def test_a_page_costs_the_same_with_10_or_100_shared_people(
    sign_in: SignIn, lists: ListWorld
) -> None:
    police = OrganisationFactory(name="Heddlu Rhestrau")
    client = sign_in(lists.lead)

    def listing() -> None:
        assert client.get(reverse("people:list")).status_code == 200

    share(held_by(police, [f"Teulu{n:03d}" for n in range(10)]), lists.organisation)
    few = queries(listing)
    share(held_by(police, [f"Teulu{n:03d}" for n in range(10, 100)]), lists.organisation)
    many = queries(listing)
    assert few == many
    page = client.get(reverse("people:list")).content.decode()
    body = page[page.index("<tbody") : page.index("</tbody>")]
    assert body.count("<tr") == PEOPLE_PER_PAGE


def test_a_user_who_may_not_list_people_gets_nobody(lists: ListWorld) -> None:
    held_by(lists.organisation, ["Teulu001"])
    analyst = UserFactory(organisation=lists.organisation, role=Role.PARTNERSHIP_ANALYST)
    visible = VisiblePeople(analyst)
    assert visible.count() == 0
    assert visible[0:50] == []
