"""Every page of account administration, for every role, about a member of the reader's own
organisation and about a member of another (issue 17: the access matrix over the invitation,
reset and deactivation routes). Only the organisation's own admin gets in; another
organisation's member is not found, as if there were none; a refused change changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

ADMIN = Role.ORGANISATION_ADMIN
RELATIONS = ("own", "other")


@dataclass(frozen=True)
class Route:
    name: str
    path: Callable[[User, Organisation], str]
    # The status each role gets, about a member (or organisation) of its own or another.
    expected: Callable[[str, str], int]


def _admin_only(role: str, relation: str) -> int:
    return 200 if role == ADMIN else 403


def _admin_of_the_member(role: str, relation: str) -> int:
    if role != ADMIN:
        return 403
    return 200 if relation == "own" else 404


def _admin_of_the_organisation(role: str, relation: str) -> int:
    return 200 if role == ADMIN and relation == "own" else 403


ROUTES = [
    Route("members", lambda m, o: "/accounts/users/", _admin_only),
    Route("invite", lambda m, o: "/accounts/users/invite/", _admin_only),
    Route(
        "invite again", lambda m, o: f"/accounts/users/{m.pk}/invite-again/", _admin_of_the_member
    ),
    Route(
        "reset two factor",
        lambda m, o: f"/accounts/users/{m.pk}/reset-two-factor/",
        _admin_of_the_member,
    ),
    Route("deactivate", lambda m, o: f"/accounts/users/{m.pk}/deactivate/", _admin_of_the_member),
    Route(
        "local authority contacts",
        lambda m, o: f"/accounts/organisations/{o.pk}/local-authority/",
        _admin_of_the_organisation,
    ),
    Route("audit trail", lambda m, o: "/audit/", _admin_only),
    Route("password", lambda m, o: "/accounts/password/", lambda r, rel: 200),
]


def _reader(role: str, organisation: Organisation) -> User:
    if role == Role.SYSTEM_ADMIN:
        return UserFactory(role=role, organisation=None)
    return UserFactory(role=role, organisation=organisation)


@pytest.fixture
def world() -> dict[str, object]:
    home = OrganisationFactory()
    elsewhere = OrganisationFactory()
    return {
        "home": home,
        "own": UserFactory(role=Role.PRACTITIONER, organisation=home),
        "other": UserFactory(role=Role.PRACTITIONER, organisation=elsewhere),
        "elsewhere": elsewhere,
    }


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", [role for role, _ in Role.choices])
def test_each_account_page_answers_each_role_as_the_admin_rules_say(
    role: str, relation: str, world: dict[str, object], sign_in: Callable[[User], Client]
) -> None:
    home = world["home"]
    assert isinstance(home, Organisation)
    client = sign_in(_reader(role, home))
    member = world[relation]
    organisation = home if relation == "own" else world["elsewhere"]
    assert isinstance(member, User) and isinstance(organisation, Organisation)
    answers = {
        route.name: client.get(route.path(member, organisation)).status_code for route in ROUTES
    }
    expected = {route.name: route.expected(role, relation) for route in ROUTES}
    assert answers == expected


# The admin's own changes to their own members: tests/accounts/test_deactivation.py and others.
@pytest.mark.parametrize(
    ("role", "relation"),
    [(r, rel) for r, _ in Role.choices for rel in RELATIONS if (r, rel) != (ADMIN, "own")],
)
def test_a_refused_change_to_a_member_changes_nothing(
    role: str, relation: str, world: dict[str, object], sign_in: Callable[[User], Client]
) -> None:
    home = world["home"]
    assert isinstance(home, Organisation)
    client = sign_in(_reader(role, home))
    member = world[relation]
    assert isinstance(member, User)
    before = AuditEvent.objects.filter(
        action__in=[AuditAction.DEACTIVATED, AuditAction.MFA_RESET, AuditAction.INVITED]
    ).count()
    for action in ("invite-again", "reset-two-factor", "deactivate"):
        response = client.post(f"/accounts/users/{member.pk}/{action}/")
        assert response.status_code == (404 if role == ADMIN else 403), action
    member.refresh_from_db()
    assert member.is_active
    assert (
        AuditEvent.objects.filter(
            action__in=[AuditAction.DEACTIVATED, AuditAction.MFA_RESET, AuditAction.INVITED]
        ).count()
        == before
    )
