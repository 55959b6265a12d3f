"""Nobody sees another organisation's training records, staff or courses on any page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.training.models import Course, Level, TrainingRecord

from .conftest import make_record, national

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]
PAGES = ["/training/", "/training/organisation/", "/training/record/", "/training/courses/"]
ROLES = [
    Role.PRACTITIONER,
    Role.SAFEGUARDING_LEAD,
    Role.ORGANISATION_ADMIN,
    Role.PARTNERSHIP_ANALYST,
    Role.LA_SAFEGUARDING_TEAM,
    Role.SYSTEM_ADMIN,
]
MANAGERS = {Role.SAFEGUARDING_LEAD, Role.ORGANISATION_ADMIN}


@pytest.fixture
def elsewhere(db: None) -> tuple[User, Course]:
    """Organisation B: a member of staff with a record of B's own course."""
    organisation = OrganisationFactory(first_responder=True)
    member = UserFactory(organisation=organisation, full_name="Zebedee Elsewhere")
    course = Course.objects.create(
        key="bravo", title="Bravo internal course", level=Level.OTHER, organisation=organisation
    )
    make_record(member, course, date(2026, 1, 1))
    make_record(member, national("anti-slavery-awareness"), date(2026, 1, 1))
    return member, course


def user_with(role: str, organisation: Organisation) -> User:
    if role == Role.SYSTEM_ADMIN:
        return UserFactory(role=role, organisation=None)
    return UserFactory(role=role, organisation=organisation)


def expected_status(role: str, page: str) -> int:
    if page in ("/training/organisation/", "/training/record/"):
        return 200 if role in MANAGERS else 403
    return 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_another_organisations_staff_records_or_courses(
    sign_in: SignIn,
    organisation: Organisation,
    elsewhere: tuple[User, Course],
    role: str,
    page: str,
) -> None:
    user = user_with(role, organisation)
    colleague = UserFactory(organisation=organisation, full_name="Carys Colleague")
    make_record(colleague, national("anti-slavery-awareness"), date(2026, 1, 1))
    response = sign_in(user).get(page)
    assert response.status_code == expected_status(role, page)
    body = response.content.decode()
    assert "Zebedee" not in body
    assert elsewhere[0].email not in body
    assert "Bravo internal course" not in body
    if role in MANAGERS and page in ("/training/organisation/", "/training/record/"):
        assert "Carys Colleague" in body  # the page does show their own staff
    else:
        assert "Carys Colleague" not in body


def test_my_training_shows_my_own_records_only(
    sign_in: SignIn, organisation: Organisation, awareness: Course
) -> None:
    me = UserFactory(organisation=organisation)
    colleague = UserFactory(organisation=organisation)
    make_record(me, awareness, date(2026, 1, 1))
    make_record(colleague, national("modern-slavery-organised-crime"), date(2026, 1, 1))
    body = sign_in(me).get("/training/").content.decode()
    assert "Anti-Slavery Awareness" in body
    assert "Organised Crime" not in body
    assert '<strong class="govuk-tag govuk-tag--green">Current</strong>' in body


def test_a_lead_cannot_record_training_for_another_organisations_staff(
    sign_in: SignIn, lead: User, elsewhere: tuple[User, Course], awareness: Course
) -> None:
    response = sign_in(lead).post(
        "/training/record/",
        {"user": elsewhere[0].pk, "course": awareness.pk, "completed_on": "2026-01-02"},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert "Select a valid choice" in response.content.decode()
    assert not TrainingRecord.objects.filter(completed_on=date(2026, 1, 2)).exists()


def test_a_lead_records_training_for_their_own_staff_through_the_page(
    sign_in: SignIn, lead: User, organisation: Organisation, awareness: Course
) -> None:
    member = UserFactory(organisation=organisation)
    response = sign_in(lead).post(
        "/training/record/",
        {"user": member.pk, "course": awareness.pk, "completed_on": "2026-01-02"},
    )
    assert response.status_code == 302
    training = TrainingRecord.objects.get(user=member)
    assert training.recorded_by == lead
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(training.pk), actor=lead
    ).exists()


def test_a_future_completion_date_is_an_error_on_the_page(
    sign_in: SignIn, lead: User, awareness: Course
) -> None:
    response = sign_in(lead).post(
        "/training/record/",
        {"user": lead.pk, "course": awareness.pk, "completed_on": "2999-01-01"},
    )
    assert "must be today or in the past" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_another_organisations_course_cannot_be_chosen_or_retired(
    sign_in: SignIn, admin: User, elsewhere: tuple[User, Course]
) -> None:
    client = sign_in(admin)
    response = client.post(
        "/training/record/",
        {"user": admin.pk, "course": elsewhere[1].pk, "completed_on": "2026-01-02"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert client.post(f"/training/courses/{elsewhere[1].pk}/retire/").status_code == 404
    elsewhere[1].refresh_from_db()
    assert elsewhere[1].retired_at is None


def test_an_admin_adds_and_retires_a_course_through_the_page(
    sign_in: SignIn, admin: User, organisation: Organisation
) -> None:
    client = sign_in(admin)
    response = client.post(
        "/training/courses/", {"title": "Hotel staff briefing", "level": "awareness"}
    )
    assert response.status_code == 302
    course = Course.objects.get(organisation=organisation, title="Hotel staff briefing")
    assert client.post(f"/training/courses/{course.pk}/retire/").status_code == 302
    course.refresh_from_db()
    assert course.retired_at is not None


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.PRACTITIONER, Role.SYSTEM_ADMIN])
def test_only_an_organisation_admin_adds_or_retires_courses(
    sign_in: SignIn, organisation: Organisation, yearly: Course, role: str
) -> None:
    client = sign_in(user_with(role, organisation))
    assert client.post("/training/courses/", {"title": "X", "level": "other"}).status_code == 403
    retired = client.post(f"/training/courses/{yearly.pk}/retire/").status_code
    assert retired == (404 if role == Role.SYSTEM_ADMIN else 403)
    assert not Course.objects.filter(title="X").exists()


def test_the_compliance_page_puts_expiring_training_first_and_filters_by_course(
    sign_in: SignIn, lead: User, organisation: Organisation, yearly: Course, awareness: Course
) -> None:
    from django.utils import timezone

    member = UserFactory(organisation=organisation, full_name="Elin Expiring")
    today = timezone.localdate()
    make_record(member, yearly, date(2025, 1, 1), today)
    client = sign_in(lead)
    body = client.get("/training/organisation/").content.decode()
    expiring_section = body.split("Expiring in the next 60 days")[1].split("Who is trained")[0]
    assert "Elin Expiring" in expiring_section
    filtered = client.get(f"/training/organisation/?course={awareness.pk}").content.decode()
    table = filtered.split("Who is trained for what")[1]
    assert "Yearly refresher" not in table
    assert "Anti-Slavery Awareness" in table


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")
