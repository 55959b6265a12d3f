"""The lead re-assesses (issue 18, item 4): a safeguarding lead, or the local authority team on a
shared case, corrects or completes the facts the pathway uses as an addendum with a reason. The
concern as recorded stays as it was (records are evidence); the pathway is worked out again on
the facts as they now stand and the actions follow it, never listing one twice."""

from __future__ import annotations

import copy
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import Task
from noddfa.concerns import addenda
from noddfa.concerns.chronology import chronology
from noddfa.concerns.models import (
    ActionOutcome,
    Addendum,
    Concern,
    PathwayAction,
    PathwayRun,
)
from noddfa.concerns.services import (
    apply_changes,
    assign_action,
    close_concern,
    current_run,
    record_outcome,
)
from noddfa.core.errors import Conflict, RuleBroken
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
REASON = "At the strategy meeting the police shared indicators of child sexual exploitation."
CSE_SIGN = "PHY-02"  # signs of physical or sexual abuse


# The world: a school, its practitioner and lead, a child, and the concern the practitioner
# recorded: in immediate danger, recruited, but what they were made to do not yet known.


@pytest.fixture
def school() -> Organisation:
    return OrganisationFactory(organisation_type=OrganisationType.SCHOOL)


@pytest.fixture
def teacher(school: Organisation) -> User:
    return UserFactory(organisation=school, role=Role.PRACTITIONER)


@pytest.fixture
def lead(school: Organisation) -> User:
    return UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)


@pytest.fixture
def concern(teacher: User) -> Concern:
    child = PersonFactory(organisation=teacher.organisation, created_by=teacher, approximate_age=15)
    return make_concern(teacher, child, danger="yes", immediate_danger=True, action=["recruitment"])


def _codes(concern: Concern) -> list[str]:
    return list(PathwayAction.objects.filter(concern=concern).values_list("code", flat=True))


def _version(concern: Concern) -> int:
    return current_run(concern).number


def _add_sexual_exploitation(by: User, concern: Concern, **more: Any) -> Addendum:
    return addenda.reassess(
        by,
        concern,
        facts={"elements.purpose": ["sexual"], **more.pop("facts", {})},
        reason=more.pop("reason", REASON),
        opened_version=more.pop("opened_version", _version(concern)),
        **more,
    )


def _form(concern: Concern, **answers: Any) -> dict[str, Any]:
    """What the page posts: every fact as it stands, with the answers given."""
    run = current_run(concern)
    data: dict[str, Any] = {
        **{k: v for k, v in _initial(run.case).items() if v not in (None, [])},
        "version": run.number,
        "form_token": str(uuid.uuid4()),
        "reason": REASON,
    }
    data.update(answers)
    return data


def _checked(html: str, name: str) -> list[str]:
    import re

    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]  # type: ignore[union-attr]


def _initial(case: dict[str, Any]) -> dict[str, Any]:
    from noddfa.concerns.forms import ReassessForm

    return ReassessForm.initial_from(case)


# The scenario that failed: the lead's review changed nothing -----------------------------


