"""Recognising the same person across agencies and scripts. Pure Python: no Django.

The web app stores `blocking_keys` for every person and scores candidates with `compare`;
`noddfa dedupe` runs `dedupe` over a CSV.
"""

from .batch import dedupe, match_one
from .identifiers import PartialDate, normalise_phone, normalise_postcode, parse_partial_date
from .keys import blocking_keys
from .names import name_tokens, to_latin
from .records import PersonRecord, Prepared, prepare
from .scoring import DEFAULT_THRESHOLD, REASON_TEXT, Match, compare

__all__ = [
    "DEFAULT_THRESHOLD",
    "REASON_TEXT",
    "Match",
    "PartialDate",
    "PersonRecord",
    "Prepared",
    "blocking_keys",
    "compare",
    "dedupe",
    "match_one",
    "name_tokens",
    "normalise_phone",
    "normalise_postcode",
    "parse_partial_date",
    "prepare",
    "to_latin",
]
