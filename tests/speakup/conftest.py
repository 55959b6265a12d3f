"""Fixtures for speak-up tests: a channel of one organisation, its lead, and strangers."""

from __future__ import annotations

import pytest

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.speakup import services
from noddfa.speakup.content import ReportContent
from noddfa.speakup.models import SpeakUpChannel


@pytest.fixture(autouse=True)
def _no_receipt_floor(settings: object) -> None:
    # The floor under every receipt check (1 s in production) is tested on its own; elsewhere
    # it would only make the tests slow.
    settings.NODDFA_SPEAKUP_RECEIPT_FLOOR_SECONDS = 0  # type: ignore[attr-defined]


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Glan Môr Car Wash Ltd")


@pytest.fixture
def lead(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)


@pytest.fixture
def other_lead(db: None) -> User:
    """A safeguarding lead of another organisation."""
    return UserFactory(role=Role.SAFEGUARDING_LEAD)


@pytest.fixture
def channel(organisation: Organisation, lead: User) -> SpeakUpChannel:
    return services.open_channel(
        organisation,
        slug="glan-mor",
        name_en="Glan Môr speak-up line",
        name_cy="Llinell codi llais Glan Môr",
        intro_en="Tell us about anything that worries you at work.",
        intro_cy="Dywedwch wrthym am unrhyw beth sy'n eich poeni yn y gwaith.",
    )


def a_report(**fields: object) -> ReportContent:
    values: dict[str, object] = {
        "what": "Three men sleep in the back room of the car wash and never leave.",
        "where": "Car wash on Heol y Bont",
        "when": "Most evenings last week",
        "people": "Young men, about twenty, one with a bandaged hand",
        "vehicles": "White van, partial plate CF12",
        "signs": ("living", "transport"),
    }
    values.update(fields)
    return ReportContent(**values)  # type: ignore[arg-type]
