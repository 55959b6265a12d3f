"""Re-running a concern's pathway: actions retracted and superseded, kept in history, never
deleted; an adult's consent that can be withdrawn (issue 14, item 4); actions in the engine's
order of urgency (item 8).

An adult NRM referral needs the person's current informed consent; without it an s52 public
authority makes an anonymous Duty to Notify instead (Modern Slavery Act 2015 s52; reference.md
3.2 and 3.3)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import OrganisationFactory, UserFactory, adult_labour_concern, make_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import Task, TaskOutcome
from noddfa.casework.selectors import team_tasks
from noddfa.concerns import services as concern_services
from noddfa.concerns.models import ActionOutcome, Concern, PathwayAction, PathwayRun
from noddfa.concerns.pathway_case import IMMEDIATE_GRACE, deadline
from noddfa.concerns.services import (
    apply_changes,
    assign_action,
    current_run,
    record_outcome,
    rerun_pathway,
)
from noddfa.core.errors import Conflict, RuleBroken
from noddfa.pathway import evaluate
from noddfa.pathway.case import CaseError
from noddfa.referrals.services import WrongStatus, record_consent

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
WITHDRAWN = "Consent withdrawn: the person withdrew their agreement to an NRM referral"
REFUSED = "Consent refused: the person did not agree to an NRM referral"


def _police() -> Organisation:
    # Police forces are s52 public authorities and first responders in law.
    return OrganisationFactory(
        organisation_type=OrganisationType.POLICE, first_responder=True, s52_public_authority=True
    )


def _school() -> Organisation:
    return OrganisationFactory(organisation_type=OrganisationType.SCHOOL)


def _decide(by: User, concern: Concern, decision: str, **more: Any) -> None:
    record_consent(
        by,
        concern,
        explained_by="PC Officer Test",
        language="English",
        interpreter_used=False,
        decision=decision,
        decided_at=more.pop("decided_at", timezone.now()),
        **more,
    )


def _current(concern: Concern) -> list[str]:
    return list(PathwayAction.objects.filter(concern=concern).values_list("code", flat=True))


def _retracted(concern: Concern, code: str) -> PathwayAction:
    return PathwayAction.history.filter(
        concern=concern, code=code, retracted_at__isnull=False
    ).get()


@pytest.fixture
def officer() -> User:
    return UserFactory(organisation=_police(), role=Role.PRACTITIONER, full_name="PC Officer Test")


# The first run ---------------------------------------------------------------------------


def test_recording_a_concern_is_the_first_run_of_its_pathway(officer: User) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    run = current_run(concern)
    assert run.number == 1
    assert run.trigger == PathwayRun.Trigger.RECORDED
    assert run.ran_by == officer
    assert run.case == concern.pathway_case and run.result == concern.pathway_result
    actions = list(concern.actions.all())
    assert [a.code for a in actions] == [a["code"] for a in run.result["actions"]]
    assert [a.position for a in actions] == list(range(len(actions)))
    assert all(a.listed_by == run for a in actions)


def test_a_pathway_run_cannot_be_changed_or_deleted(officer: User) -> None:
    run = current_run(adult_labour_concern(officer))
    run.reason = "tampered"
    with pytest.raises(PermissionError):
        run.save()
    with pytest.raises(PermissionError):
        run.delete()


# Consent withdrawn, refused, given again ---------------------------------------------------


def test_adult_who_withdraws_consent_gets_duty_to_notify_not_nrm(officer: User) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    assert "NRM_REFERRAL" in _current(concern)
    _decide(officer, concern, "withdrawn")

    codes = _current(concern)
    assert "NRM_REFERRAL" not in codes
    assert "DUTY_TO_NOTIFY" in codes
    notify = concern.actions.get(code="DUTY_TO_NOTIFY")
    assert notify.for_referrer  # the police are an s52 authority: the notice is theirs
    nrm = _retracted(concern, "NRM_REFERRAL")
    run = current_run(concern)
    assert run.number == 2 and run.trigger == PathwayRun.Trigger.CONSENT
    assert run.case["adult"]["consents_to_nrm"] is False
    assert nrm.retracted_by == officer
    assert nrm.retracted_by_run == run
    assert nrm.retracted_reason == WITHDRAWN
    assert nrm.retracted_at == run.ran_at
    assert notify.listed_by == run
    # One audit event for the re-run, naming codes only.
    event = AuditEvent.objects.get(object_type="concerns.pathwayrun", object_id=str(run.pk))
    assert event.detail["event"] == "pathway_rerun"
    assert "NRM_REFERRAL" in event.detail["retracted"]
    assert "DUTY_TO_NOTIFY" in event.detail["added"]


def test_an_adult_who_refuses_has_the_nrm_retracted_with_the_refusal_as_reason(
    officer: User,
) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    _decide(officer, concern, "refuses")
    assert _retracted(concern, "NRM_REFERRAL").retracted_reason == REFUSED
    assert "DUTY_TO_NOTIFY" in _current(concern)


def test_a_school_whose_adult_withdraws_sees_the_duty_to_notify_listed_for_others() -> None:
    teacher = UserFactory(organisation=_school())
    concern = adult_labour_concern(teacher, consents_to_nrm=True)
    _decide(teacher, concern, "withdrawn")
    notify = concern.actions.get(code="DUTY_TO_NOTIFY")
    assert not notify.for_referrer  # a school is never an s52 authority
    assert "NRM_REFERRAL" not in _current(concern)
    # Listed for others, so no task for the school.
    assert not Task.objects.filter(pathway_action=notify).exists()


def test_agreeing_again_restores_the_nrm_and_retracts_a_duty_to_notify_not_yet_made(
    officer: User,
) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    _decide(officer, concern, "withdrawn")
    _decide(officer, concern, "consents")
    codes = _current(concern)
    assert "NRM_REFERRAL" in codes and "DUTY_TO_NOTIFY" not in codes
    notify = _retracted(concern, "DUTY_TO_NOTIFY")
    assert notify.retracted_reason.startswith("Consent given")
    # Both NRM rows stay: the first retracted, the second current.
    assert PathwayAction.history.filter(concern=concern, code="NRM_REFERRAL").count() == 2
    assert [run.number for run in concern.runs.all()] == [1, 2, 3]


def test_a_duty_to_notify_already_made_stays_when_the_person_then_agrees(officer: User) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=False)
    notify = concern.actions.get(code="DUTY_TO_NOTIFY")
    record_outcome(officer, notify, status="done", happened_at=timezone.now(), reference="DTN-123")
    _decide(officer, concern, "consents")
    codes = _current(concern)
    assert "NRM_REFERRAL" in codes
    assert "DUTY_TO_NOTIFY" in codes  # kept: it was made, and the record says so
    assert current_run(concern).summary["kept"] == ["DUTY_TO_NOTIFY"]
    notify.refresh_from_db()
    assert notify.is_current and notify.outcomes.get().reference == "DTN-123"


def test_a_duty_to_notify_whose_referral_went_counts_as_acted_on(officer: User) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=False)
    notify = concern.actions.get(code="DUTY_TO_NOTIFY")
    rerun_pathway(
        officer,
        concern,
        changes={"adult.consents_to_nrm": True},
        reason="Consent given: the person agreed to an NRM referral",
        trigger=PathwayRun.Trigger.CONSENT,
        acted_on={notify.pk},
    )
    assert concern.actions.filter(pk=notify.pk).exists()


def test_a_withdrawal_retracts_the_nrm_even_when_something_was_recorded_on_it(
    officer: User,
) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    nrm = concern.actions.get(code="NRM_REFERRAL")
    record_outcome(officer, nrm, status="done", happened_at=timezone.now(), reference="NRM-9")
    _decide(officer, concern, "withdrawn")
    assert "NRM_REFERRAL" not in _current(concern)
    retracted = _retracted(concern, "NRM_REFERRAL")
    # Nothing lost: the outcome stays on the retracted action.
    assert retracted.pk == nrm.pk
    assert retracted.outcomes.get().reference == "NRM-9"


def test_a_decision_older_than_the_one_that_stands_does_not_change_the_pathway(
    officer: User,
) -> None:
    concern = adult_labour_concern(officer)
    now = timezone.now()
    _decide(officer, concern, "consents", decided_at=now)
    _decide(officer, concern, "withdrawn", decided_at=now - timedelta(days=2))
    assert "NRM_REFERRAL" in _current(concern)
    assert current_run(concern).case["adult"]["consents_to_nrm"] is True


def test_a_refusal_after_a_refusal_writes_no_new_run(officer: User) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    _decide(officer, concern, "refuses")
    _decide(officer, concern, "withdrawn")
    assert concern.runs.count() == 2
    events = AuditEvent.objects.filter(object_type="referrals.consentrecord")
    assert [e.detail["pathway_run"] for e in events.order_by("pk")] == [2, None]


def test_once_a_lead_corrects_the_age_to_an_adult_their_consent_can_be_recorded(
    officer: User,
) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer)
    rerun_pathway(lead, concern, changes={"person.age": 16}, reason="Said he was 16")
    with pytest.raises(WrongStatus):
        _decide(officer, concern, "refuses")
    rerun_pathway(lead, concern, changes={"person.age": 30}, reason="Passport seen: 30")
    _decide(officer, concern, "refuses")
    assert "DUTY_TO_NOTIFY" in _current(concern)


# What consent decisions can never produce --------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    referrer=st.sampled_from(["police", "school"]),
    first=st.sampled_from([None, True, False]),
    decisions=st.lists(st.sampled_from(["consents", "refuses", "withdrawn"]), max_size=5),
)
def test_current_actions_never_hold_an_adult_nrm_and_a_duty_to_notify_together(
    referrer: str, first: bool | None, decisions: list[str]
) -> None:
    with transaction.atomic():
        organisation = _police() if referrer == "police" else _school()
        by = UserFactory(organisation=organisation)
        concern = adult_labour_concern(by, consents_to_nrm=first)
        for number, decision in enumerate(decisions):
            _decide(by, concern, decision, decided_at=timezone.now() + timedelta(minutes=number))
            codes = set(_current(concern))
            assert not {"NRM_REFERRAL", "DUTY_TO_NOTIFY"} <= codes, (decisions, codes)
            if decision == "consents":
                assert "NRM_REFERRAL" in codes
            else:
                # A withdrawal or refusal always retracts the adult NRM.
                assert "NRM_REFERRAL" not in codes
                assert "DUTY_TO_NOTIFY" in codes
        # Nothing is ever deleted: every action listed by any run is still there.
        listed = {a["code"] for run in concern.runs.all() for a in run.result["actions"]}
        assert listed <= set(
            PathwayAction.history.filter(concern=concern).values_list("code", flat=True)
        )
        transaction.set_rollback(True)


# Tasks follow ------------------------------------------------------------------------------


def test_a_task_for_a_retracted_action_is_finished_not_left_to_turn_overdue(
    officer: User,
) -> None:
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    nrm = concern.actions.get(code="NRM_REFERRAL")
    task = Task.objects.get(pathway_action=nrm)
    assert task.is_open
    _decide(officer, concern, "withdrawn")
    task.refresh_from_db()
    assert task.outcome == TaskOutcome.NOT_DONE
    assert task.outcome_note == WITHDRAWN
    assert task.finished_by == officer
    later = timezone.now() + timedelta(days=30)
    assert task not in team_tasks(officer, later)
    notify = concern.actions.get(code="DUTY_TO_NOTIFY")
    assert Task.objects.get(pathway_action=notify).is_open


def test_a_retracted_action_takes_no_new_outcome_or_assignment(officer: User) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    nrm = concern.actions.get(code="NRM_REFERRAL")
    _decide(officer, concern, "withdrawn")
    nrm.refresh_from_db()
    with pytest.raises(Conflict, match="retracted"):
        record_outcome(officer, nrm, status="done", happened_at=timezone.now())
    with pytest.raises(Conflict, match="retracted"):
        assign_action(lead, nrm, officer)
    assert not ActionOutcome.objects.filter(action=nrm).exists()


# Superseding: the same action stated differently -------------------------------------------


def _engine_with(monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], None]) -> None:
    def changed(case: dict[str, Any]) -> dict[str, Any]:
        result = evaluate(case)
        for action in result["actions"]:
            change(action)
        return result

    monkeypatch.setattr(concern_services, "evaluate", changed)


def test_advice_restated_supersedes_the_old_action_and_keeps_who_it_was_given_to(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    old = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD")
    assign_action(lead, old, officer)
    old_task = Task.objects.get(pathway_action=old)

    def sooner(action: dict[str, Any]) -> None:
        if action["code"] == "INFORM_SAFEGUARDING_LEAD":
            action.update(priority=1, due="immediately")

    _engine_with(monkeypatch, sooner)
    run = rerun_pathway(
        lead, concern, changes={"situation.immediate_danger": True}, reason="Threats made today"
    )
    assert run is not None
    new = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD")
    old.refresh_from_db()
    assert new.pk != old.pk
    assert (new.priority, new.due, new.assigned_to) == (1, "immediately", officer)
    # "Immediately" holds its grace (issue 18, item 3): the new clock starts at the re-run.
    assert new.due_at == run.ran_at + IMMEDIATE_GRACE
    assert old.superseded_by == new and old.retracted_reason == "Threats made today"
    assert "INFORM_SAFEGUARDING_LEAD" in run.summary["superseded"]
    old_task.refresh_from_db()
    assert not old_task.is_open
    assert Task.objects.get(pathway_action=new).owner == officer


def test_a_done_action_restated_is_kept_not_asked_for_again(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    told = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD")
    record_outcome(officer, told, status="done", happened_at=timezone.now())

    def sooner(action: dict[str, Any]) -> None:
        if action["code"] == "INFORM_SAFEGUARDING_LEAD":
            action.update(priority=1, due="immediately")

    _engine_with(monkeypatch, sooner)
    run = rerun_pathway(
        lead, concern, changes={"situation.immediate_danger": True}, reason="Threats made today"
    )
    assert run is not None and run.summary["kept"] == ["INFORM_SAFEGUARDING_LEAD"]
    assert concern.actions.get(code="INFORM_SAFEGUARDING_LEAD").pk == told.pk


# Two tabs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("withdrawal_first", [True, False])
def test_a_withdrawal_and_a_lead_s_correction_made_from_two_tabs_both_stand(
    officer: User, withdrawal_first: bool
) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    # Both pages were opened on run 1; each acts on what it loaded.
    officer_tab = Concern.objects.get(pk=concern.pk)
    lead_tab = Concern.objects.get(pk=concern.pk)

    def withdraw() -> None:
        _decide(officer, officer_tab, "withdrawn")

    def correct() -> None:
        rerun_pathway(
            lead,
            lead_tab,
            changes={"elements.means": ["deception", "threat"]},
            reason="Threats disclosed at the second interview",
        )

    for step in (withdraw, correct) if withdrawal_first else (correct, withdraw):
        step()
    latest = current_run(concern)
    assert latest.number == 3
    assert latest.case["adult"]["consents_to_nrm"] is False
    assert latest.case["elements"]["means"] == ["deception", "threat"]
    codes = _current(concern)
    assert "DUTY_TO_NOTIFY" in codes and "NRM_REFERRAL" not in codes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes one writer at a time anyway"
)
def test_two_re_runs_at_the_same_moment_are_applied_one_after_the_other() -> None:
    officer = UserFactory(organisation=_police(), role=Role.PRACTITIONER)
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    start = threading.Barrier(2)
    problems: list[BaseException] = []

    def run(step: Callable[[], object]) -> None:
        try:
            start.wait()
            step()
        except BaseException as problem:
            problems.append(problem)
        finally:
            connection.close()

    steps = [
        lambda: _decide(officer, Concern.objects.get(pk=concern.pk), "withdrawn"),
        lambda: rerun_pathway(
            lead,
            Concern.objects.get(pk=concern.pk),
            changes={"elements.means": ["deception", "threat"]},
            reason="Threats disclosed at the second interview",
        ),
    ]
    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    latest = current_run(concern)
    assert latest.number == 3
    assert latest.case["adult"]["consents_to_nrm"] is False
    assert latest.case["elements"]["means"] == ["deception", "threat"]


# Who may re-run, and what a re-run takes ---------------------------------------------------


def test_another_organisation_cannot_re_run_the_pathway(officer: User) -> None:
    concern = adult_labour_concern(officer)
    stranger = UserFactory(role=Role.SAFEGUARDING_LEAD)
    with pytest.raises(PermissionDenied):
        rerun_pathway(stranger, concern, changes={"person.age": 17}, reason="Wrong age")
    assert concern.runs.count() == 1


def test_only_a_lead_corrects_the_facts_the_pathway_used(officer: User) -> None:
    concern = adult_labour_concern(officer)
    with pytest.raises(PermissionDenied):
        rerun_pathway(officer, concern, changes={"person.age": 17}, reason="Wrong age")
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    run = rerun_pathway(lead, concern, changes={"person.age": 17}, reason="Birth certificate")
    assert run is not None and run.result["assessment"]["treated_as_child"] is True


def test_a_re_run_needs_a_reason(officer: User) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer)
    with pytest.raises(RuleBroken, match="reason"):
        rerun_pathway(lead, concern, changes={"person.age": 17}, reason="  ")


def test_a_change_the_engine_refuses_writes_nothing(officer: User) -> None:
    lead = UserFactory(organisation=officer.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(officer)
    with pytest.raises(CaseError):
        rerun_pathway(lead, concern, changes={"elements.means": ["magic"]}, reason="Typo")
    assert concern.runs.count() == 1
    assert not AuditEvent.objects.filter(object_type="concerns.pathwayrun").exists()


def test_a_fact_changed_to_unknown_is_left_out_never_read_as_no() -> None:
    case = {"jurisdiction": "wales", "adult": {"consents_to_nrm": True}, "elements": {}}
    changed = apply_changes(case, {"adult.consents_to_nrm": None, "elements.means": ["threat"]})
    assert changed["adult"] == {}
    assert changed["elements"] == {"means": ["threat"]}
    assert case["adult"] == {"consents_to_nrm": True}  # the earlier run's case is untouched
    with pytest.raises(ValueError):
        apply_changes(case, {"adult.consents.to_nrm": True})
    with pytest.raises(ValueError):
        apply_changes(case, {"jurisdiction": None})


# Order of urgency (item 8) -----------------------------------------------------------------


def test_actions_keep_the_engines_order_of_urgency_not_the_alphabet(
    monkeypatch: pytest.MonkeyPatch, sign_in: SignIn
) -> None:
    """Same priority: "report a child at risk (immediately)" comes before "tell your
    safeguarding lead (today)", as the engine lists them, though I comes before R."""

    def urgent_first(case: dict[str, Any]) -> dict[str, Any]:
        result = evaluate(case)
        result["actions"] = [
            {**a, "priority": 2, "due": "immediately"}
            for a in result["actions"]
            if a["code"] == "REPORT_CHILD_AT_RISK"
        ] + [
            {**a, "priority": 2}
            for a in result["actions"]
            if a["code"] == "INFORM_SAFEGUARDING_LEAD"
        ]
        return result

    monkeypatch.setattr(concern_services, "evaluate", urgent_first)
    teacher = UserFactory(organisation=_school())
    concern = make_concern(teacher, action=["recruitment"], purpose=["criminal"])
    assert _current(concern) == ["REPORT_CHILD_AT_RISK", "INFORM_SAFEGUARDING_LEAD"]
    page = sign_in(teacher).get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert page.index("Report a child at risk") < page.index("Tell your safeguarding lead")


