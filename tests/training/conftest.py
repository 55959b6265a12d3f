from __future__ import annotations

from datetime import date

import pytest

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.training.catalogue import AWARENESS, FIRST_RESPONDER
from noddfa.training.models import Course, TrainingRecord


def national(key: str) -> Course:
    return Course.objects.get(organisation__isnull=True, key=key)


def make_record(
    user: User, course: Course, completed_on: date, expires_on: date | None = None
) -> TrainingRecord:
    """A record with exactly the dates a test needs, bypassing the service's date rules."""
    return TrainingRecord.objects.create(
        user=user,
        course=course,
        completed_on=completed_on,
        expires_on=expires_on if expires_on is not None else course.expiry_for(completed_on),
        recorded_by=user,
    )


@pytest.fixture
def organisation(db: None) -> Organisation:
    # A charity on the NRM form's first responder list: the law, not a flag, makes it one.
    return OrganisationFactory(
        organisation_type=OrganisationType.FIRST_RESPONDER_CHARITY, first_responder=True
    )


@pytest.fixture
def lead(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)


@pytest.fixture
def admin(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)


@pytest.fixture
def awareness(db: None) -> Course:
    return national(AWARENESS)


@pytest.fixture
def first_responder(db: None) -> Course:
    return national(FIRST_RESPONDER)


@pytest.fixture
def yearly(organisation: Organisation) -> Course:
    """An organisation's own course that must be refreshed every year."""
    return Course.objects.create(
        key="refresher",
        title="Yearly refresher",
        level="other",
        validity_months=12,
        organisation=organisation,
    )
