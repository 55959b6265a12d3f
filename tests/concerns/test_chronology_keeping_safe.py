"""The chronology carries the keeping-safe work beside the concerns: plan versions, missing
episodes and returns, and the case closing, so one reading shows the whole story."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework_factories import make_episode, make_plan
from factories import OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.models import Role
from noddfa.casework.models import CaseOutcome
from noddfa.casework.services import close_case, record_return
from noddfa.concerns.chronology import chronology

pytestmark = pytest.mark.django_db


def test_missing_episode_return_plan_and_closure_appear_in_order_in_the_chronology() -> None:
    organisation = OrganisationFactory()
    lead = UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=organisation, created_by=lead)
    make_plan(lead, child)
    episode = make_episode(lead, child, last_seen_at=timezone.now() - timedelta(hours=5))
    record_return(
        lead,
        episode,
        returned_at=timezone.now() - timedelta(hours=1),
        found_where="Town centre",
        interview_offered=True,
        interview_held=False,
        interviewed_by="",
        learned="",
    )
    close_case(lead, child, outcome=CaseOutcome.SAFE_AND_SUPPORTED, reason="Plan working")

    entries = chronology(lead, child)
    summaries = [(entry.kind, entry.summary) for entry in entries]
    kinds = [kind for kind, _summary in summaries]
    assert kinds.index("missing") < kinds.index("plan")  # last seen 5 hours before the plan
    assert ("missing", "Returned from missing; return interview offered, not held") in summaries
    assert any(s.startswith("Went missing from Bus station") for k, s in summaries)
    assert kinds[-1] == "case"
    assert "Plan working" in summaries[-1][1]


def test_only_keeping_safe_entries_when_filtered_to_missing_episodes() -> None:
    organisation = OrganisationFactory()
    lead = UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=organisation, created_by=lead)
    make_plan(lead, child)
    make_episode(lead, child)
    assert {entry.kind for entry in chronology(lead, child, {"missing"})} == {"missing"}
