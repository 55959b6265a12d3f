from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from casework_factories import born, make_episode
from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import PatternAlert, PatternKind
from noddfa.casework.patterns import raise_alerts, record_school_registration
from noddfa.concerns.pathway_case import RecordedFacts
from noddfa.concerns.services import ConcernReport, record_concern
from noddfa.people.models import LawfulBasis, Person
from noddfa.people.services import record_person, share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def la_team(db: None) -> User:
    return UserFactory(
        organisation=OrganisationFactory(
            name="Tîm Diogelu Prawf", organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
        ),
        role=Role.LA_SAFEGUARDING_TEAM,
    )


def shared(by: User, team: User, **details: Any) -> Person:
    person = record_person(by, **details)
    assert team.organisation is not None
    share_with_organisation(
        by, person, team.organisation, reason="Concern", lawful_basis=LawfulBasis.SAFEGUARDING
    )
    return person


def alerts(kind: str) -> list[PatternAlert]:
    raise_alerts()
    return list(PatternAlert.objects.filter(kind=kind))


def leave_schools(by: User, person: Person, times: int) -> None:
    today = timezone.localdate()
    for n in range(times):
        record_school_registration(
            by,
            person,
            school=f"Ysgol {n}",
            registered_on=today - timedelta(days=300 - n * 100),
            deregistered_on=today - timedelta(days=250 - n * 100),
        )


def test_a_child_taken_off_two_school_rolls_in_a_year_raises_school_churn(
    lead: User, la_team: User
) -> None:
    child = shared(lead, la_team, given_name="Minh", family_name="Tran", date_of_birth=born(13))
    leave_schools(lead, child, 2)
    [alert] = alerts(PatternKind.SCHOOL_CHURN)
    assert list(alert.people.all()) == [child] and alert.count == 2


def test_one_school_move_in_a_year_raises_nothing(lead: User, la_team: User) -> None:
    child = shared(lead, la_team, given_name="Minh", family_name="Tran", date_of_birth=born(13))
    leave_schools(lead, child, 1)
    assert alerts(PatternKind.SCHOOL_CHURN) == []


def test_three_missing_episodes_in_ninety_days_raise_an_alert_and_two_do_not(
    lead: User, la_team: User
) -> None:
    now = timezone.now()
    three = shared(lead, la_team, given_name="Ana", family_name="Popescu", date_of_birth=born(15))
    two = shared(lead, la_team, given_name="Ion", family_name="Rusu", date_of_birth=born(15))
    for days in (1, 40, 85):
        make_episode(lead, three, last_seen_at=now - timedelta(days=days))
    for days in (1, 40, 95):
        make_episode(lead, two, last_seen_at=now - timedelta(days=days))
    [alert] = alerts(PatternKind.REPEATED_MISSING)
    assert list(alert.people.all()) == [three]


def test_children_from_three_families_at_one_address_raise_an_alert(
    lead: User, la_team: User
) -> None:
    for index, (given, family) in enumerate(
        [("Liridon", "Krasniqi"), ("Yonas", "Tesfaye"), ("Minh", "Pham")]
    ):
        shared(
            lead,
            la_team,
            given_name=given,
            family_name=family,
            date_of_birth=born(12 + index),
            address="22 Market Street" if index else "22 market st",
            postcode="CF11 9ZZ",
        )
    [alert] = alerts(PatternKind.CHILDREN_AT_ADDRESS)
    assert alert.count == 3 and alert.people.count() == 3


def test_siblings_and_one_other_child_at_an_address_are_two_families_not_an_alert(
    lead: User, la_team: User
) -> None:
    for given, family in [("Liridon", "Krasniqi"), ("Arta", "Krasniqi"), ("Yonas", "Tesfaye")]:
        shared(
            lead,
            la_team,
            given_name=given,
            family_name=family,
            date_of_birth=born(12),
            address="22 Market Street",
            postcode="CF11 9ZZ",
        )
    assert alerts(PatternKind.CHILDREN_AT_ADDRESS) == []


def test_one_phone_number_behind_three_people_raises_an_alert_and_two_do_not(
    lead: User, la_team: User
) -> None:
    for n, number in enumerate(["07700 900789", "+44 7700 900789", "07700900789"]):
        shared(lead, la_team, given_name=f"Child{n}", family_name="A", phone_numbers=[number])
    for n in range(2):
        shared(
            lead, la_team, given_name=f"Other{n}", family_name="B", phone_numbers=["07700 900111"]
        )
    [alert] = alerts(PatternKind.SHARED_PHONE)
    assert alert.count == 3
    assert "900789" not in alert.fingerprint, "the number itself is never stored in the alert"


def concern_with(by: User, subject: Person, adult: Person) -> None:
    record_concern(
        by,
        ConcernReport(
            subject=subject,
            observed_at=timezone.now(),
            observed_where="School gate",
            immediate_danger="no",
            account="Collected by the same man.",
            facts=RecordedFacts(),
            involved=[(adult, "brings_or_collects")],
        ),
    )


