"""The API's people list shows what the web list shows (issue 22): the organisation's own
records and those shared with it, in one name order, once each, a page of 50 at a time, for
the same number of queries whatever is shared; and nobody else's records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from factories import OrganisationFactory, UserFactory
from list_world import ListWorld, held_by, queries, share
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db
ApiAs = Callable[[User], APIClient]
SignIn = Callable[[User], Client]


def _all_pages(client: APIClient) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    url: str | None = "/api/v1/people/"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        rows += body["results"]
        url = body["next"]
    return rows


def test_the_api_lists_own_and_shared_records_in_name_order_once_each_as_the_web_list_does(
    api_as: ApiAs, sign_in: SignIn, lists: ListWorld
) -> None:
    # Even numbers held by the school, odd ones held by the police and shared with the school.
    police = OrganisationFactory(name="Heddlu Rhestrau")
    held_by(lists.organisation, [f"Teulu{n:03d}" for n in range(0, 120, 2)])
    shared = held_by(police, [f"Teulu{n:03d}" for n in range(1, 120, 2)])
    share(shared[:40], lists.organisation)  # 001 to 079 shared; 081 to 119 never

    rows = _all_pages(api_as(lists.lead))

    listed = [row["family_name"] for row in rows if row["family_name"].startswith("Teulu")]
    expected = sorted(
        [f"Teulu{n:03d}" for n in range(0, 120, 2)] + [f"Teulu{n:03d}" for n in range(1, 80, 2)]
    )
    assert listed == expected
    assert len({row["id"] for row in rows}) == len(rows)
    assert "Teulu081" not in listed and "Teulu119" not in listed
    # The web list's first page names the same people in the same order.
    page = sign_in(lists.lead).get(reverse("people:list")).content.decode()
    body = page[page.index("<tbody") : page.index("</tbody>")]
    first_teulu = [name for name in listed if name in body]
    assert first_teulu == sorted(first_teulu)
    assert listed[0] in body


def test_a_page_of_the_api_list_costs_the_same_with_10_or_100_shared_people(
    api_as: ApiAs, lists: ListWorld
) -> None:
    police = OrganisationFactory(name="Heddlu Rhestrau")
    client = api_as(lists.lead)

    def listing() -> None:
        assert client.get("/api/v1/people/").status_code == 200

    share(held_by(police, [f"Teulu{n:03d}" for n in range(10)]), lists.organisation)
    few = queries(listing)
    share(held_by(police, [f"Teulu{n:03d}" for n in range(10, 100)]), lists.organisation)
    many = queries(listing)
    assert few == many
    body = client.get("/api/v1/people/").json()
    assert len(body["results"]) == 50
    assert body["count"] == Person.objects.filter(organisation=lists.organisation).count() + 100


def test_another_organisation_reads_none_of_the_shared_or_held_records(
    api_as: ApiAs, lists: ListWorld
) -> None:
    police = OrganisationFactory(name="Heddlu Rhestrau")
    held_by(lists.organisation, ["Teulu001"])
    share(held_by(police, ["Teulu002"]), lists.organisation)
    other = OrganisationFactory(name="Ysgol Arall")
    outsider = UserFactory(organisation=other, role=Role.SAFEGUARDING_LEAD)

    body = api_as(outsider).get("/api/v1/people/").json()

    assert body["count"] == 0
    assert "Teulu" not in str(body)


def test_listing_through_the_api_is_audited_as_an_api_read(api_as: ApiAs, lists: ListWorld) -> None:
    api_as(lists.lead).get("/api/v1/people/")
    event = AuditEvent.objects.get(actor=lists.lead, action=AuditAction.VIEW)
    assert event.detail == {"page": "api:people", "searched": False}
