"""Issue 22: the lead's home and the review queue cost the same number of queries with 10 rows
as with 100, show a bounded number of them, and never put names in the page's title. New
concern alerts are read for every lead once any lead has the concern in hand."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from list_world import ListWorld, concerns, outside_lead, queries
from noddfa.accounts.models import Role, User
from noddfa.concerns.models import Alert, LeadReview, PathwayAction
from noddfa.concerns.selectors import alerts_waiting
from noddfa.concerns.services import assign_action, close_concern, review_concern
from noddfa.site.danger import HOME_ALERTS, HOME_ATTENTION
from noddfa.site.review_queue import QUEUE_PER_PAGE

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _get(client: Client, url: str) -> Callable[[], str]:
    def fetch() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return fetch


def test_a_leads_home_costs_the_same_with_10_or_100_alerts_and_shows_the_newest_few(
    sign_in: SignIn, lists: ListWorld
) -> None:
    home = _get(sign_in(lists.lead), "/")
    concerns(lists, 10)
    few = queries(home)
    concerns(lists, 90)
    many = queries(home)
    assert few == many
    page = home()
    alerts = page[page.index("New concerns for you to review") :]
    # The model concern and the 100 copies: the first few are listed, the rest counted.
    assert alerts.count("concerns/") <= HOME_ALERTS + 1
    assert "101 new concerns wait for review" in page
    attention = page[page.index("Needs attention first") : page.index("New concerns for you")]
    assert attention.count("<li>") == HOME_ATTENTION
    assert "See all 101 concerns that need attention in the review queue" in page


def test_the_home_pages_title_is_only_its_name_whatever_it_lists(
    sign_in: SignIn, lists: ListWorld
) -> None:
    concerns(lists, 3)
    for user in (lists.lead, lists.practitioner):
        page = _get(sign_in(user), "/")()
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title is not None
        assert title.group(1).strip() == "Home \u2013 Noddfa"


def test_home_offers_record_a_concern_to_those_who_record_and_not_to_an_admin(
    sign_in: SignIn, lists: ListWorld
) -> None:
    record = reverse("concerns:record")
    assert (
        f'role="button" draggable="false" data-module="govuk-button" href="{record}"'
        in _get(sign_in(lists.practitioner), "/")()
    )
    admin = User.objects.create_user(
        email="admin-lists@test.noddfa.example",
        password="correct horse battery staple",
        full_name="Admin",
        organisation=lists.organisation,
        role=Role.ORGANISATION_ADMIN,
    )
    assert f'href="{record}"' not in _get(sign_in(admin), "/")()


def test_an_alert_is_read_for_every_lead_once_one_lead_reviews_the_concern(
    lists: ListWorld,
) -> None:
    other_lead = User.objects.create_user(
        email="lead2-lists@test.noddfa.example",
        password="x",
        full_name="Second Lead",
        organisation=lists.organisation,
        role=Role.SAFEGUARDING_LEAD,
    )
    first, second = concerns(lists, 2)
    Alert.objects.create(recipient=other_lead, concern=first)
    assert first in [alert.concern for alert in alerts_waiting(other_lead)]
    review_concern(lists.lead, first, risk_level="high", risk_reason="Seen", decision="act")
    assert LeadReview.objects.filter(concern=first).exists()
    assert first not in [alert.concern for alert in alerts_waiting(other_lead)]
    assert first not in [alert.concern for alert in alerts_waiting(lists.lead)]
    # The other concern still waits.
    assert second in [alert.concern for alert in alerts_waiting(lists.lead)]


def test_an_alert_is_read_for_every_lead_once_a_lead_assigns_an_action_or_closes_it(
    lists: ListWorld,
) -> None:
    assigned, closed, waiting = concerns(lists, 3)
    action = PathwayAction.objects.get(concern=assigned)
    assign_action(lists.lead, action, lists.practitioner)
    close_concern(lists.lead, closed, outcome="no_further_action", reason="Known to us")
    left = {alert.concern.pk for alert in alerts_waiting(lists.lead)}
    assert assigned.pk not in left
    assert closed.pk not in left
    assert waiting.pk in left


def test_the_review_queue_costs_the_same_with_10_or_100_concerns_and_is_paginated(
    sign_in: SignIn, lists: ListWorld
) -> None:
    queue = _get(sign_in(lists.lead), reverse("site:review_queue"))
    concerns(lists, 10)
    few = queries(queue)
    concerns(lists, 90)
    many = queries(queue)
    assert few == many
    page = queue()
    body = page[page.index("<tbody") : page.index("</tbody>")]
    assert body.count("<tr") == QUEUE_PER_PAGE
    assert 'class="govuk-pagination"' in page
    assert "Page 1 of 3" in page
    # Danger first: the first row is marked.
    first_row = body[: body.index("</tr>")]
    assert "Immediate danger" in first_row
    second = _get(sign_in(lists.lead), reverse("site:review_queue") + "?page=3")()
    assert "Page 3 of 3" in second


def test_another_organisation_sees_none_of_the_queue_or_the_alerts(
    sign_in: SignIn, lists: ListWorld
) -> None:
    concerns(lists, 5)
    outsider = sign_in(outside_lead())
    for url in ("/", reverse("site:review_queue")):
        page = _get(outsider, url)()
        assert "Teulu" not in page
        assert "New concerns for you to review" not in page
