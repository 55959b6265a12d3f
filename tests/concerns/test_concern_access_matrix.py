"""Every page of the concerns work, for every role, in the recording organisation, in an
organisation the record was shared with, and in an unrelated one."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db

# The organisation admin runs accounts and reads no case (issue 17, item 7).
CASEWORK = {Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM}
RECORDING = {Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM}
REVIEWING = {Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM}
RELATIONS = ("own", "sharing", "unrelated")
NAME = "Zyxwvuts"


@dataclass(frozen=True)
class Page:
    name: str
    method: str
    path: Callable[[dict[str, Any]], str]
    data: dict[str, str]
    allowed: Callable[[str, str], bool]
    success: int


def _sees(role: str, relation: str) -> bool:
    return role in CASEWORK and relation in ("own", "sharing")


PAGES = [
    Page("person", "get", lambda w: f"/people/{w['person'].pk}/", {}, _sees, 200),
    Page("concern", "get", lambda w: f"/concerns/{w['concern'].pk}/", {}, _sees, 200),
    Page(
        "chronology",
        "get",
        lambda w: f"/concerns/people/{w['person'].pk}/chronology/",
        {},
        _sees,
        200,
    ),
    Page(
        "chronology pdf",
        "get",
        lambda w: f"/concerns/people/{w['person'].pk}/chronology.pdf",
        {},
        _sees,
        200,
    ),
    Page(
        "addendum",
        "post",
        lambda w: f"/concerns/{w['concern'].pk}/addenda/",
        {"reason": "Correction", "text": "More detail"},
        lambda role, rel: role in RECORDING and _sees(role, rel),
        302,
    ),
    Page(
        "correct the facts",
        "get",
        lambda w: f"/concerns/{w['concern'].pk}/facts/",
        {},
        # A lead of the recording organisation; on the shared case, the local authority team.
        lambda role, rel: (
            role in REVIEWING
            and (rel == "own" or (rel == "sharing" and role == Role.LA_SAFEGUARDING_TEAM))
        ),
        200,
    ),
    Page(
        "review",
        "post",
        lambda w: f"/concerns/{w['concern'].pk}/review/",
        {"risk_level": "high", "risk_reason": "r", "decision": "d"},
        lambda role, rel: role in REVIEWING and _sees(role, rel),
        302,
    ),
    Page(
        "close",
        "post",
        lambda w: f"/concerns/{w['concern'].pk}/close/",
        {"outcome": "referred", "reason": "r"},
        lambda role, rel: role in REVIEWING and rel == "own",
        302,
    ),
    Page(
        "action outcome",
        "post",
        lambda w: f"/concerns/actions/{w['concern'].actions.first().pk}/",
        {"status": "done", "happened_at": "2026-11-24T10:00"},
        lambda role, rel: role in CASEWORK and rel == "own",
        302,
    ),
    Page(
        "share",
        "get",
        lambda w: f"/people/{w['person'].pk}/share/",
        {},
        lambda role, rel: role in REVIEWING and _sees(role, rel),
        200,
    ),
]


@pytest.fixture(scope="module")
def shared_world(module_transaction: None, django_db_blocker: DjangoDbBlocker) -> dict[str, Any]:
    """Built once for the module's cases; each case's writes are rolled back."""
    with django_db_blocker.unblock():
        return _build_world()


@pytest.fixture
def world(shared_world: dict[str, Any], db: None) -> dict[str, Any]:
    return copy.deepcopy(shared_world)


def _build_world() -> dict[str, Any]:
    school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    unrelated = OrganisationFactory()
    recorder = UserFactory(organisation=school)
    lead = UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)
    person = PersonFactory(organisation=school, created_by=recorder, given_name=NAME)
    concern = make_concern(recorder, person)
    share_with_organisation(
        lead, person, council, reason="Strategy discussion", lawful_basis="safeguarding"
    )
    return {
        "own": school,
        "sharing": council,
        "unrelated": unrelated,
        "person": person,
        "concern": concern,
    }


CASES = [
    pytest.param(page, role, relation, id=f"{page.name}-{role}-{relation}")
    for page in PAGES
    for role in Role.values
    for relation in RELATIONS
]


@pytest.mark.parametrize(("page", "role", "relation"), CASES)
def test_access(
    world: dict[str, Any],
    sign_in: Callable[[User], Client],
    page: Page,
    role: str,
    relation: str,
) -> None:
    user = UserFactory(organisation=world[relation], role=role)
    client = sign_in(user)
    response = getattr(client, page.method)(page.path(world), page.data)
    if page.allowed(role, relation):
        assert response.status_code == page.success
    else:
        assert response.status_code in (403, 404)
        assert NAME not in response.content.decode(errors="replace")