def test_tasks_due_at_the_same_moment_keep_the_pathways_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def both_immediate(case: dict[str, Any]) -> dict[str, Any]:
        result = evaluate(case)
        result["actions"] = [
            {**a, "priority": 2, "due": "immediately"}
            for code in ("REPORT_CHILD_AT_RISK", "INFORM_SAFEGUARDING_LEAD")
            for a in result["actions"]
            if a["code"] == code
        ]
        return result

    monkeypatch.setattr(concern_services, "evaluate", both_immediate)
    lead = UserFactory(organisation=_school(), role=Role.SAFEGUARDING_LEAD)
    # Recorded by a teacher: a concern a lead records has told the lead already (issue 18,
    # item 3), so that task would be finished, not listed.
    teacher = UserFactory(organisation=lead.organisation, role=Role.PRACTITIONER)
    make_concern(teacher, action=["recruitment"], purpose=["criminal"])
    tasks = team_tasks(lead, timezone.now() + timedelta(hours=1))
    assert [task.title for task in tasks] == ["REPORT_CHILD_AT_RISK", "INFORM_SAFEGUARDING_LEAD"]


def test_the_new_due_wordings_have_their_deadlines() -> None:
    at = timezone.now()
    assert deadline("within 24 hours", at) == at + timedelta(hours=24)
    assert deadline("if the person does not agree to an NRM referral", at) is None
