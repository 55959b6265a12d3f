"""Issue 16 item 7: `noddfa patterns` writes in short transactions, so the site is not blocked.

At 30,000 people one transaction held SQLite's write lock for 7.4 s. The patterns are now
read outside any transaction and the alerts stored in batches, each committed before the
next begins. Each test runs inside the test's own transaction, so "nothing of the job's is
open" is checked as the depth of open atomic blocks being the test's own.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.casework import patterns
from noddfa.casework.models import PatternAlert, PatternKind
from noddfa.people.models import LawfulBasis
from noddfa.people.services import record_person, share_with_organisation


def _three_shared_phones(lead: User, team: User) -> None:
    """Three phone numbers, each recorded for three people: three alerts."""
    assert team.organisation is not None
    for phone in ("07700 900101", "07700 900202", "07700 900303"):
        for n in range(3):
            person = record_person(
                lead, given_name=f"Child{n}", family_name=phone[-3:], phone_numbers=[phone]
            )
            share_with_organisation(
                lead,
                person,
                team.organisation,
                reason="Concern",
                lawful_basis=LawfulBasis.SAFEGUARDING,
            )


def _people() -> tuple[User, User]:
    lead = UserFactory(
        organisation=OrganisationFactory(name="Ysgol Batch"), role=Role.SAFEGUARDING_LEAD
    )
    team = UserFactory(
        organisation=OrganisationFactory(
            name="Tîm Batch", organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
        ),
        role=Role.LA_SAFEGUARDING_TEAM,
    )
    return lead, team


@pytest.mark.django_db
def test_patterns_are_stored_batch_by_batch_with_no_transaction_open_between_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, team = _people()
    _three_shared_phones(lead, team)
    # The test itself runs inside one transaction; nothing of the job's may be open between.
    outside = len(connection.atomic_blocks)
    seen: list[tuple[int, int]] = []

    def between() -> None:
        seen.append((len(connection.atomic_blocks), PatternAlert.objects.count()))

    monkeypatch.setattr(patterns, "_between_batches", between)
    assert patterns.raise_alerts(batch_size=2) == 3
    assert seen == [(outside, 2), (outside, 3)]
    assert PatternAlert.objects.filter(kind=PatternKind.SHARED_PHONE).count() == 3


@pytest.mark.django_db
def test_patterns_in_batches_stay_idempotent_and_a_dismissed_alert_stays_dismissed() -> None:
    lead, team = _people()
    _three_shared_phones(lead, team)
    assert patterns.raise_alerts(batch_size=1) == 3
    assert patterns.raise_alerts(batch_size=2) == 0
    dismissed = PatternAlert.objects.all()[0]
    PatternAlert.objects.filter(pk=dismissed.pk).update(
        dismissed_at=timezone.now(), dismiss_reason="One family phone"
    )
    assert patterns.raise_alerts(batch_size=2) == 0
    assert PatternAlert.objects.count() == 3
    assert PatternAlert.objects.get(pk=dismissed.pk).dismissed_at is not None


@pytest.mark.django_db
def test_noddfa_patterns_commits_each_batch_so_a_dismissal_between_batches_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, team = _people()
    _three_shared_phones(lead, team)
    outside = len(connection.atomic_blocks)

    def a_team_member_dismisses_what_is_stored_so_far() -> None:
        # No transaction of the job's is open (so on SQLite no write lock is held).
        assert len(connection.atomic_blocks) == outside
        PatternAlert.objects.filter(dismissed_at__isnull=True).update(
            dismissed_at=timezone.now(), dismiss_reason="Checked: one family"
        )

    monkeypatch.setattr(patterns, "ALERT_BATCH_SIZE", 1)
    monkeypatch.setattr(patterns, "_between_batches", a_team_member_dismisses_what_is_stored_so_far)
    out = io.StringIO()
    call_command("patterns", stdout=out)
    assert out.getvalue().strip() == "3 new pattern alerts"
    assert PatternAlert.objects.count() == 3
    assert not PatternAlert.objects.filter(dismissed_at__isnull=True).exists()
