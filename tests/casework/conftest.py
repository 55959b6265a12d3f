from __future__ import annotations

import pytest

from factories import OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.people.models import Person


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Ysgol Demo")


@pytest.fixture
def lead(organisation: Organisation) -> User:
    return UserFactory(
        organisation=organisation, role=Role.SAFEGUARDING_LEAD, full_name="Gwen Lead"
    )


@pytest.fixture
def teacher(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.PRACTITIONER, full_name="Ifan Teacher")


@pytest.fixture
def child(organisation: Organisation, lead: User) -> Person:
    from casework_factories import born

    return PersonFactory(
        organisation=organisation,
        created_by=lead,
        given_name="Minh",
        family_name="Tran",
        date_of_birth=born(15),
    )


@pytest.fixture
def outsider(db: None) -> User:
    """A safeguarding lead in an organisation that has no part in the child's case."""
    return UserFactory(
        organisation=OrganisationFactory(name="Elsewhere"), role=Role.SAFEGUARDING_LEAD
    )
