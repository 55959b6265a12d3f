"""The concern page is the one a practitioner lands on after saving and a lead opens from the
queue: its cost must not grow with the number of actions it lists (issue 16: it was the
slowest page under load, loading the whole directory once per action)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def _reads_of(table: str, queries: list[dict[str, str]]) -> int:
    return sum(
        1 for q in queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    )


def test_the_concern_page_reads_the_directory_and_the_concern_once_whatever_its_actions(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2011, 2, 3))
    concern = make_concern(
        practitioner,
        child,
        danger="yes",
        action=["recruitment", "transportation"],
        purpose=["criminal", "sexual"],
    )
    assert concern.actions.count() >= 5  # enough actions for a per-action cost to show
    client = sign_in(practitioner)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert response.status_code == 200
    assert "Childline" in response.content.decode() or "Meic" in response.content.decode()
    assert _reads_of("directory_service", page.captured_queries) == 1
    # The concern itself, its attachments, and two checks that the reader may see it.
    assert _reads_of("concerns_concern", page.captured_queries) <= 4


def test_a_leads_concern_page_reads_the_staff_once_and_gives_each_actions_form_its_own_ids(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    UserFactory.create_batch(5, organisation=practitioner.organisation)
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2011, 2, 3))
    concern = make_concern(
        practitioner, child, danger="yes", action=["recruitment"], purpose=["criminal"]
    )
    actions = list(concern.actions.all())
    assert len(actions) >= 4
    client = sign_in(lead)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("concerns:detail", args=[concern.pk]))
    html = response.content.decode()
    staff_lists = [
        q for q in page.captured_queries if 'WHERE ("accounts_user"."is_active"' in q["sql"]
    ]
    assert len(staff_lists) == 1  # one picker rendered, not one per action
    ids = re.findall(r'id="(assign-[^"]+)"', html)
    assert len(ids) == len(set(ids)) >= len(actions)
    for action in actions:
        assert f'for="assign-{action.pk}-assignee"' in html
        assert f'id="assign-{action.pk}-assignee"' in html
    assert "action-slot" not in html
    assert html.count(f">{lead.full_name}</option>") == len(actions)
