"""Whether the people in a file live with their families.

A same-named pair at one home with dates of birth a generation apart is a parent and the
child named for them where people live in families, and one person whose date of birth
was written wrong where they do not. Only the file can say which world it comes from:
in a register of families, many homes hold two people with different given names born
years apart (brothers and sisters, parents and children); in a file of individuals
(FEBRL4, a list of adults each at their own address) almost none do, and two records at
one home are one person with a slip in one of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .records import Prepared
from .scoring import given_names_differ, year_slip

# A file is of families when at least this share of its shared homes holds two people
# with different given names born two or more years apart (beyond a slip of the pen).
# Measured: FEBRL4 0.8%; our two synthetic populations 6% to 17% (few households) and
# 46% to 48% (households of one to four); benchmarks/README.md.
FAMILY_HOMES_SHARE = 0.2
# Records of one home looked at: a hostel or a care home with hundreds of records says
# no more about the file than its first few do.
RECORDS_PER_HOME = 20


def _born_apart(a: Prepared, b: Prepared) -> bool:
    if a.date_of_birth is None or b.date_of_birth is None:
        return False
    year_a, year_b = a.date_of_birth.year, b.date_of_birth.year
    return abs(year_a - year_b) >= 2 and not year_slip(year_a, year_b) and given_names_differ(a, b)


def _holds_two_people(records: Sequence[Prepared]) -> bool:
    return any(_born_apart(a, b) for i, a in enumerate(records) for b in records[i + 1 :])


def family_homes_share(prepared: Sequence[Prepared]) -> float:
    """The share of the homes given by two or more records that hold two different people
    of one family, by their given names and years of birth."""
    homes: dict[tuple[str, str], list[Prepared]] = defaultdict(list)
    for person in prepared:
        if person.address:
            homes[(person.address, person.postcode)].append(person)
    shared = [records[:RECORDS_PER_HOME] for records in homes.values() if len(records) > 1]
    if not shared:
        return 0.0
    return sum(map(_holds_two_people, shared)) / len(shared)


def lives_in_families(prepared: Sequence[Prepared]) -> bool:
    """Whether the file's people live with their families (see the module's note)."""
    return family_homes_share(prepared) >= FAMILY_HOMES_SHARE
