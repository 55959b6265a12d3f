"""Likely matches for a person being recorded, limited to what the user may see."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.matching import PartialDate, PersonRecord

from .match_keys import Suggestion, likely_matches, matches_outside, person_record
from .models import Person
from .permissions import can_list_people, people_visible_to


@dataclass(frozen=True)
class Suggestions:
    visible: list[Suggestion]
    # Someone the user may not see may be the same person: a yes or no only.
    known_elsewhere: bool


def _record_from(data: QueryDict, prefix: str) -> PersonRecord:
    def value(name: str) -> str:
        return str(data.get(f"{prefix}-{name}", "")).strip()

    born = None
    with contextlib.suppress(ValueError):
        if value("date_of_birth"):
            day = date.fromisoformat(value("date_of_birth"))
            born = PartialDate(day.year, day.month, day.day)
    approximate_year = None
    with contextlib.suppress(ValueError):
        if value("approximate_age") and born is None:
            approximate_year = date.today().year - int(value("approximate_age"))
    return PersonRecord(
        id="new",
        given_name=value("given_name"),
        family_name=value("family_name"),
        date_of_birth=born,
        sex=value("sex"),
        address=value("address"),
        postcode=value("postcode"),
        phone=value("phone_numbers").replace("\n", ";").replace(",", ";"),
        school=value("school_or_workplace"),
        aliases=tuple(line for line in value("other_names").splitlines() if line.strip()),
        approximate_birth_year=approximate_year,
    )


def suggestions_for_new_person(user: User, data: QueryDict, prefix: str = "person") -> Suggestions:
    """Matches for the details typed so far in a new-person form; audited as one look."""
    if not can_list_people(user):
        return Suggestions([], False)
    wanted = _record_from(data, prefix)
    visible = people_visible_to(user)
    found = likely_matches(wanted, visible)
    elsewhere = matches_outside(wanted, visible)
    reads.read(user, "match_suggestions", count=len(found))
    return Suggestions(found, elsewhere)


def suggestions_for_person(user: User, person: Person) -> Suggestions:
    """Other records the user may see that may be this person (never the person itself)."""
    visible = people_visible_to(user)
    wanted = person_record(person)
    found = likely_matches(wanted, visible, exclude=person.pk)
    return Suggestions(found, matches_outside(wanted, visible))