def test_lead_adds_sexual_exploitation_and_the_nrm_and_icta_are_offered_without_duplicating_the_999_action(  # noqa: E501
    concern: Concern, teacher: User, lead: User
) -> None:
    before = {a.code: a for a in concern.actions.all()}
    assert "NRM_REFERRAL" not in before and "ICTA_REFERRAL" not in before
    call_999 = before["CALL_999"]
    record_outcome(
        teacher, call_999, status="done", happened_at=timezone.now(), reference="CAD 1234"
    )
    assign_action(lead, before["REPORT_CHILD_AT_RISK"], teacher)
    tasks_before = {t.pathway_action_id: t.pk for t in Task.objects.all()}

    addendum = _add_sexual_exploitation(lead, concern, facts={"indicators": [CSE_SIGN]})

    codes = _codes(concern)
    assert {"NRM_REFERRAL", "ICTA_REFERRAL"} <= set(codes)
    assert [code for code, n in Counter(codes).items() if n > 1] == []
    after = {a.code: a for a in concern.actions.all()}
    # The actions still advised are the same actions, with what was recorded about them.
    for code in ("CALL_999", "INFORM_SAFEGUARDING_LEAD", "REPORT_CHILD_AT_RISK"):
        assert after[code].pk == before[code].pk
    assert after["CALL_999"].outcomes.get().reference == "CAD 1234"
    assert after["REPORT_CHILD_AT_RISK"].assigned_to == teacher
    # One task per action, and the earlier tasks are the same tasks.
    per_action = Counter(Task.objects.values_list("pathway_action_id", flat=True))
    assert max(per_action.values()) == 1
    for action_id, task_id in tasks_before.items():
        assert Task.objects.get(pathway_action_id=action_id).pk == task_id
    assert Task.objects.filter(pathway_action=after["REPORT_CHILD_AT_RISK"]).get().owner == teacher
    run = addendum.run
    assert run is not None and run.trigger == PathwayRun.Trigger.CORRECTION
    assert "NRM_REFERRAL" in run.summary["added"] and run.summary["retracted"] == []
    shown = addenda.run_changes(run)
    assert "Call 999" in "; ".join(shown.unchanged) and shown.retracted == []
    assert addendum.changes == [
        {"fact": "elements.purpose", "before": None, "after": ["sexual"]},
        {"fact": "indicators", "before": None, "after": [CSE_SIGN]},
    ]


