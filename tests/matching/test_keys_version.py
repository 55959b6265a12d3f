"""The keys a record gets are pinned to KEYS_VERSION: people stored before a change to the
keys are only found again once their keys are rewritten, which the first migrate does when
the version is raised (people.apps). A change that gives any of these names other keys
without raising it fails here."""

from __future__ import annotations

import hashlib

from noddfa.matching import PersonRecord, blocking_keys, parse_partial_date, prepare
from noddfa.matching.keys import KEYS_VERSION

# Names in the scripts and spellings the keys read differently, with the other fields that
# make keys.
NAMES = [
    ("Mohammed", "Al-Hassan"),
    ("محمد", "الحسن"),
    ("علی", "رضایی"),
    ("דוד", "בן כהן"),
    ("ئاراس", "کەریم"),
    ("ملالۍ", "اڅکزی"),
    ("पटेल", "शर्मा"),
    ("ਜਸਵਿੰਦਰ", "ਸਿੰਘ"),
    ("ইসলাম", "চৌধুরী"),
    ("முருகன்", "நடராஜா"),
    ("Ευθυμίου", "Παπαδόπουλος"),
    ("서준", "윤"),
    ("Nguyễn Thị", "Hương"),
    ("小龙", "陈"),
    ("Иван", "Петров"),
    ("ዮሃንስ", "ተስፋይ"),
    ("Siân", "Ap Rhys"),
    ("สมชาย", "ใจดี"),
]
# Edition 1 is the keys before issue 20's readings of other scripts (no digest kept).
EDITIONS = {2: "43cb1c465b452ecc"}


def _digest() -> str:
    keys: list[str] = []
    for number, (given, family) in enumerate(NAMES):
        record = PersonRecord(
            id=str(number),
            given_name=given,
            family_name=family,
            date_of_birth=parse_partial_date("2009-03-14"),
            address="12 Heol y Llan, Caerdydd",
            postcode="CF5 1AB",
            phone="07700 900123",
        )
        keys += sorted(blocking_keys(prepare(record)))
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def test_the_keys_are_the_edition_keys_version_says() -> None:
    assert _digest() == EDITIONS.get(KEYS_VERSION), (
        "blocking keys changed: raise KEYS_VERSION in noddfa/matching/keys.py (stored keys "
        f"are then rewritten on migrate) and add {{{KEYS_VERSION + 1}: {_digest()!r}}} here"
    )
