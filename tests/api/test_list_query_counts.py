"""Issue 22: each API list (referrals, people, tasks) costs the same number of queries for a
page whatever the number of rows behind it, keeps its page-number pagination, and another
organisation's token reads none of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from list_world import ListWorld, outside_lead, people, queries, referrals, tasks
from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db
ApiAs = Callable[[User], APIClient]
Rows = Callable[[ListWorld, int], object]


def _get(client: APIClient, url: str) -> Callable[[], dict[str, object]]:
    def fetch() -> dict[str, object]:
        response = client.get(url)
        assert response.status_code == 200
        return dict(response.json())

    return fetch


@pytest.mark.parametrize(
    ("url", "rows", "total"),
    [
        # The model concern's person and the people behind the rows are all listed.
        ("/api/v1/referrals/", referrals, 100),
        ("/api/v1/people/", people, 101),
        ("/api/v1/tasks/", tasks, 100),
    ],
)
def test_an_api_list_costs_the_same_with_10_or_100_rows(
    api_as: ApiAs, lists: ListWorld, url: str, rows: Rows, total: int
) -> None:
    fetch = _get(api_as(lists.lead), url)
    rows(lists, 10)
    few = queries(fetch)
    rows(lists, 90)
    many = queries(fetch)
    assert few == many
    body = fetch()
    assert body["count"] >= total
    assert len(body["results"]) == 50  # type: ignore[arg-type]
    assert body["next"]


def test_the_api_referral_list_reads_each_status(api_as: ApiAs, lists: ListWorld) -> None:
    referrals(lists, 3)
    body = _get(api_as(lists.lead), "/api/v1/referrals/")()
    assert {row["status"] for row in body["results"]} == {"submitted"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/api/v1/people/", "/api/v1/tasks/"])
def test_another_organisations_token_lists_none_of_it(
    api_as: ApiAs, lists: ListWorld, url: str
) -> None:
    referrals(lists, 3)
    tasks(lists, 3)
    body = _get(api_as(outside_lead()), url)()
    names = str(body)
    assert "Teulu" not in names
    assert "Visit" not in names
    assert body["count"] <= 1
