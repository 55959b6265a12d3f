"""A person record as matching sees it, and its prepared (normalised) form."""

from __future__ import annotations

from dataclasses import dataclass, field

from .identifiers import (
    PartialDate,
    normalise_address,
    normalise_postcode,
    normalise_school,
    postcode_district,
    split_phones,
)
from .names import Name, name_tokens


@dataclass(frozen=True)
class PersonRecord:
    """What one agency knows about one person. Empty text means "not known"."""

    id: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: PartialDate | None = None
    sex: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    nationality: str = ""
    school: str = ""
    aliases: tuple[str, ...] = ()
    # From an approximate age when no date of birth is known.
    approximate_birth_year: int | None = None


# English and Welsh (benyw, menyw; gwryw), as forms and exports write them.
_KNOWN_SEXES = {
    word: sex
    for sex, words in (
        ("female", ("f", "female", "girl", "woman", "benyw", "menyw", "merch")),
        ("male", ("m", "male", "boy", "man", "gwryw", "bachgen")),
    )
    for word in words
}


@dataclass(frozen=True)
class Prepared:
    """A record normalised once, so each comparison is only lookups and string metrics."""

    id: str
    name: Name
    given: frozenset[str]
    family: frozenset[str]
    raw_tokens: frozenset[str]
    aliases: tuple[Name, ...]
    date_of_birth: PartialDate | None
    approximate_birth_year: int | None
    sex: str
    phones: tuple[str, ...]
    postcode: str
    district: str
    address: str
    school: str
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def birth_year(self) -> int | None:
        if self.date_of_birth is not None:
            return self.date_of_birth.year
        return self.approximate_birth_year


def prepare(record: PersonRecord) -> Prepared:
    given = name_tokens(record.given_name)
    family = name_tokens(record.family_name)
    full = name_tokens(record.given_name, record.family_name)
    postcode = normalise_postcode(record.postcode)
    return Prepared(
        id=record.id,
        name=full,
        given=frozenset(given.tokens),
        family=frozenset(family.tokens),
        raw_tokens=frozenset(
            name_tokens(record.given_name, record.family_name, canonical_forms=False).tokens
        ),
        aliases=tuple(name_tokens(alias) for alias in record.aliases if alias.strip()),
        date_of_birth=record.date_of_birth,
        approximate_birth_year=record.approximate_birth_year,
        sex=_KNOWN_SEXES.get(record.sex.strip().lower(), ""),
        phones=split_phones(record.phone),
        postcode=postcode,
        district=postcode_district(postcode) if postcode else "",
        address=normalise_address(record.address) if record.address else "",
        school=normalise_school(record.school) if record.school else "",
    )
