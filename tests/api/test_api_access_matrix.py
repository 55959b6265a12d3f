"""Every API endpoint, for every role, from every organisation relation to the record.

The record: a school's concern about a child, shared with the local authority (named as the
receiving body of the school's referral) and with a youth service (a case member that is not
the receiving body). Each answer is what the pages would give: 404 for a record the caller may
not see, exactly as for a missing one; 403 for a role that may not do the thing at all; 401
without a token.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytest_django import DjangoDbBlocker
from rest_framework.test import APIClient

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.casework.models import Task
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation
from noddfa.referrals.models import ReferralDraft
from noddfa.referrals.services import update_draft
from referral_factories import CountyLinesStory, county_lines_story

pytestmark = pytest.mark.django_db
ApiAs = Callable[[User], APIClient]

RECORDERS = [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM]
# An organisation admin runs accounts and reads no case (issue 17, item 7).
CASEWORK = list(RECORDERS)
NO_CASEWORK = [Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN, Role.ORGANISATION_ADMIN]
RELATIONS = ["own", "case member", "receiving body", "unrelated"]


@dataclass(frozen=True)
class World:
    story: CountyLinesStory
    referral: ReferralDraft
    task: Task
    youth_service: Organisation
    unrelated: Organisation

    def organisation(self, relation: str) -> Organisation:
        return {
            "own": self.story.school,
            "case member": self.youth_service,
            "receiving body": self.story.children_services,
            "unrelated": self.unrelated,
        }[relation]


@pytest.fixture(scope="module")
def shared_world(module_transaction: None, django_db_blocker: DjangoDbBlocker) -> World:
    """Built once for the module's 325 cases; each case's writes are rolled back."""
    with django_db_blocker.unblock():
        return _build_world()


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    return copy.deepcopy(shared_world)


def _build_world() -> World:
    story = county_lines_story()
    referral = story.start("REPORT_CHILD_AT_RISK")
    update_draft(story.practitioner, referral, referral.data, story.children_services)
    youth = OrganisationFactory(
        name="Gwasanaeth Ieuenctid", organisation_type=OrganisationType.OTHER
    )
    share_with_organisation(
        story.lead,
        story.child,
        youth,
        reason="Youth worker joins",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
    # An open one: the task list is the open tasks unless asked for more.
    task = Task.objects.filter(
        organisation=story.school, person=story.child, finished_at__isnull=True
    ).first()
    assert task is not None, "recording the concern schedules the school's tasks"
    return World(story, referral, task, youth, OrganisationFactory(name="Ysgol Arall"))


def _call(client: APIClient, endpoint: str, world: World) -> tuple[int, str]:
    child, concern, referral = world.story.child.pk, world.story.concern.pk, world.referral.pk
    calls = {
        "people": lambda: client.get("/api/v1/people/"),
        "people search": lambda: client.post(
            "/api/v1/people/search/", {"text": "Evans"}, format="json"
        ),
        "person": lambda: client.get(f"/api/v1/people/{child}/"),
        "chronology": lambda: client.get(f"/api/v1/people/{child}/chronology/"),
        "concern": lambda: client.get(f"/api/v1/concerns/{concern}/"),
        "record concern": lambda: client.post(
            "/api/v1/concerns/",
            {
                "subject": str(child),
                "observed_at": "2026-03-02T08:45:00Z",
                "observed_where": "Bus station",
                "immediate_danger": "no",
                "account": "Seen again with the same adult.",
            },
            format="json",
        ),
        "referrals": lambda: client.get("/api/v1/referrals/"),
        "referral": lambda: client.get(f"/api/v1/referrals/{referral}/"),
        "referral status": lambda: client.get(f"/api/v1/referrals/{referral}/status/"),
        "tasks": lambda: client.get("/api/v1/tasks/"),
        "directory": lambda: client.get("/api/v1/directory/"),
        "service": lambda: client.get("/api/v1/directory/modern_slavery_helpline/"),
        "pathway": lambda: client.post(
            "/api/v1/pathway", {"jurisdiction": "wales", "person": {"age": 15}}, format="json"
        ),
    }
    response = calls[endpoint]()
    return response.status_code, response.content.decode()


ENDPOINTS = [
    "people",
    "people search",
    "person",
    "chronology",
    "concern",
    "record concern",
    "referrals",
    "referral",
    "referral status",
    "tasks",
    "directory",
    "service",
    "pathway",
]
SEES_PERSON = {"own", "case member", "receiving body"}
SEES_REFERRAL = {"own", "receiving body"}


def expected(endpoint: str, relation: str, role: str) -> tuple[int, bool]:
    """The status, and whether the answer should mention the child or their referral."""
    if endpoint in {"directory", "service", "pathway"}:
        return 200, False
    casework = role in CASEWORK
    if endpoint in {"people", "people search", "referrals", "tasks"}:
        if not casework:
            return 403, False
        if endpoint == "referrals":
            return 200, relation in SEES_REFERRAL
        if endpoint == "tasks":
            return 200, relation == "own"
        return 200, relation in SEES_PERSON
    if endpoint == "record concern":
        if role not in RECORDERS:
            return 403, False
        return (201, True) if relation in SEES_PERSON else (404, False)
    if endpoint in {"referral", "referral status"}:
        return (200, True) if casework and relation in SEES_REFERRAL else (404, False)
    return (200, True) if casework and relation in SEES_PERSON else (404, False)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", CASEWORK + NO_CASEWORK)
def test_each_endpoint_answers_each_role_and_relation_as_the_pages_do(
    api_as: ApiAs, world: World, endpoint: str, relation: str, role: str
) -> None:
    organisation = None if role == Role.SYSTEM_ADMIN else world.organisation(relation)
    user = UserFactory(role=role, organisation=organisation)
    status, body = _call(api_as(user), endpoint, world)
    want_status, mentions = expected(endpoint, relation, role)
    assert status == want_status, body
    ids = {
        "referrals": str(world.referral.pk),
        "tasks": str(world.task.pk),
    }.get(endpoint, str(world.story.child.pk))
    if endpoint in {"referral", "referral status"}:
        ids = str(world.referral.pk)
    if endpoint not in {"directory", "service", "pathway", "record concern"}:
        assert (ids in body) == mentions, body
    if not mentions:
        assert "Evans" not in body


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_without_a_token_every_endpoint_answers_401(world: World, endpoint: str) -> None:
    status, body = _call(APIClient(), endpoint, world)
    assert status == 401
    assert "Evans" not in body
