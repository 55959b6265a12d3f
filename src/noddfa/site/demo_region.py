"""A synthetic region for the partnership analyst's insights (issue 19).

The demo's handful of concerns makes every figure on the insights pages read "fewer than 5",
so a newcomer cannot see what the pages are for. `noddfa demo-data --region N` adds N
synthetic concerns, spread over the current year, recorded by synthetic organisations of
several kinds in the demo analyst's region (West Glamorgan: Swansea and Neath Port Talbot),
about synthetic people of several ages, sexes and nationalities. The mix is uneven on purpose,
so the pages show real counts beside the small ones they hide.

Everything goes through the services that record real work (people, concerns, their pathway
and audit events), so the figures are those the pages would compute from real use. Only the
time each concern was recorded is set afterwards, spreading them over the year's months: the
services stamp "now", and a region recorded in one afternoon would show one month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.accounts.services import register_organisation, register_user
from noddfa.concerns.models import Concern
from noddfa.concerns.pathway_case import RecordedFacts
from noddfa.concerns.services import ConcernReport, record_concern
from noddfa.people.models import Sex
from noddfa.people.services import record_person

from .demo_data import DEMO_PASSWORD

REGION_MARK = "(demo region)"
T = TypeVar("T")


@dataclass(frozen=True)
class RegionOrganisation:
    name: str
    kind: str
    area: str
    weight: int  # how many of the region's concerns it records, relatively


ORGANISATIONS = [
    RegionOrganisation(
        "Heddlu De Cymru, Abertawe (demo region)", OrganisationType.POLICE, "swansea", 6
    ),
    RegionOrganisation(
        "Ysgol Gyfun Cwm Nedd (demo region)", OrganisationType.SCHOOL, "neath-port-talbot", 4
    ),
    RegionOrganisation(
        "Ysgol Uwchradd Bae Abertawe (demo region)", OrganisationType.SCHOOL, "swansea", 3
    ),
    RegionOrganisation("Ysbyty Treforys (demo region)", OrganisationType.HOSPITAL, "swansea", 3),
    RegionOrganisation(
        "Gwasanaethau Plant Castell-nedd Port Talbot (demo region)",
        OrganisationType.LA_CHILDRENS_SERVICES,
        "neath-port-talbot",
        4,
    ),
    RegionOrganisation("Tai Glannau Tawe (demo region)", OrganisationType.HOUSING, "swansea", 2),
]


@dataclass(frozen=True)
class Community:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    families: tuple[str, ...]
    nationality: str


# (names by sex, family names, nationality; how often): invented combinations.
COMMUNITIES: list[tuple[Community, int]] = [
    (
        Community(
            ("Jac", "Osian", "Dylan"),
            ("Efa", "Cerys", "Lowri"),
            ("Jones", "Davies", "Evans"),
            "British",
        ),
        9,
    ),
    (
        Community(
            ("Van An", "Minh", "Duc"),
            ("Linh", "Mai", "Thu"),
            ("Nguyen", "Tran", "Pham"),
            "Vietnamese",
        ),
        6,
    ),
    (
        Community(
            ("Arben", "Ermal", "Besnik"),
            ("Elira", "Arta"),
            ("Hoxha", "Krasniqi", "Berisha"),
            "Albanian",
        ),
        5,
    ),
    (Community(("Andrei", "Mihai"), ("Ioana", "Elena"), ("Popescu", "Ionescu"), "Romanian"), 4),
    (
        Community(
            ("Tesfay", "Yonas"), ("Helen", "Senait"), ("Gebremedhin", "Tesfamariam"), "Eritrean"
        ),
        2,
    ),
    (Community(("Kacper", "Piotr"), ("Zofia", "Anna"), ("Nowak", "Kowalski"), "Polish"), 2),
    (Community(("Chinedu", "Emeka"), ("Blessing", "Ngozi"), ("Okafor", "Eze"), "Nigerian"), 2),
]

# (purposes, how often); a concern may record more than one.
PURPOSES: list[tuple[list[str], int]] = [
    (["criminal"], 10),
    (["sexual"], 6),
    (["labour"], 6),
    (["criminal", "sexual"], 2),
    (["domestic_servitude"], 2),
    (["financial"], 1),
    ([], 3),  # not yet known
]

# (age on the day, how often): children more often than adults, as in the guidance's cases.
AGES: list[tuple[int, int]] = [
    (13, 3),
    (14, 4),
    (15, 6),
    (16, 6),
    (17, 4),
    (19, 3),
    (23, 3),
    (31, 3),
    (44, 1),
]


def _pick(rng: random.Random, choices: list[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in choices], weights=[w for _, w in choices])[0]


def _recorders() -> list[tuple[User, int]]:
    recorders = []
    for spec in ORGANISATIONS:
        organisation, _ = register_organisation(
            name=spec.name,
            organisation_type=spec.kind,
            local_authority_area=spec.area,
            is_synthetic=True,
        )
        recorders.append((_practitioner_of(organisation), spec.weight))
    return recorders


def _practitioner_of(organisation: Organisation) -> User:
    slug = "".join(c for c in organisation.name.lower() if c.isalnum())[:24]
    user, _ = register_user(
        email=f"practitioner.{slug}@region.demo.noddfa.example",
        full_name=f"Ymarferydd {organisation.name.removesuffix(' ' + REGION_MARK)}",
        role=Role.PRACTITIONER,
        organisation=organisation,
        password=DEMO_PASSWORD,
        is_synthetic=True,
    )
    return user


def _moment_in(year_start: datetime, now: datetime, rng: random.Random) -> datetime:
    span = (now - year_start).total_seconds()
    return year_start + timedelta(seconds=rng.uniform(0, span))


def _one_concern(by: User, rng: random.Random, when: datetime, number: int) -> None:
    male = rng.random() < 0.58
    community = _pick(rng, COMMUNITIES)
    age = _pick(rng, AGES)
    born = date(when.year - age, rng.randint(1, 12), rng.randint(1, 28))
    person = record_person(
        by,
        given_name=rng.choice(community.boys if male else community.girls),
        family_name=rng.choice(community.families),
        date_of_birth=born if rng.random() < 0.85 else None,
        # Sex is sometimes not recorded, as in real records.
        sex=(Sex.MALE if male else Sex.FEMALE) if rng.random() < 0.93 else Sex.NOT_KNOWN,
        nationality=community.nationality if rng.random() < 0.9 else "",
        is_synthetic=True,
    )
    concern = record_concern(
        by,
        ConcernReport(
            subject=person,
            observed_at=when - timedelta(hours=rng.randint(1, 72)),
            observed_where="Synthetic demo region",
            immediate_danger="no",
            account=f"SYNTHETIC DEMO REGION RECORD {number}: not a real person or event.",
            facts=RecordedFacts(
                action=["recruitment"],
                purpose=[*_pick(rng, PURPOSES)],
                missing_now=False,
            ),
        ),
    )
    Concern.objects.filter(pk=concern.pk).update(recorded_at=when)


def region_built() -> int:
    """How many synthetic region concerns there are already."""
    return Concern.objects.filter(observed_where="Synthetic demo region").count()


def build_region(concerns: int, *, seed: int = 2026) -> int:
    """Add synthetic concerns until the region holds `concerns` of them; returns how many
    were added. Idempotent: a second run with the same number adds none."""
    missing = concerns - region_built()
    if missing <= 0:
        return 0
    rng = random.Random(seed + region_built())  # noqa: S311 (synthetic data, not secrets)
    now = timezone.now()
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        recorders = _recorders()
    people, weights = zip(*recorders, strict=True)
    for number in range(missing):
        by = rng.choices(people, weights=weights)[0]
        with transaction.atomic():
            _one_concern(by, rng, _moment_in(year_start, now, rng), number)
    return missing
