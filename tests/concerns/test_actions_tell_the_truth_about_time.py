"""Issue 18, item 3: an action closes from its evidence, and its status tells the truth about
time. No action is overdue the moment it is created; "immediately" has a grace stated in one
place (`pathway_case.IMMEDIATE_GRACE`), and only after it is an immediate action overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.casework.models import Task
from noddfa.concerns.action_status import State, status_of
from noddfa.concerns.models import ActionOutcome, Concern, Evidence, PathwayAction
from noddfa.concerns.pathway_case import IMMEDIATE_GRACE
from noddfa.concerns.selectors import latest_outcomes, review_queue
from noddfa.concerns.services import record_outcome, rerun_pathway, review_concern

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _child_in_danger(by: User) -> Concern:
    child = PersonFactory(organisation=by.organisation, date_of_birth=date(2012, 3, 4))
    return make_concern(
        by,
        child,
        danger="yes",
        immediate_danger=True,
        action=["recruitment"],
        purpose=["criminal"],
    )


def _states(concern: Concern, now: object = None) -> dict[str, State]:
    outcomes = latest_outcomes(concern)
    moment = now or timezone.now()
    return {
        action.code: status_of(action, outcomes.get(action.pk), moment).state  # type: ignore[arg-type]
        for action in concern.actions.all()
    }


def test_no_action_is_overdue_the_moment_the_concern_is_saved() -> None:
    practitioner = UserFactory()
    UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_in_danger(practitioner)
    states = _states(concern)
    assert State.OVERDUE not in states.values()
    assert states["CALL_999"] == State.NOW
    assert states["REPORT_CHILD_AT_RISK"] == State.NOW
    for action in concern.actions.exclude(due_at=None):
        assert action.due_at is not None and action.due_at > timezone.now()


def test_an_immediate_action_is_overdue_only_once_the_grace_has_passed() -> None:
    concern = _child_in_danger(UserFactory())
    call = concern.actions.get(code="CALL_999")
    assert call.due_at == concern.recorded_at + IMMEDIATE_GRACE
    just_before = call.due_at - timedelta(minutes=1)
    just_after = call.due_at + timedelta(minutes=1)
    assert status_of(call, None, just_before).state == State.NOW
    assert status_of(call, None, just_after).state == State.OVERDUE


def test_an_action_with_a_later_deadline_is_due_by_it() -> None:
    concern = _child_in_danger(UserFactory())
    outcomes = latest_outcomes(concern)
    later = [a for a in concern.actions.exclude(due_at=None) if a.due != "immediately"]
    assert later, "the pathway lists actions due later than immediately"
    for action in later:
        status = status_of(action, outcomes.get(action.pk), timezone.now())
        assert status.state in (State.DUE, State.DONE), action.code
        if status.state == State.DUE:
            assert status.due_at == action.due_at


def test_recording_the_concern_completes_record_the_concern_how_when_and_by_whom() -> None:
    practitioner = UserFactory()
    concern = make_concern(practitioner)
    action = concern.actions.get(code="RECORD_CONCERN")
    outcome = action.outcomes.get()
    assert outcome.status == ActionOutcome.Status.DONE
    assert outcome.evidence == Evidence.CONCERN_RECORDED
    assert outcome.happened_at == concern.recorded_at
    assert outcome.recorded_by == practitioner
    status = status_of(action, outcome, timezone.now())
    assert status.state == State.DONE
    assert status.outcome == outcome
    # Its task is finished with it, so no list shows it as still to do.
    task = Task.objects.get(pathway_action=action)
    assert task.outcome == "done"


def test_the_leads_review_completes_tell_your_safeguarding_lead() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = make_concern(practitioner)
    tell = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD")
    assert not tell.outcomes.exists(), "an alert is not the lead knowing"
    review_concern(lead, concern, risk_level="high", risk_reason="CSE", decision="Consider NRM")
    outcome = tell.outcomes.get()
    assert outcome.status == ActionOutcome.Status.DONE
    assert outcome.evidence == Evidence.LEAD_REVIEWED
    assert outcome.recorded_by == lead
    assert Task.objects.get(pathway_action=tell).outcome == "done"


def test_a_concern_recorded_by_a_safeguarding_lead_has_told_the_lead() -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    concern = make_concern(lead)
    outcome = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD").outcomes.get()
    assert outcome.evidence == Evidence.RECORDED_BY_LEAD
    assert outcome.recorded_by == lead


def test_a_review_by_another_organisation_does_not_tell_the_recorders_lead() -> None:
    from factories import OrganisationFactory
    from noddfa.accounts.models import OrganisationType
    from noddfa.people.models import LawfulBasis
    from noddfa.people.services import share_with_organisation

    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    concern = make_concern(practitioner)
    share_with_organisation(
        lead, concern.subject, council, reason="Report", lawful_basis=LawfulBasis.SAFEGUARDING
    )
    review_concern(team, concern, risk_level="high", risk_reason="r", decision="d")
    assert not concern.actions.get(code="INFORM_SAFEGUARDING_LEAD").outcomes.exists()


def test_not_done_says_why_and_done_by_hand_says_who() -> None:
    practitioner = UserFactory()
    concern = _child_in_danger(practitioner)
    call = concern.actions.get(code="CALL_999")
    outcome = record_outcome(
        practitioner,
        call,
        status=ActionOutcome.Status.NOT_DONE,
        happened_at=timezone.now(),
        reason="Police already at the school",
    )
    status = status_of(call, outcome, timezone.now() + timedelta(days=3))
    assert status.state == State.NOT_DONE
    assert status.outcome is not None and status.outcome.reason == "Police already at the school"


def test_a_replaced_action_is_superseded_not_overdue() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_in_danger(practitioner)
    rerun_pathway(
        lead,
        concern,
        changes={"situation.immediate_danger": False},
        reason="The police took him home; no danger now",
    )
    gone = PathwayAction.history.get(concern=concern, code="CALL_999")
    assert gone.retracted_at is not None
    later = timezone.now() + timedelta(days=30)
    assert status_of(gone, None, later).state == State.SUPERSEDED


def test_the_review_queue_counts_nothing_overdue_for_a_concern_just_saved() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_in_danger(practitioner)
    row = review_queue(lead).get(pk=concern.pk)
    assert row.overdue_count == 0
    assert not row.has_overdue


def test_the_review_queue_counts_an_action_overdue_once_its_deadline_has_passed() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_in_danger(practitioner)
    concern.actions.filter(code="CALL_999").update(due_at=timezone.now() - timedelta(minutes=1))
    row = review_queue(lead).get(pk=concern.pk)
    assert row.overdue_count == 1
    assert row.has_overdue


def test_the_concern_page_shows_now_not_overdue_and_states_the_grace(
    sign_in: SignIn,
) -> None:
    practitioner = UserFactory()
    concern = _child_in_danger(practitioner)
    page = sign_in(practitioner).get(f"/concerns/{concern.pk}/").content.decode()
    assert ">Overdue<" not in page
    assert ">Now<" in page
    assert "counts as overdue 1 hour after" in page
    record = page[page.index("Record the concern") :]
    assert record.index(">Done<") < record.index("Legal basis and source")


def test_the_concern_page_marks_an_action_overdue_after_its_deadline(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    concern = _child_in_danger(practitioner)
    concern.actions.filter(code="CALL_999").update(due_at=timezone.now() - timedelta(minutes=1))
    page = sign_in(practitioner).get(f"/concerns/{concern.pk}/").content.decode()
    assert ">Overdue<" in page


def test_the_status_is_in_welsh_too(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    concern = _child_in_danger(practitioner)
    client = sign_in(practitioner)
    client.get("/language/cy/")
    page = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert ">Nawr<" in page
    assert ">Wedi’i wneud<" in page or ">Wedi'i wneud<" in page


_TYPICAL = {
    "immediate_danger": "no",
    "observed_at": "2026-11-24T08:40",
    "observed_where": "School gate",
    "account": "Collected by a different adult each day; has new phones; seemed frightened.",
    "action": ["recruitment", "transportation"],
    "purpose": ["criminal"],
    "indicators": ["CTL-01"],
    "at_risk_of_going_missing": "not_known",
    "missing_now": "no",
}


def _record_through_the_page(client: Client, person_id: object) -> str:
    draft_url = str(client.get("/concerns/new/", {"person": str(person_id)})["Location"])
    response = client.post(draft_url, {**_TYPICAL, "submit": ""})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def _tell_row(page: str) -> str:
    start = page.index("Tell your safeguarding lead")
    return page[start : page.index("</h3>", start)]


def test_the_banner_never_claims_the_lead_was_told_while_the_list_says_to_do(
    sign_in: SignIn,
) -> None:
    practitioner = UserFactory()
    UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2012, 1, 1))
    page = _record_through_the_page(sign_in(practitioner), child.pk)
    assert "has been told" not in page
    assert "your safeguarding lead has been sent an alert" in page
    assert "telling them stays on the list" in page
    assert ">Done<" not in _tell_row(page)


def test_with_no_lead_to_alert_the_banner_says_nobody_was_alerted(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2012, 1, 1))
    page = _record_through_the_page(sign_in(practitioner), child.pk)
    assert "nobody was alerted" in page
    assert "sent an alert" not in page


def test_a_lead_recording_is_told_nothing_the_list_does_not_show(sign_in: SignIn) -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=lead.organisation, date_of_birth=date(2012, 1, 1))
    page = _record_through_the_page(sign_in(lead), child.pk)
    assert "The concern is recorded." in page
    assert ">Done<" in _tell_row(page)
