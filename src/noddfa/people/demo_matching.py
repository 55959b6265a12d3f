"""Synthetic cross-agency duplicates and a synthetic pattern for the demo.

The lead wires `add_matching_demo(school_lead, police_lead, la_user)` into demo_data.
Everything goes through the services, so keys, links and audit events are real.
"""

from __future__ import annotations

from datetime import date

from noddfa.accounts.models import User
from noddfa.people.models import LawfulBasis, Person
from noddfa.people.services import record_person, share_with_organisation


def add_matching_demo(school: User, police: User, la_team: User) -> list[Person]:
    """The same synthetic child at a school and with the police, in two spellings, both
    shared with the local authority; and three synthetic children from three families at
    one address with one phone number."""
    assert la_team.organisation is not None
    made = [
        record_person(
            school,
            given_name="An",
            family_name="Nguyen Van",
            date_of_birth=date(2011, 3, 14),
            sex="male",
            school_or_workplace="Ysgol Demo",
            address="Flat 2, 14 Heol y Dderwen",
            postcode="CF10 9ZZ",
            is_synthetic=True,
        ),
        record_person(
            police,
            given_name="Nguyễn",
            family_name="An",
            date_of_birth=date(2011, 3, 14),
            sex="male",
            phone_numbers=["07700 900456"],
            is_synthetic=True,
        ),
    ]
    for index, (given, family) in enumerate(
        [("Liridon", "Krasniqi"), ("Yonas", "Tesfaye"), ("Minh", "Pham")]
    ):
        made.append(
            record_person(
                police,
                given_name=given,
                family_name=family,
                date_of_birth=date(2010 + index, 6, 1),
                address="22 Stryd y Farchnad",
                postcode="CF11 9ZZ",
                phone_numbers=["07700 900789"],
                is_synthetic=True,
            )
        )
    for person, by in [(made[0], school), *((p, police) for p in made[1:])]:
        share_with_organisation(
            by,
            person,
            la_team.organisation,
            reason="Synthetic demo: possible exploitation, known to several agencies.",
            lawful_basis=LawfulBasis.SAFEGUARDING,
        )
    return made
