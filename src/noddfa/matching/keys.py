"""Blocking keys: cheap strings two records share when they might be the same person.

A pair is only scored if the two records share at least one key, so the keys decide what
can be found at all. Each key is narrow enough to keep blocks small in a national dataset
and the set is broad enough that one wrong field (a typo, a changed phone, an unknown date
of birth, a swapped name order) still leaves another key in common.
"""

from __future__ import annotations

from itertools import combinations

from .names import Name, name_key, skeleton
from .records import Prepared

_MAX_NAME_TOKENS = 4

# Which edition of the keys this code makes. Raised with any change that gives a record
# other keys (a name read another way, a new kind of key): the keys stored for people are
# then rewritten on the next `migrate` (people.apps), or a new record would not find them.
# tests/matching/test_keys_version.py fails when the keys change and this does not.
KEYS_VERSION = 2


def _sound_keys(names: tuple[Name, ...]) -> list[str]:
    keys: set[str] = set()
    for name in names:
        tokens = [t for t in name.tokens if len(t) > 1][:_MAX_NAME_TOKENS]
        keys.update(name_key(t) for t in tokens)
    return sorted(keys)


def blocking_keys(person: Prepared) -> frozenset[str]:
    names = (person.name, *person.aliases)
    sounds = _sound_keys(names)
    keys: set[str] = {f"p:{phone}" for phone in person.phones}
    # Two names in any order: survives a swap of given and family name.
    keys.update(f"n:{a}|{b}" for a, b in combinations(sounds, 2))
    for name in names:
        if len(name.joined) >= 4:
            keys.add(f"j:{skeleton(name.joined)[:6]}")
    years: set[int] = set()
    if person.date_of_birth is not None:
        years.add(person.date_of_birth.year)
        dob = person.date_of_birth
        if dob.is_full:
            keys.add(f"b:{dob.iso()}")
            assert dob.month is not None and dob.day is not None
            if dob.day <= 12 and dob.day != dob.month:
                keys.add(f"b:{dob.year:04d}-{dob.day:02d}-{dob.month:02d}")
    elif person.approximate_birth_year is not None:
        year = person.approximate_birth_year
        years.update((year - 1, year, year + 1))
    if person.postcode and person.address:
        # One household: survives both names and the date of birth being written wrongly.
        keys.add(f"h:{person.postcode}:{' '.join(person.address.split()[:2])}")
    street = " ".join(person.address.split()[:2]) if person.address else ""
    for sound in sounds:
        # One name and the street address: survives a missing or new postcode, an unknown
        # date of birth and the other name written differently.
        if street:
            keys.add(f"a:{sound}:{street}")
        # One name and the year of birth: survives a typo in the other name.
        keys.update(f"y:{sound}:{year}" for year in years)
        if person.district:
            keys.add(f"d:{sound}:{person.district}")
    return frozenset(keys)


_PLACE_WORDS = 4


def home_keys(person: Prepared) -> frozenset[str]:
    """The house number with each word of the address (street or locality): survives
    both names, the date of birth and the postcode written differently, and address lines
    in another order. Used in batch runs only, to score pairs, not to learn weights."""
    words = person.address.split()
    numbers = [w for w in words if w[:1].isdigit()][:1]
    places = [w for w in words if len(w) >= 4 and w.isalpha()][:_PLACE_WORDS]
    return frozenset(f"o:{number}:{place}" for number in numbers for place in places)
