from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.concerns.models import Concern
from noddfa.people.models import Person

# Cwm Taf Morgannwg: three areas, so one area can be worked out from the other two.
REGION_AREAS = ("bridgend", "merthyr-tydfil", "rhondda-cynon-taf")
MakeConcern = Callable[..., Concern]


def this_year_at(month: int, day: int = 10) -> datetime:
    return datetime(
        timezone.localdate().year, month, day, 12, tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def analyst(db: None) -> User:
    board = OrganisationFactory(
        name="Bwrdd Diogelu Cwm Taf Morgannwg",
        organisation_type=OrganisationType.OTHER,
        local_authority_area="bridgend",
    )
    return UserFactory(organisation=board, role=Role.PARTNERSHIP_ANALYST)


@pytest.fixture
def organisations(db: None) -> dict[str, Organisation]:
    return {
        area: OrganisationFactory(
            name=f"Ysgol {area}",
            organisation_type=OrganisationType.SCHOOL,
            local_authority_area=area,
        )
        for area in (*REGION_AREAS, "cardiff")
    }


@pytest.fixture
def concern_in(organisations: dict[str, Organisation]) -> MakeConcern:
    """A concern row as the service would leave it, with only what the statistics read."""
    people: dict[str, User] = {}

    def _make(
        area: str,
        *,
        sex: str = "female",
        age: int | None = 15,
        types: tuple[str, ...] = ("criminal",),
        potential_victim: bool = True,
        month: int = 3,
        nationality: str = "British",
        person: Person | None = None,
    ) -> Concern:
        organisation = organisations[area]
        if area not in people:
            people[area] = UserFactory(organisation=organisation)
        recorder = people[area]
        when = this_year_at(month)
        if person is None:
            person = PersonFactory(
                organisation=organisation,
                created_by=recorder,
                sex=sex,
                nationality=nationality,
                date_of_birth=None if age is None else _born(age, when.date()),
            )
        result: dict[str, Any] = {
            "assessment": {"potential_victim": potential_victim, "exploitation_types": list(types)}
        }
        return Concern.objects.create(
            organisation=organisation,
            subject=person,
            recorded_by=recorder,
            recorded_at=when,
            observed_at=when,
            observed_where="Somewhere",
            immediate_danger="no",
            account="Constructed for statistics.",
            pathway_case={},
            pathway_result=result,
        )

    return _make


def _born(age: int, on: date) -> date:
    # Born a fortnight after the day, `age + 1` years earlier: exactly `age` on that day.
    return on.replace(year=on.year - age - 1) + timedelta(days=14)
