"""Issue 18, item 6: the actions the concern page shows the practitioner as "You" are in their
"My tasks"; the lead's are in the team's tasks; another organisation sees none of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.casework.models import ImmediateStep, MissingEpisode, Task
from noddfa.casework.selectors import my_tasks, team_tasks
from noddfa.casework.services import report_missing
from noddfa.concerns.models import Concern, PathwayAction
from noddfa.concerns.services import assign_action
from noddfa.people.models import Person
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _child_concern(by: User) -> Concern:
    child = PersonFactory(
        organisation=by.organisation, created_by=by, date_of_birth=date(2012, 3, 4)
    )
    return make_concern(by, child, action=["recruitment"], purpose=["criminal"])


def _mine(concern: Concern) -> set[str]:
    return set(
        concern.actions.filter(
            who="practitioner", for_referrer=True, outcomes__isnull=True
        ).values_list("code", flat=True)
    )


def test_my_tasks_lists_the_actions_that_say_you(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    concern = _child_concern(practitioner)
    expected = _mine(concern)
    assert {"REPORT_CHILD_AT_RISK", "INFORM_SAFEGUARDING_LEAD"} <= expected
    assert {task.title for task in my_tasks(practitioner)} == expected
    page = sign_in(practitioner).get("/casework/tasks/")
    assert page.status_code == 200
    assert "Report a child at risk" in page.content.decode()


def test_the_lead_sees_them_in_the_teams_tasks_and_anyone_elses_stay_with_the_team() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_concern(practitioner)
    team = {task.title: task for task in team_tasks(lead)}
    assert _mine(concern) <= set(team)
    assert team["CALL_999"].owner is None if "CALL_999" in team else True
    assert my_tasks(lead) == []


def test_a_lead_assigning_an_action_moves_its_task() -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    colleague = UserFactory(organisation=practitioner.organisation)
    concern = _child_concern(practitioner)
    action = concern.actions.get(code="REPORT_CHILD_AT_RISK")
    assign_action(lead, action, colleague)
    assert "REPORT_CHILD_AT_RISK" in {task.title for task in my_tasks(colleague)}
    assert "REPORT_CHILD_AT_RISK" not in {task.title for task in my_tasks(practitioner)}


def test_another_organisation_sees_none_of_them() -> None:
    practitioner = UserFactory()
    _child_concern(practitioner)
    outsider = UserFactory(role=Role.SAFEGUARDING_LEAD)
    assert my_tasks(outsider) == []
    assert team_tasks(outsider) == []


def test_the_migration_gives_open_unowned_practitioner_tasks_to_the_recorder() -> None:
    practitioner = UserFactory()
    concern = _child_concern(practitioner)
    Task.objects.filter(pathway_action__concern=concern).update(owner=None)
    migration = importlib.import_module(
        "noddfa.casework.migrations.0004_practitioner_tasks_go_to_their_recorder"
    )
    migration.give_to_recorder(django_apps, None)
    owned = Task.objects.filter(pathway_action__concern=concern, owner=practitioner, outcome="")
    assert set(owned.values_list("title", flat=True)) == _mine(concern)
    call = Task.objects.filter(pathway_action__concern=concern, title="CALL_999").first()
    assert call is None or call.owner is None
    assert PathwayAction.objects.filter(concern=concern, assigned_to__isnull=False).count() == 0


# Social services is never told to tell social services -------------------------------------


def _missing(by: User, person: Person) -> MissingEpisode:
    return report_missing(
        by,
        person,
        last_seen_at=timezone.now() - timedelta(hours=1),
        last_seen_where="School gate",
        description="Blue school jumper",
        may_be_with="",
        phone_numbers="",
        risk="high",
    )


def test_the_local_authority_team_reads_that_step_as_its_own(sign_in: SignIn) -> None:
    school_lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    council = OrganisationFactory(
        name="Cardiff Children's Services",
        organisation_type=OrganisationType.LA_CHILDRENS_SERVICES,
    )
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    child = PersonFactory(organisation=school_lead.organisation, created_by=school_lead)
    share_with_organisation(
        school_lead, child, council, reason="Strategy discussion", lawful_basis="safeguarding"
    )
    by_school = _missing(school_lead, child)
    school_page = sign_in(school_lead).get(f"/casework/missing/{by_school.pk}/")
    assert "Tell social services now" in school_page.content.decode()
    team_page = sign_in(team).get(f"/casework/missing/{by_school.pk}/").content.decode()
    assert "Tell social services now" not in team_page
    assert "Social services: your team acts on this now" in team_page

    by_team = _missing(team, child)
    step = by_team.actions.get(step=ImmediateStep.INFORM_SOCIAL_SERVICES)
    assert step.done_at is not None
    assert step.done_by == team
    police = by_team.actions.get(step=ImmediateStep.CALL_999)
    assert police.done_at is None
