"""A school records a child joining and leaving its roll; twice off a roll in a year
raises the school churn alert for the local authority team."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import PatternAlert, PatternKind, SchoolRegistration
from noddfa.casework.patterns import raise_alerts
from noddfa.people.models import LawfulBasis, Person
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def register(client: Client, child: Person, school: str, joined: int, left: int | None) -> None:
    response = client.post(
        f"/casework/people/{child.pk}/schools/new/",
        {
            "school": school,
            "registered_on": days_ago(joined),
            "deregistered_on": days_ago(left) if left is not None else "",
        },
    )
    assert response.status_code == 302


@pytest.fixture
def la_team(db: None) -> User:
    return UserFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES),
        role=Role.LA_SAFEGUARDING_TEAM,
    )


def test_a_teacher_records_joining_and_leaving_and_two_moves_raise_school_churn(
    sign_in: SignIn, teacher: User, lead: User, child: Person, la_team: User
) -> None:
    assert la_team.organisation is not None
    share_with_organisation(
        lead, child, la_team.organisation, reason="Concern", lawful_basis=LawfulBasis.SAFEGUARDING
    )
    client = sign_in(teacher)
    register(client, child, "Ysgol Gynradd Glan Taf", joined=300, left=200)
    register(client, child, "Ysgol y Wern", joined=190, left=None)
    open_one = SchoolRegistration.objects.get(school="Ysgol y Wern")
    page = client.get(f"/casework/people/{child.pk}/").text
    assert "Ysgol Gynradd Glan Taf" in page and "Record the date they left" in page
    raise_alerts()
    assert not PatternAlert.objects.filter(kind=PatternKind.SCHOOL_CHURN).exists()

    response = client.post(
        f"/casework/schools/{open_one.pk}/left/", {"deregistered_on": days_ago(20)}
    )
    assert response.status_code == 302
    raise_alerts()
    [alert] = PatternAlert.objects.filter(kind=PatternKind.SCHOOL_CHURN)
    assert list(alert.people.all()) == [child] and alert.count == 2
    events = AuditEvent.objects.filter(actor=teacher, detail__event__startswith="school_")
    assert events.count() == 3
    # The school's name is the only free text kept, and it never goes into the audit log.
    assert not any("Ysgol" in str(event.detail) for event in events)


def test_a_wrong_date_is_refused_and_nothing_is_saved(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    client = sign_in(teacher)
    url = f"/casework/people/{child.pk}/schools/new/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        ({"school": "", "registered_on": days_ago(10)}, "Enter the name of the school"),
        ({"school": "Ysgol", "registered_on": tomorrow}, "The date cannot be in the future"),
        (
            {"school": "Ysgol", "registered_on": days_ago(10), "deregistered_on": days_ago(20)},
            "The child cannot leave before they joined",
        ),
        ({"school": "Ysgol", "registered_on": "2026-02-30"}, "Enter a real date"),
    ]
    for data, error in cases:
        page = client.post(url, data).text
        assert error in page and "govuk-error-summary" in page
    assert not SchoolRegistration.objects.exists()


def test_leaving_is_recorded_once(sign_in: SignIn, teacher: User, child: Person) -> None:
    client = sign_in(teacher)
    register(client, child, "Ysgol y Wern", joined=100, left=None)
    registration = SchoolRegistration.objects.get()
    url = f"/casework/schools/{registration.pk}/left/"
    assert client.post(url, {"deregistered_on": days_ago(101)}).status_code == 200
    assert client.post(url, {"deregistered_on": days_ago(50)}).status_code == 302
    page = client.post(url, {"deregistered_on": days_ago(40)}).text
    assert "already recorded" in page
    registration.refresh_from_db()
    assert registration.deregistered_on == timezone.localdate() - timedelta(days=50)


def test_another_organisation_cannot_see_or_record_anything_about_the_child(
    sign_in: SignIn, teacher: User, child: Person
) -> None:
    register(sign_in(teacher), child, "Ysgol y Wern", joined=100, left=None)
    registration = SchoolRegistration.objects.get()
    stranger = UserFactory(role=Role.SAFEGUARDING_LEAD)
    client = sign_in(stranger)
    assert client.get(f"/casework/people/{child.pk}/schools/new/").status_code == 404
    assert (
        client.post(
            f"/casework/people/{child.pk}/schools/new/",
            {"school": "Ysgol", "registered_on": days_ago(5)},
        ).status_code
        == 404
    )
    assert client.get(f"/casework/schools/{registration.pk}/left/").status_code == 404
    assert SchoolRegistration.objects.count() == 1


def test_the_la_team_sees_every_school_but_only_the_school_records_the_leaving_date(
    sign_in: SignIn, teacher: User, lead: User, child: Person, la_team: User
) -> None:
    assert la_team.organisation is not None
    share_with_organisation(
        lead, child, la_team.organisation, reason="Concern", lawful_basis=LawfulBasis.SAFEGUARDING
    )
    register(sign_in(teacher), child, "Ysgol y Wern", joined=100, left=None)
    registration = SchoolRegistration.objects.get()
    client = sign_in(la_team)
    assert "Ysgol y Wern" in client.get(f"/casework/people/{child.pk}/").text
    assert client.get(f"/casework/schools/{registration.pk}/left/").status_code == 403


# Neither the analyst nor the organisation admin may open anyone's record (issue 17, item 7).
@pytest.mark.parametrize(
    ("role", "status"), [(Role.PARTNERSHIP_ANALYST, 404), (Role.ORGANISATION_ADMIN, 404)]
)
def test_roles_that_do_not_record_schools_are_refused(
    sign_in: SignIn, organisation: object, child: Person, role: str, status: int
) -> None:
    client = sign_in(UserFactory(organisation=organisation, role=role))
    url = f"/casework/people/{child.pk}/schools/new/"
    assert client.get(url).status_code == status
    assert client.post(url, {"school": "Ysgol", "registered_on": days_ago(5)}).status_code == status
    assert not SchoolRegistration.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, child: Person) -> None:
    response = client.get(f"/casework/people/{child.pk}/schools/new/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
