""" "Known to other agencies" looks for a likely match among the people the asker may not see,
not among everyone: an organisation that holds many people more alike than the hidden record
must still be told that another agency may hold the person (issue 20: the old check ranked
the 50 best over everyone and only then dropped the visible ones, and so could say no)."""

from __future__ import annotations

from datetime import date

import pytest

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.matching.identifiers import PartialDate
from noddfa.matching.records import PersonRecord
from noddfa.people.match_suggestions import check_held_elsewhere
from noddfa.people.services import record_person

pytestmark = pytest.mark.django_db

ACCOUNT = "Arben told his teacher that a man collects him after school and he is scared to go home."


def _lead(name: str, kind: str) -> User:
    return UserFactory(
        organisation=OrganisationFactory(name=name, organisation_type=kind),
        role=Role.SAFEGUARDING_LEAD,
    )


def test_a_record_held_elsewhere_is_found_behind_sixty_closer_records_of_ones_own() -> None:
    school = _lead("Ysgol Prawf", OrganisationType.SCHOOL)
    police = _lead("Heddlu Prawf", OrganisationType.POLICE)
    # The school's record: the same child as asked about, with the family name spelt
    # differently, so it scores below the police's own exact look-alikes.
    record_person(school, given_name="Arben", family_name="Hoxhaj", date_of_birth=date(2008, 6, 21))
    for n in range(60):
        record_person(
            police,
            given_name="Arben",
            family_name="Hoxha",
            date_of_birth=date(2008, 6, 21),
            postcode="SA1 1AA",
            phone_numbers=[f"07700 900{n:03d}"],
        )
    # The asker's own look-alikes share the postcode too, so each shares more match keys with
    # the question than the record held elsewhere does: ranked over everyone, sixty of them
    # would fill the candidate limit before it.
    asked = PersonRecord(
        id="asked",
        given_name="Arben",
        family_name="Hoxha",
        date_of_birth=PartialDate(2008, 6, 21),
        postcode="SA1 1AA",
    )
    answer = check_held_elsewhere(police, asked, account=ACCOUNT)
    assert answer.known_elsewhere is True


def test_no_record_elsewhere_gives_no_even_behind_many_of_ones_own() -> None:
    police = _lead("Heddlu Prawf", OrganisationType.POLICE)
    _lead("Ysgol Prawf", OrganisationType.SCHOOL)
    for n in range(5):
        record_person(
            police,
            given_name="Arben",
            family_name="Hoxha",
            date_of_birth=date(2008, 6, 21),
            phone_numbers=[f"07700 900{n:03d}"],
        )
    asked = PersonRecord(
        id="asked", given_name="Arben", family_name="Hoxha", date_of_birth=PartialDate(2008, 6, 21)
    )
    assert check_held_elsewhere(police, asked, account=ACCOUNT).known_elsewhere is False