def test_the_lead_completes_the_facts_through_the_page_and_sees_what_changed(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    client = sign_in(lead)
    page = client.get(f"/concerns/{concern.pk}/facts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Correct or complete the facts" in html
    assert 'name="version"' in html and 'name="form_token"' in html
    response = client.post(
        f"/concerns/{concern.pk}/facts/", _form(concern, purpose=["sexual"]), follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="what-changed"' in html
    assert "Actions added" in html and "Unchanged, with what was recorded about them" in html
    assert "National Referral Mechanism" in html or "NRM" in html
    assert Addendum.objects.filter(concern=concern).count() == 1
    # The addendum beside the original facts: as recorded, and as it stands now.
    assert "The facts the pathway uses" in html and "Now, after the addenda" in html


def test_the_page_reads_in_welsh(concern: Concern, lead: User, sign_in: SignIn) -> None:
    client = sign_in(lead)
    client.get("/language/cy/")
    page = client.get(f"/concerns/{concern.pk}/facts/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cywiro neu gwblhau’r ffeithiau" in html
    assert "Correct or complete the facts" not in html
    assert "What were they made to do?" not in html
    after = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert "Mae pryder arall ar gyfer rhywbeth newydd a ddigwyddodd" in after


def test_the_page_shows_only_the_facts_the_pathway_uses_with_their_current_values(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    html = sign_in(lead).get(f"/concerns/{concern.pk}/facts/").content.decode()
    # Immediate danger was recorded as yes and recruitment ticked; the rest is not known.
    assert _checked(html, "immediate_danger") == ["yes"]
    assert _checked(html, "action") == ["recruitment"]
    assert _checked(html, "missing_now") == ["not_known"]
    assert _checked(html, "purpose") == []
    # Each fact says, in its hint, what the concern recorded.
    assert "When the concern was recorded: Yes" in html
    assert 'aria-describedby="id_age-hint"' in html and "When the concern was recorded: 15" in html
    # Facts set elsewhere or by law are not offered: the jurisdiction, the referrer's duties,
    # an adult's decision about an NRM referral, and the account itself.
    for name in ("jurisdiction", "first_responder", "consents_to_nrm", 'name="account"'):
        assert name not in html


# Corrections that take a reason away -----------------------------------------------------


def test_a_correction_that_removes_a_reason_for_an_action_supersedes_it_and_keeps_it(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    call_999 = concern.actions.get(code="CALL_999")
    addenda.reassess(
        lead,
        concern,
        facts={"situation.immediate_danger": False},
        reason="The child was at home with a parent at the time: there was no immediate danger.",
        opened_version=1,
    )
    assert "CALL_999" not in _codes(concern)
    kept = PathwayAction.history.get(pk=call_999.pk)
    assert kept.retracted_at is not None and kept.retracted_by == lead
    assert "no immediate danger" in kept.retracted_reason
    html = sign_in(lead).get(f"/concerns/{concern.pk}/").content.decode()
    assert "Earlier advice" in html and "No longer advised" in html


def test_a_known_fact_set_back_to_unknown_keeps_the_possibility_open_and_says_what_settles_it(
    concern: Concern, lead: User
) -> None:
    _add_sexual_exploitation(lead, concern)
    assert current_run(concern).result["assessment"]["potential_victim"] is True
    addenda.reassess(
        lead,
        concern,
        facts={"elements.purpose": None},
        reason="The police could not confirm what she was made to do: not known yet.",
        opened_version=_version(concern),
    )
    run = current_run(concern)
    assert "purpose" not in run.case["elements"]  # left out: never read as "no"
    fields = [q["field"] for q in run.result["assessment"]["open_questions"]]
    assert "elements.purpose" in fields


# Evidence: the recording is untouched, the addendum audited and in the chronology ---------


def test_the_original_recorded_facts_are_unchanged_after_an_addendum(
    concern: Concern, lead: User
) -> None:
    recorded = copy.deepcopy(
        Concern.objects.values("pathway_case", "pathway_result", "indicators").get(pk=concern.pk)
    )
    first_run = copy.deepcopy(current_run(concern).case)
    _add_sexual_exploitation(lead, concern, facts={"indicators": [CSE_SIGN]})
    again = Concern.objects.values("pathway_case", "pathway_result", "indicators").get(
        pk=concern.pk
    )
    assert again == recorded
    assert concern.runs.get(number=1).case == first_run
    assert addenda.facts_now(concern)["elements"]["purpose"] == ["sexual"]


def test_the_facts_now_are_the_recorded_ones_with_the_addenda_applied_in_order(
    concern: Concern, lead: User
) -> None:
    _add_sexual_exploitation(lead, concern)
    addenda.reassess(
        lead,
        concern,
        facts={"elements.means": ["coercion"], "situation.missing_now": True},
        reason="She went missing last night after being pressured by an older man.",
        opened_version=_version(concern),
    )
    case = concern.pathway_case
    for addendum in concern.addenda.order_by("added_at", "pk"):
        case = apply_changes(case, {c["fact"]: c["after"] for c in addendum.changes})
    assert case == addenda.facts_now(concern)


def test_an_addendum_cannot_be_changed_or_deleted(concern: Concern, lead: User) -> None:
    addendum = _add_sexual_exploitation(lead, concern)
    addendum.reason = "tampered"
    with pytest.raises(PermissionError):
        addendum.save()
    with pytest.raises(PermissionError):
        addendum.delete()


def test_the_addendum_is_audited_and_in_the_chronology(concern: Concern, lead: User) -> None:
    addendum = _add_sexual_exploitation(lead, concern)
    event = AuditEvent.objects.get(object_type="concerns.addendum", object_id=str(addendum.pk))
    assert event.actor_id == lead.pk
    assert event.detail["event"] == "facts_corrected"
    assert event.detail["facts"] == ["elements.purpose"]
    assert "NRM_REFERRAL" in event.detail["added"]
    entries = [e for e in chronology(lead, concern.subject) if e.kind == "addendum"]
    assert len(entries) == 1
    assert REASON in entries[0].summary
    assert "What they were made to do: Not known → " in entries[0].summary
    # The run it started is told with it, not a second time.
    assert not [
        e
        for e in chronology(lead, concern.subject)
        if "worked out again" in e.summary and e.kind == "action"
    ]


def test_the_concern_page_lists_the_addenda_in_order_beside_the_original_facts(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    _add_sexual_exploitation(lead, concern)
    addenda.reassess(
        lead,
        concern,
        facts={"elements.means": ["coercion"]},
        reason="She told her teacher she was pressured into it by an older man.",
        opened_version=_version(concern),
    )
    page = sign_in(lead).get(f"/concerns/{concern.pk}/").content.decode()
    html = page[page.index('id="addenda"') :]
    first = html.index(REASON)
    second = html.index("She told her teacher she was pressured")
    assert first < second
    assert "What they were made to do: Not known → " in html


# Who may re-assess -----------------------------------------------------------------------


def test_a_practitioner_cannot_correct_the_facts(
    concern: Concern, teacher: User, sign_in: SignIn
) -> None:
    client = sign_in(teacher)
    assert client.get(f"/concerns/{concern.pk}/facts/").status_code == 403
    response = client.post(f"/concerns/{concern.pk}/facts/", _form(concern, purpose=["sexual"]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        _add_sexual_exploitation(teacher, concern)
    assert not Addendum.objects.exists()
    # The page does not offer it either.
    html = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert f"/concerns/{concern.pk}/facts/" not in html


def test_another_organisation_gets_not_found(concern: Concern, sign_in: SignIn) -> None:
    stranger = UserFactory(role=Role.SAFEGUARDING_LEAD)
    client = sign_in(stranger)
    assert client.get(f"/concerns/{concern.pk}/facts/").status_code == 404
    response = client.post(f"/concerns/{concern.pk}/facts/", _form(concern, purpose=["sexual"]))
    assert response.status_code == 404
    assert not Addendum.objects.exists()


def test_the_local_authority_team_on_a_shared_case_can_correct_the_facts(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    share_with_organisation(
        lead, concern.subject, council, reason="Strategy discussion", lawful_basis="safeguarding"
    )
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    response = sign_in(team).post(
        f"/concerns/{concern.pk}/facts/", _form(concern, purpose=["sexual"])
    )
    assert response.status_code == 302
    addendum = Addendum.objects.get(concern=concern)
    assert addendum.added_by == team
    assert "NRM_REFERRAL" in _codes(concern)


def test_a_lead_of_another_organisation_on_the_shared_case_cannot(
    concern: Concern, lead: User
) -> None:
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE)
    share_with_organisation(
        lead, concern.subject, police, reason="Strategy discussion", lawful_basis="safeguarding"
    )
    police_lead = UserFactory(organisation=police, role=Role.SAFEGUARDING_LEAD)
    with pytest.raises(PermissionDenied):
        _add_sexual_exploitation(police_lead, concern)


# Nothing lost: two leads at once, a double click, a reason, a closed concern -------------


def test_two_leads_saving_from_the_same_version_the_second_is_refused_and_shown_what_changed(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    other = UserFactory(organisation=lead.organisation, role=Role.SAFEGUARDING_LEAD)
    opened = _form(concern, means=["coercion"], reason="She said an older man pressured her.")
    _add_sexual_exploitation(other, concern)
    response = sign_in(lead).post(f"/concerns/{concern.pk}/facts/", opened)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed the facts or the pathway after you opened this page" in html
    assert REASON in html  # what the other lead did, and why
    assert Addendum.objects.filter(concern=concern).count() == 1
    # Their own change is kept on the page, laid over the other lead's.
    assert 'value="coercion"' in html
    assert 'name="version" value="2"' in html
    with pytest.raises(addenda.StaleFacts):
        _add_sexual_exploitation(lead, concern, opened_version=1)


def test_a_double_click_makes_one_addendum(concern: Concern, lead: User, sign_in: SignIn) -> None:
    client = sign_in(lead)
    data = _form(concern, purpose=["sexual"])
    first = client.post(f"/concerns/{concern.pk}/facts/", data)
    second = client.post(f"/concerns/{concern.pk}/facts/", data)
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == f"/concerns/{concern.pk}/"
    assert Addendum.objects.filter(concern=concern).count() == 1
    assert concern.runs.count() == 2
    token = uuid.UUID(data["form_token"])
    with pytest.raises(addenda.AlreadyCorrected):
        _add_sexual_exploitation(lead, concern, form_token=token, opened_version=1)


def test_the_reason_must_be_at_least_a_sentence(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    with pytest.raises(RuleBroken):
        _add_sexual_exploitation(lead, concern, reason="CSE")
    response = sign_in(lead).post(
        f"/concerns/{concern.pk}/facts/", _form(concern, purpose=["sexual"], reason="CSE")
    )
    assert response.status_code == 200
    assert "at least a sentence" in response.content.decode()
    assert not Addendum.objects.exists() and concern.runs.count() == 1


def test_saving_with_nothing_changed_adds_nothing(concern: Concern, lead: User) -> None:
    with pytest.raises(RuleBroken, match="Nothing was changed"):
        addenda.reassess(
            lead,
            concern,
            facts={"elements.action": ["recruitment"], "situation.immediate_danger": True},
            reason="Checked with the teacher: what was recorded is right.",
            opened_version=1,
        )
    assert not Addendum.objects.exists()


def test_a_closed_concern_keeps_its_facts(concern: Concern, lead: User) -> None:
    close_concern(lead, concern, outcome="referred", reason="Children's services lead now.")
    with pytest.raises(Conflict):
        _add_sexual_exploitation(lead, concern)


# Where a second concern belongs ----------------------------------------------------------


def test_the_concern_page_says_a_second_concern_is_for_a_new_event(
    concern: Concern, lead: User, sign_in: SignIn
) -> None:
    html = sign_in(lead).get(f"/concerns/{concern.pk}/").content.decode()
    assert "Another concern is for something new that happened" in html
    assert f"/concerns/{concern.pk}/facts/" in html


def test_an_outcome_recorded_before_is_still_there_after_the_correction(
    concern: Concern, teacher: User, lead: User
) -> None:
    tell = concern.actions.get(code="INFORM_SAFEGUARDING_LEAD")
    record_outcome(teacher, tell, status="done", happened_at=timezone.now())
    _add_sexual_exploitation(lead, concern)
    assert ActionOutcome.objects.filter(action=tell).count() == 1
    assert concern.actions.get(code="INFORM_SAFEGUARDING_LEAD").pk == tell.pk


# At the same moment (PostgreSQL: SQLite takes one writer at a time anyway) -------------


def _at_once(*steps: Callable[[], object]) -> list[BaseException]:
    start = threading.Barrier(len(steps))
    problems: list[BaseException] = []

    def run(step: Callable[[], object]) -> None:
        try:
            start.wait()
            step()
        except BaseException as problem:
            problems.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes one writer at a time anyway"
)
def test_two_requests_of_one_form_at_the_same_moment_make_one_addendum() -> None:
    teacher = UserFactory(role=Role.PRACTITIONER)
    lead = UserFactory(organisation=teacher.organisation, role=Role.SAFEGUARDING_LEAD)
    child = PersonFactory(organisation=teacher.organisation, approximate_age=15)
    concern = make_concern(teacher, child, action=["recruitment"])
    token = uuid.uuid4()

    def save() -> None:
        _add_sexual_exploitation(
            lead, Concern.objects.get(pk=concern.pk), form_token=token, opened_version=1
        )

    problems = _at_once(save, save)
    assert [type(p) for p in problems] == [addenda.AlreadyCorrected]
    assert Addendum.objects.filter(concern=concern).count() == 1
    assert concern.runs.count() == 2
    assert [c for c, n in Counter(_codes(concern)).items() if n > 1] == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes one writer at a time anyway"
)
def test_two_leads_at_the_same_moment_the_second_is_refused_as_stale() -> None:
    teacher = UserFactory(role=Role.PRACTITIONER)
    leads = UserFactory.create_batch(
        2, organisation=teacher.organisation, role=Role.SAFEGUARDING_LEAD
    )
    child = PersonFactory(organisation=teacher.organisation, approximate_age=15)
    concern = make_concern(teacher, child, action=["recruitment"])
    problems = _at_once(
        *(
            (
                lambda lead=lead: _add_sexual_exploitation(
                    lead, Concern.objects.get(pk=concern.pk), opened_version=1
                )
            )
            for lead in leads
        )
    )
    assert [type(p) for p in problems] == [addenda.StaleFacts]
    assert Addendum.objects.filter(concern=concern).count() == 1
    assert concern.runs.count() == 2
