from __future__ import annotations

from datetime import date, timedelta

import pytest

from factories import UserFactory
from noddfa.accounts.models import Organisation
from noddfa.training.models import Course, Level
from noddfa.training.selectors import is_first_responder_trained

from .conftest import make_record

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 15)


@pytest.fixture
def local_first_responder(organisation: Organisation) -> Course:
    """An organisation's own first responder course, refreshed every two years."""
    return Course.objects.create(
        key="fr-local",
        title="Our first responder training",
        level=Level.FIRST_RESPONDER,
        validity_months=24,
        organisation=organisation,
    )


def test_nobody_is_trained_without_a_record(organisation: Organisation) -> None:
    assert not is_first_responder_trained(UserFactory(organisation=organisation), ON)


def test_the_national_course_makes_someone_trained(
    organisation: Organisation, first_responder: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, first_responder, date(2025, 9, 1))
    assert is_first_responder_trained(member, ON)
    assert is_first_responder_trained(member)  # today by default


def test_awareness_is_not_first_responder_training(
    organisation: Organisation, awareness: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, awareness, date(2025, 9, 1))
    assert not is_first_responder_trained(member, ON)


@pytest.mark.parametrize(
    ("days_to_expiry", "trained"), [(-1, False), (0, True), (1, True), (400, True)]
)
def test_trained_through_the_expiry_date_and_not_after(
    organisation: Organisation, local_first_responder: Course, days_to_expiry: int, trained: bool
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(
        member, local_first_responder, date(2024, 7, 1), ON + timedelta(days=days_to_expiry)
    )
    assert is_first_responder_trained(member, ON) is trained


def test_a_renewal_restores_the_status_and_a_later_day_can_lose_it(
    organisation: Organisation, local_first_responder: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, local_first_responder, date(2022, 1, 1))  # expired 1 January 2024
    assert not is_first_responder_trained(member, ON)
    make_record(member, local_first_responder, date(2026, 1, 1))  # until 1 January 2028
    assert is_first_responder_trained(member, ON)
    assert is_first_responder_trained(member, date(2028, 1, 1))
    assert not is_first_responder_trained(member, date(2028, 1, 2))


def test_a_completion_after_the_day_asked_about_does_not_count(
    organisation: Organisation, first_responder: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, first_responder, date(2026, 7, 1))
    assert not is_first_responder_trained(member, ON)