@pytest.mark.parametrize(("children", "expected"), [(3, 1), (2, 0)])
def test_one_adult_around_three_people_raises_an_alert_and_around_two_does_not(
    lead: User, la_team: User, children: int, expected: int
) -> None:
    adult = shared(
        lead, la_team, given_name="Driver", family_name="X", date_of_birth=date(1980, 1, 1)
    )
    for n in range(children):
        kid = shared(
            lead, la_team, given_name=f"Kid{n}", family_name=f"F{n}", date_of_birth=born(14)
        )
        concern_with(lead, kid, adult)
    assert len(alerts(PatternKind.ADULT_AROUND_CHILDREN)) == expected


def test_patterns_are_found_only_in_the_records_a_team_was_given(lead: User, la_team: User) -> None:
    for n in range(3):
        record_person(lead, given_name=f"Child{n}", family_name="A", phone_numbers=["07700 900789"])
    assert alerts(PatternKind.SHARED_PHONE) == []


def test_running_again_adds_nothing_and_a_dismissed_alert_stays_dismissed(
    sign_in: SignIn, lead: User, la_team: User
) -> None:
    for n in range(3):
        shared(
            lead, la_team, given_name=f"Child{n}", family_name="A", phone_numbers=["07700 900789"]
        )
    assert raise_alerts() == 1
    assert raise_alerts() == 0
    alert = PatternAlert.objects.get()
    client = sign_in(la_team)
    page = client.get("/casework/patterns/").content.decode()
    assert "One phone number is recorded for 3 different people." in page
    response = client.post(
        f"/casework/patterns/{alert.pk}/dismiss/", {"reason": "One family phone"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.dismissed_by == la_team and alert.dismiss_reason == "One family phone"
    assert AuditEvent.objects.filter(
        object_id=str(alert.pk), detail__event="pattern_alert_dismissed"
    ).exists()
    assert raise_alerts() == 0
    assert PatternAlert.objects.get().dismissed_at is not None


def test_dismissing_needs_a_reason(sign_in: SignIn, lead: User, la_team: User) -> None:
    for n in range(3):
        shared(
            lead, la_team, given_name=f"Child{n}", family_name="A", phone_numbers=["07700 900789"]
        )
    raise_alerts()
    alert = PatternAlert.objects.get()
    page = sign_in(la_team).post(f"/casework/patterns/{alert.pk}/dismiss/", {"reason": ""})
    assert "Say why this alert needs no action" in page.content.decode()


def test_another_teams_alert_is_not_found(sign_in: SignIn, lead: User, la_team: User) -> None:
    for n in range(3):
        shared(
            lead, la_team, given_name=f"Child{n}", family_name="A", phone_numbers=["07700 900789"]
        )
    raise_alerts()
    alert = PatternAlert.objects.get()
    other_team = UserFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES),
        role=Role.LA_SAFEGUARDING_TEAM,
    )
    client = sign_in(other_team)
    assert client.get(f"/casework/patterns/{alert.pk}/dismiss/").status_code == 404
    assert "Child0" not in client.get("/casework/patterns/").content.decode()


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.PARTNERSHIP_ANALYST]
)
def test_only_the_la_team_sees_pattern_alerts(sign_in: SignIn, role: str) -> None:
    assert sign_in(UserFactory(role=role)).get("/casework/patterns/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    for url in ("/casework/patterns/", "/casework/network/"):
        assert "/accounts/sign-in/" in client.get(url).url


def test_the_analyst_network_shows_groups_without_names(sign_in: SignIn, lead: User) -> None:
    for n in range(3):
        record_person(
            lead,
            given_name=f"Secretname{n}",
            family_name="Hidden",
            phone_numbers=["07700 900789"],
            vehicle_registrations=["CU57 ABC"],
        )
    record_person(lead, given_name="Loner", family_name="Hidden")
    assert lead.organisation is not None
    analyst = UserFactory(
        organisation=OrganisationFactory(
            local_authority_area=lead.organisation.local_authority_area
        ),
        role=Role.PARTNERSHIP_ANALYST,
    )
    page = sign_in(analyst).get("/casework/network/").content.decode()
    assert "Person 3" in page and "Phone 1" in page and "Vehicle 1" in page
    assert "Person 4" not in page, "a person joined to nobody is not drawn"
    for secret in ("Secretname", "Hidden", "900789", "CU57"):
        assert secret not in page
    assert "<title" in page and "<desc" in page and "govuk-table" in page


def test_only_analysts_open_the_network(sign_in: SignIn) -> None:
    assert (
        sign_in(UserFactory(role=Role.LA_SAFEGUARDING_TEAM)).get("/casework/network/").status_code
        == 403
    )
