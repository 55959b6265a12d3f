"""Issue 22: the team's tasks cost the same number of queries with 10 tasks as with 100, a
page at a time, overdue first, and another organisation sees none of them."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from list_world import ListWorld, list_world, outside_lead, queries, tasks
from noddfa.accounts.models import User
from noddfa.casework.selectors import team_open_tasks, team_tasks
from noddfa.casework.views import TASKS_PER_PAGE

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture(scope="module")
def _world(module_transaction: None, django_db_blocker: DjangoDbBlocker) -> ListWorld:
    with django_db_blocker.unblock():
        return list_world()


@pytest.fixture
def world(_world: ListWorld, db: None) -> Iterator[ListWorld]:
    yield copy.deepcopy(_world)


def test_the_team_tasks_cost_the_same_with_10_or_100_tasks_a_page_at_a_time(
    sign_in: SignIn, world: ListWorld
) -> None:
    client = sign_in(world.lead)

    def listing() -> str:
        response = client.get(reverse("casework:team_tasks"))
        assert response.status_code == 200
        return response.content.decode()

    tasks(world, 10)
    few = queries(listing)
    tasks(world, 90)
    many = queries(listing)
    assert few == many
    page = listing()
    body = page[page.index('<tbody class="govuk-table__body">') : page.index("</tbody>")]
    assert body.count("<tr") == TASKS_PER_PAGE
    assert "Page 1 of 3" in page
    # Most overdue first: the first row is the task due longest ago.
    assert "Visit 0" in body[: body.index("</tr>")]


def test_the_team_tasks_in_sql_keep_the_order_of_the_whole_list(world: ListWorld) -> None:
    tasks(world, 30)
    in_python = [task.pk for task in team_tasks(world.lead)]
    in_sql = [task.pk for task in team_open_tasks(world.lead)]
    assert in_sql == in_python


def test_another_organisation_sees_none_of_the_tasks(sign_in: SignIn, world: ListWorld) -> None:
    tasks(world, 5)
    page = sign_in(outside_lead()).get(reverse("casework:team_tasks")).content.decode()
    assert "Visit" not in page
