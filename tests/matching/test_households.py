"""A same name a generation apart at one home: parent and child where people live in
families, one person with a wrong date where they do not (issue 20, item 2)."""

from __future__ import annotations

import pytest

from noddfa.matching import PersonRecord, batch, dedupe, prepare
from noddfa.matching.households import (
    FAMILY_HOMES_SHARE,
    family_homes_share,
    lives_in_families,
)
from noddfa.matching.identifiers import parse_partial_date
from noddfa.matching.scoring import judge


def at(home: int, pid: str, given: str, family: str, born: str) -> PersonRecord:
    return PersonRecord(
        id=pid,
        given_name=given,
        family_name=family,
        date_of_birth=parse_partial_date(born),
        address=f"{home} Heol y Llan, Caerdydd",
        postcode="CF5 1AB",
        phone=f"07700 900{home:03d}",
    )


def families() -> list[PersonRecord]:
    """Five homes: a parent with a child named for them, and brothers and sisters."""
    return [
        at(1, "p1", "Dafydd", "Hughes", "1974-02-11"),
        at(1, "p2", "Dafydd", "Hughes", "2006-09-30"),
        at(1, "p3", "Catrin", "Hughes", "2009-05-04"),
        at(2, "p4", "Chidi", "Okafor", "1981-07-19"),
        at(2, "p5", "Ngozi", "Okafor", "2012-01-23"),
        at(3, "p6", "Ewa", "Nowak", "1990-03-03"),
        at(3, "p7", "Kacper", "Nowak", "2015-12-12"),
        at(4, "p8", "Layla", "Aziz", "1986-08-08"),
        at(4, "p9", "Omar", "Aziz", "2010-10-10"),
        at(5, "p10", "Sion", "Price", "1999-06-01"),
    ]


def individuals() -> list[PersonRecord]:
    """Homes of one person each, two of them written twice with a slip."""
    return [
        at(1, "i1", "Margaret", "Ellis", "1950-04-21"),
        at(1, "i2", "Margaret", "Ellis", "1985-04-12"),
        at(2, "i3", "Tomos", "Rees", "1962-11-02"),
        at(2, "i4", "Tomos", "Reese", "1962-11-02"),
        at(3, "i5", "Anwen", "Lloyd", "1977-01-30"),
    ]


def test_a_register_of_families_is_recognised_by_its_homes() -> None:
    assert family_homes_share([prepare(r) for r in families()]) >= FAMILY_HOMES_SHARE
    assert lives_in_families([prepare(r) for r in families()])


def test_a_file_of_individuals_is_recognised_by_its_homes() -> None:
    assert family_homes_share([prepare(r) for r in individuals()]) == 0.0
    assert not lives_in_families([prepare(r) for r in individuals()])


def register(size: int = 1_200) -> list[PersonRecord]:
    """The families among records of people known only by name: in a file this size a
    name carried by two or three records counts as rare (`scoring.name_rarity`), and
    the parent's and child's shared rare name would carry them over the threshold."""
    others = [
        PersonRecord(id=f"o{n}", given_name="Jo", family_name=f"Other{n:04d}") for n in range(size)
    ]
    return families() + others


def test_a_parent_and_the_child_named_for_them_are_not_joined_in_a_register_of_families() -> None:
    found = {frozenset((m.left, m.right)) for m in dedupe(register())}
    assert frozenset(("p1", "p2")) not in found


def test_the_same_pair_in_a_file_that_is_not_of_families_is_joined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The pair that the register of families keeps apart, had its homes said otherwise.
    monkeypatch.setattr(batch, "lives_in_families", lambda prepared: False)
    found = {frozenset((m.left, m.right)) for m in dedupe(register())}
    assert frozenset(("p1", "p2")) in found


def test_where_people_live_alone_a_date_written_wrong_does_not_cap_the_home() -> None:
    # In a file of individuals the same name at one home is one person whose date of
    # birth was entered wrong: the home keeps its weight, and a file's learned weights
    # can join them (FEBRL4, benchmarks/README.md).
    first, second = (prepare(r) for r in individuals()[:2])
    alone = judge(first, second, families=False).weight
    among_families = judge(first, second, families=True).weight
    assert alone - among_families == 5.0
