"""A pattern alert says which phone number or address it found and when it was raised, shows
who on the team is looking at it (audited) and offers to start a strategy discussion, as a task
on the record of a person at risk (issue 19)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.casework.models import PatternAlert, PatternKind
from noddfa.casework.patterns import raise_alerts

from .test_patterns import born, shared

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def la_team(db: None) -> User:
    return UserFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES),
        role=Role.LA_SAFEGUARDING_TEAM,
        full_name="Nia Rowlands",
    )


def _phone_alert(lead: User, team: User) -> PatternAlert:
    for n, number in enumerate(["07700 900789", "+44 7700 900789", "07700900789"]):
        shared(lead, team, given_name=f"Child{n}", family_name="A", phone_numbers=[number])
    raise_alerts()
    return PatternAlert.objects.get(kind=PatternKind.SHARED_PHONE)


def test_a_phone_alert_shows_the_number_and_when_it_was_raised(
    sign_in: SignIn, lead: User, la_team: User
) -> None:
    alert = _phone_alert(lead, la_team)
    page = sign_in(la_team).get(reverse("casework:patterns")).content.decode()
    card = page[page.index(f'id="alert-{alert.pk}"') :]
    assert "Phone number" in card
    assert "07700 900789" in card or "07700900789" in card or "+44 7700 900789" in card
    assert "Raised" in card and alert.raised_at.strftime("%Y") in card
    assert "Nobody yet" in card


def test_an_address_alert_shows_the_address(sign_in: SignIn, lead: User, la_team: User) -> None:
    for index, (given, family) in enumerate([("Liridon", "K"), ("Yonas", "T"), ("Minh", "P")]):
        shared(
            lead,
            la_team,
            given_name=given,
            family_name=family,
            date_of_birth=born(12 + index),
            address="22 Market Street",
            postcode="CF11 9ZZ",
        )
    raise_alerts()
    page = sign_in(la_team).get(reverse("casework:patterns")).content.decode()
    assert "22 Market Street, CF11 9ZZ" in page


def test_saying_you_are_looking_at_an_alert_shows_who_and_since_when_and_is_audited(
    sign_in: SignIn, lead: User, la_team: User
) -> None:
    alert = _phone_alert(lead, la_team)
    colleague = UserFactory(organisation=la_team.organisation, role=Role.LA_SAFEGUARDING_TEAM)
    response = sign_in(la_team).post(reverse("casework:look_at_alert", args=[alert.pk]))
    assert response["Location"] == f"{reverse('casework:patterns')}#alert-{alert.pk}"
    alert.refresh_from_db()
    assert alert.looked_at_by == la_team and alert.looked_at_since is not None
    event = AuditEvent.objects.get(
        action=AuditAction.CHANGE, detail__event="pattern_alert_being_looked_at"
    )
    assert event.actor == la_team
    page = sign_in(colleague).get(reverse("casework:patterns")).content.decode()
    assert "By Nia Rowlands" in page
    assert "Take it over: I am looking at this" in page


def test_another_team_cannot_mark_an_alert_and_others_are_refused(
    sign_in: SignIn, lead: User, la_team: User
) -> None:
    alert = _phone_alert(lead, la_team)
    url = reverse("casework:look_at_alert", args=[alert.pk])
    other_team = UserFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES),
        role=Role.LA_SAFEGUARDING_TEAM,
    )
    assert sign_in(other_team).post(url).status_code == 404
    assert sign_in(lead).post(url).status_code == 404
    assert sign_in(la_team).get(url).status_code == 405
    assert Client().post(url).status_code == 302
    alert.refresh_from_db()
    assert alert.looked_at_by is None


def test_an_alert_links_to_a_strategy_discussion_task(
    sign_in: SignIn, lead: User, la_team: User
) -> None:
    alert = _phone_alert(lead, la_team)
    client = sign_in(la_team)
    page = client.get(reverse("casework:patterns")).content.decode()
    links = [
        reverse("casework:new_task", args=[p.pk]) + "?purpose=strategy" for p in alert.people.all()
    ]
    assert any(link in page for link in links)
    form = client.get(links[0]).content.decode()
    assert 'value="Strategy discussion about a pattern alert"' in form
