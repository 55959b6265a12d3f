"""Keeping each person's blocking keys, and finding likely matches for a record.

The keys come from the pure `noddfa.matching` package; this module only stores them and
looks them up, so the web app, `noddfa match` and the benchmark score exactly alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from noddfa.matching import (
    Match,
    PartialDate,
    PersonRecord,
    blocking_keys,
    compare,
    prepare,
)

from .models import Person, PersonMatchKey

# The people sharing the most keys with the record; a true match shares several keys,
# a namesake one or two, so fifty is ample and keeps one lookup well under 50 ms.
CANDIDATE_LIMIT = 50
SUGGESTION_THRESHOLD = 0.5


def person_record(person: Person, today: date | None = None) -> PersonRecord:
    """What matching needs to know about a stored person."""
    born = person.date_of_birth
    approximate_year = None
    if born is None and person.approximate_age is not None:
        approximate_year = (today or timezone.localdate()).year - person.approximate_age
    return PersonRecord(
        id=str(person.pk),
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=PartialDate(born.year, born.month, born.day) if born else None,
        sex=person.sex if person.sex in {"female", "male"} else "",
        address=person.address,
        postcode=person.postcode,
        phone=";".join(person.phone_numbers),
        nationality=person.nationality,
        school=person.school_or_workplace,
        aliases=tuple(str(alias) for alias in person.aliases),
        approximate_birth_year=approximate_year,
    )


def keys_of(person: Person) -> frozenset[str]:
    return blocking_keys(prepare(person_record(person)))


def refresh_match_keys(person: Person) -> None:
    """Replace a person's keys; called by the people services on every record or change."""
    PersonMatchKey.objects.filter(person=person).delete()
    PersonMatchKey.objects.bulk_create(
        PersonMatchKey(person=person, key=key) for key in sorted(keys_of(person))
    )


def rebuild_all_keys(batch: int = 2_000) -> tuple[int, int]:
    """Rewrite the keys of every stored person whose keys the matcher now makes
    differently: after an upgrade that reads names another way (done by the first
    migrate, people.apps), or a bulk load that wrote people without keys. Returns how
    many people were read and how many rewritten."""
    read = rewritten = 0
    after: uuid.UUID | None = None
    while True:
        rows = Person.objects.order_by("pk")
        chunk = list(rows.filter(pk__gt=after)[:batch] if after else rows[:batch])
        if not chunk:
            return read, rewritten
        held: dict[uuid.UUID, set[str]] = {person.pk: set() for person in chunk}
        for person_id, key in PersonMatchKey.objects.filter(person_id__in=held).values_list(
            "person_id", "key"
        ):
            held[person_id].add(key)
        changed = {person.pk: keys_of(person) for person in chunk}
        changed = {pk: keys for pk, keys in changed.items() if keys != held[pk]}
        with transaction.atomic():
            PersonMatchKey.objects.filter(person_id__in=changed).delete()
            PersonMatchKey.objects.bulk_create(
                PersonMatchKey(person_id=pk, key=key)
                for pk, keys in changed.items()
                for key in sorted(keys)
            )
        read += len(chunk)
        rewritten += len(changed)
        after = chunk[-1].pk


def candidate_ids(keys: Iterable[str], among: QuerySet[Person] | None = None) -> list[uuid.UUID]:
    rows = PersonMatchKey.objects.filter(key__in=list(keys))
    if among is not None:
        rows = rows.filter(person__in=among.values("pk"))
    ranked = (
        rows.values("person_id").annotate(shared=Count("id")).order_by("-shared")[:CANDIDATE_LIMIT]
    )
    return [row["person_id"] for row in ranked]


@dataclass(frozen=True)
class Suggestion:
    person: Person
    match: Match


def likely_matches(
    record: PersonRecord,
    among: QuerySet[Person] | None,
    threshold: float = SUGGESTION_THRESHOLD,
    exclude: uuid.UUID | None = None,
) -> list[Suggestion]:
    """People in `among` who may be the person in `record`, best first.

    For pages `among` is always a permission-filtered queryset: a candidate outside it is
    never loaded, so nothing about it can reach a page. None means everyone, for the
    operator's `noddfa match`.
    """
    prepared = prepare(record)
    ids = candidate_ids(blocking_keys(prepared), among)
    people = (among if among is not None else Person.objects.all()).filter(pk__in=ids)
    people = people.select_related("organisation")
    if exclude is not None:
        people = people.exclude(pk=exclude)
    found = [Suggestion(p, compare(prepared, prepare(person_record(p)))) for p in people]
    kept = [s for s in found if s.match.score >= threshold]
    return sorted(kept, key=lambda s: (-s.match.score, str(s.person.pk)))
