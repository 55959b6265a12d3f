"""Refused probes are logged, ids only, and repeated probing can be alerted on (issue 17,
item 8): an account walking through another organisation's record ids leaves a trace."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from factories import OrganisationFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.REFUSED))


@pytest.fixture
def their_concern_id() -> uuid.UUID:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    return make_concern(lead, account="Kept at the car wash and never paid, says Ana Popescu.").pk


@pytest.fixture
def outsider(sign_in: Callable[[User], Client]) -> tuple[User, Client]:
    user = UserFactory(organisation=OrganisationFactory(), role=Role.SAFEGUARDING_LEAD)
    return user, sign_in(user)


def test_asking_for_another_organisations_concern_is_refused_and_logged_with_ids_only(
    their_concern_id: uuid.UUID, outsider: tuple[User, Client]
) -> None:
    user, client = outsider
    response = client.get(f"/concerns/{their_concern_id}/?q=Popescu")
    assert response.status_code == 404
    [event] = _refusals()
    assert event.actor_id == user.pk
    assert event.organisation_id == user.organisation_id
    assert event.detail == {
        "route": "concerns:detail",
        "ids": {"concern_id": str(their_concern_id)},
        "status": 404,
    }
    # Nothing of the address beyond its ids, and nothing of the record.
    assert "Popescu" not in str(event.detail)


def test_a_forbidden_page_with_no_id_in_it_is_not_a_probe(
    sign_in: Callable[[User], Client],
) -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    response = sign_in(practitioner).get("/accounts/users/")
    assert response.status_code == 403
    assert _refusals() == []


def test_a_visitor_who_is_not_signed_in_leaves_no_probe(their_concern_id: uuid.UUID) -> None:
    response = Client().get(f"/concerns/{their_concern_id}/")
    assert response.status_code == 302
    assert _refusals() == []


def test_the_holder_reading_its_own_concern_leaves_no_probe(
    their_concern_id: uuid.UUID, sign_in: Callable[[User], Client]
) -> None:
    from noddfa.concerns.models import Concern

    holder = Concern.objects.get(pk=their_concern_id).recorded_by
    assert sign_in(holder).get(f"/concerns/{their_concern_id}/").status_code == 200
    assert _refusals() == []


def _probe(client: Client, times: int) -> None:
    for _ in range(times):
        assert client.get(f"/concerns/{uuid.uuid4()}/").status_code == 404


def test_ten_refusals_in_an_hour_are_reported_by_the_probes_command_which_fails(
    outsider: tuple[User, Client],
) -> None:
    user, client = outsider
    _probe(client, 10)
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("audit", "probes", stdout=out)
    assert refused.value.returncode == 1
    assert f"account {user.pk} (organisation {user.organisation_id}): 10 records refused" in (
        out.getvalue()
    )
    assert user.email not in out.getvalue()


def test_a_few_refusals_are_not_an_alert(outsider: tuple[User, Client]) -> None:
    _, client = outsider
    _probe(client, 3)
    out = StringIO()
    call_command("audit", "probes", stdout=out)
    assert "No account was refused 10 or more records in the last 1 hour." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("audit", "probes", "--at-least", "3", stdout=StringIO())


def test_the_probes_command_refuses_a_window_that_is_not_a_whole_number() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("audit", "probes", "--hours", "0", stdout=StringIO(), stderr=StringIO())
