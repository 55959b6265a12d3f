"""Issue 22: the referrals list and the referral deadlines cost the same number of queries
with 10 referrals as with 100; the list is a page at a time, the deadlines overdue first, and
another organisation sees none of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from list_world import ListWorld, outside_lead, queries, referrals
from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.referrals.models import Status, StatusChange
from noddfa.referrals.open_deadlines import keep_open_deadlines
from noddfa.referrals.selectors import DEADLINES_SHOWN, referral_deadlines
from noddfa.referrals.views import DEADLINES_PER_PAGE, REFERRALS_PER_PAGE

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _get(client: Client, url: str) -> Callable[[], str]:
    def fetch() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return fetch


def _rows(page: str, after: str) -> int:
    table = page[page.index(after) :]
    return table[: table.index("</tbody>")].count('<tr class="govuk-table__row">') - 1


def test_the_referrals_list_costs_the_same_with_10_or_100_referrals(
    sign_in: SignIn, lists: ListWorld
) -> None:
    listing = _get(sign_in(lists.lead), reverse("referrals:list"))
    referrals(lists, 10)
    few = queries(listing)
    referrals(lists, 90)
    many = queries(listing)
    assert few == many
    page = listing()
    assert _rows(page, "All referrals") == REFERRALS_PER_PAGE
    assert "Page 1 of 2" in page
    # Each of 100 referrals has three open dates: the first few are listed, the rest linked.
    assert _rows(page, "Referral deadlines, overdue first") == DEADLINES_SHOWN
    assert "See all 300 referral deadlines" in page
    assert "Submitted" in page


def test_the_deadlines_list_costs_the_same_with_10_or_100_referrals_overdue_first(
    sign_in: SignIn, lists: ListWorld
) -> None:
    listing = _get(sign_in(lists.lead), reverse("referrals:deadlines"))
    referrals(lists, 10)
    few = queries(listing)
    referrals(lists, 90)
    many = queries(listing)
    assert few == many
    page = listing()
    assert _rows(page, "Referral deadlines, overdue first") == DEADLINES_PER_PAGE
    assert "Page 1 of 6" in page
    assert "Overdue" in page


def test_a_referral_decided_has_no_open_date_and_is_not_fetched_for_the_deadlines(
    lists: ListWorld,
) -> None:
    decided, waiting = referrals(lists, 2)
    StatusChange.objects.create(
        draft=decided, status=Status.ACCEPTED, at=decided.created_at, by=lists.lead
    )
    keep_open_deadlines(decided)
    drafts = {deadline.draft.pk for deadline in referral_deadlines(lists.lead)}
    # The telephone report still waits on its written confirmation, whatever was decided.
    assert waiting.pk in drafts
    keys = {d.key for d in referral_deadlines(lists.lead) if d.draft.pk == decided.pk}
    assert keys == {"confirm_in_writing"}


def test_each_list_records_one_audited_read(sign_in: SignIn, lists: ListWorld) -> None:
    referrals(lists, 3)
    client = sign_in(lists.lead)
    for url, page in (
        (reverse("referrals:list"), "referrals"),
        (reverse("referrals:deadlines"), "referral_deadlines"),
    ):
        before = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=lists.lead).count()
        _get(client, url)()
        views = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=lists.lead)
        assert views.count() == before + 1
        assert views.order_by("-pk")[0].detail["page"] == page


def test_another_organisation_sees_none_of_the_referrals_or_deadlines(
    sign_in: SignIn, lists: ListWorld
) -> None:
    made = referrals(lists, 3)
    outsider = sign_in(outside_lead())
    for url in (reverse("referrals:list"), reverse("referrals:deadlines")):
        page = _get(outsider, url)()
        assert all(draft.reference not in page for draft in made)
