from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.training.catalogue import FIRST_RESPONDER, ORGANISED_CRIME
from noddfa.training.expiry import Status, add_months
from noddfa.training.models import Course, Level
from noddfa.training.selectors import compliance

from .conftest import make_record, national

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 15)


def status_of(organisation: Organisation, member: User, course: Course, on: date = ON) -> Status:
    rows = [r for r in compliance(organisation, on) if r.member == member and r.course == course]
    assert len(rows) == 1
    return rows[0].status


@pytest.mark.parametrize(
    ("days_to_expiry", "expected"),
    [
        (-1, Status.EXPIRED),  # expired yesterday
        (0, Status.EXPIRING),  # valid through today: still trained, due for renewal
        (59, Status.EXPIRING),
        (60, Status.EXPIRING),  # "within 60 days" includes the 60th
        (61, Status.CURRENT),
    ],
)
def test_status_across_expiry_dates(
    organisation: Organisation, yearly: Course, days_to_expiry: int, expected: Status
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, yearly, date(2025, 1, 1), expires_on=ON + timedelta(days=days_to_expiry))
    status = status_of(organisation, member, yearly)
    assert status == expected
    assert status.trained is (days_to_expiry >= 0)


def test_a_course_that_does_not_expire_stays_current(
    organisation: Organisation, awareness: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, awareness, date(2001, 1, 1))
    assert status_of(organisation, member, awareness, on=date(2090, 1, 1)) == Status.CURRENT


def test_the_latest_record_wins_over_an_older_expired_one(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, yearly, date(2024, 1, 10))  # expired January 2025
    make_record(member, yearly, date(2026, 3, 1))
    assert status_of(organisation, member, yearly) == Status.CURRENT


def test_the_latest_record_wins_even_when_an_older_one_would_last_longer(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, yearly, date(2026, 1, 1), expires_on=date(2030, 1, 1))
    make_record(member, yearly, date(2026, 2, 1), expires_on=date(2026, 6, 1))
    assert status_of(organisation, member, yearly) == Status.EXPIRED


def test_a_question_about_a_past_day_ignores_later_completions(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, yearly, date(2026, 6, 1))
    assert status_of(organisation, member, yearly, on=date(2026, 5, 1)) == Status.MISSING
    assert status_of(organisation, member, yearly, on=date(2026, 6, 1)) == Status.CURRENT


def test_staff_without_a_record_are_missing_and_only_relevant_national_courses_show(
    organisation: Organisation,
) -> None:
    member = UserFactory(organisation=organisation)
    rows = [r for r in compliance(organisation, ON) if r.member == member]
    keys = {r.course.key for r in rows}
    assert FIRST_RESPONDER in keys  # a first responder organisation
    assert ORGANISED_CRIME not in keys  # not the police
    assert {r.status for r in rows} == {Status.MISSING}


def test_the_police_see_the_organised_crime_course_and_a_school_no_first_responder_course() -> None:
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE, first_responder=True)
    school = OrganisationFactory()
    UserFactory(organisation=police)
    UserFactory(organisation=school)
    assert ORGANISED_CRIME in {r.course.key for r in compliance(police, ON)}
    assert FIRST_RESPONDER not in {r.course.key for r in compliance(school, ON)}


def test_an_optional_course_someone_did_still_shows() -> None:
    school = OrganisationFactory()
    member = UserFactory(organisation=school)
    make_record(member, national(FIRST_RESPONDER), date(2026, 1, 1))
    assert status_of(school, member, national(FIRST_RESPONDER)) == Status.CURRENT


def test_compliance_holds_only_the_organisations_own_active_staff(
    organisation: Organisation, yearly: Course
) -> None:
    mine = UserFactory(organisation=organisation)
    left = UserFactory(organisation=organisation, is_active=False)
    other = UserFactory(role=Role.SAFEGUARDING_LEAD)
    other_course = Course.objects.create(
        key="theirs", title="Theirs", level=Level.OTHER, organisation=other.organisation
    )
    make_record(other, other_course, date(2026, 1, 1))
    rows = compliance(organisation, ON)
    assert {r.member for r in rows} == {mine}
    assert left not in {r.member for r in rows}
    assert other_course not in {r.course for r in rows}


def test_retired_courses_leave_the_table_unless_someone_holds_them(
    organisation: Organisation, yearly: Course
) -> None:
    UserFactory(organisation=organisation)
    yearly.retired_at = timezone.now()
    yearly.save()
    assert yearly not in {r.course for r in compliance(organisation, ON)}


@pytest.mark.parametrize(
    ("completed", "months", "expires"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2026, 2, 28), 36, date(2029, 2, 28)),
    ],
)
def test_expiry_adds_calendar_months(completed: date, months: int, expires: date) -> None:
    assert add_months(completed, months) == expires
