"""Issue 22: the team's tasks cost the same number of queries with 10 tasks as with 100, a
page at a time, overdue first, and another organisation sees none of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from list_world import ListWorld, outside_lead, queries, tasks
from noddfa.accounts.models import User
from noddfa.casework.selectors import team_open_tasks, team_tasks
from noddfa.casework.views import TASKS_PER_PAGE

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_the_team_tasks_cost_the_same_with_10_or_100_tasks_a_page_at_a_time(
    sign_in: SignIn, lists: ListWorld
) -> None:
    client = sign_in(lists.lead)

    def listing() -> str:
        response = client.get(reverse("casework:team_tasks"))
        assert response.status_code == 200
        return response.content.decode()

    tasks(lists, 10)
    few = queries(listing)
    tasks(lists, 90)
    many = queries(listing)
    assert few == many
    page = listing()
    body = page[page.index('<tbody class="govuk-table__body">') : page.index("</tbody>")]
    assert body.count("<tr") == TASKS_PER_PAGE
    assert "Page 1 of 3" in page
    # Most overdue first: the first row is the task due longest ago.
    assert "Visit 0" in body[: body.index("</tr>")]


def test_the_team_tasks_in_sql_keep_the_order_of_the_whole_list(lists: ListWorld) -> None:
    tasks(lists, 30)
    in_python = [task.pk for task in team_tasks(lists.lead)]
    in_sql = [task.pk for task in team_open_tasks(lists.lead)]
    assert in_sql == in_python


def test_another_organisation_sees_none_of_the_tasks(sign_in: SignIn, lists: ListWorld) -> None:
    tasks(lists, 5)
    page = sign_in(outside_lead()).get(reverse("casework:team_tasks")).content.decode()
    assert "Visit" not in page
