"""Scoring one pair of records: evidence for and against, a score in 0..1, and reasons.

Each comparison adds weight (log-odds, in the spirit of Fellegi and Sunter) for agreement
and subtracts it for disagreement that a clerical slip would not explain. Missing values
add nothing: "not known" is never "different". The weights were set by hand and checked
on FEBRL4 and on two multilingual synthetic populations made independently of each other
(benchmarks/README.md). `judge` also sorts each pair into comparison levels, from which a
batch run may fit weights to its own file (`learned_weights`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import ratio, token_set_ratio, token_sort_ratio

from .identifiers import PartialDate
from .names import Name, canonical, skeleton, sound_code
from .records import Prepared
from .unwritten_vowels import likeness, written_without_vowels

# Before any evidence a pair of records is very unlikely to be the same person.
PRIOR = -8.0
DEFAULT_THRESHOLD = 0.5

REASON_TEXT: dict[str, str] = {
    "same_name": "same name",
    "names_alike": "names alike",
    "names_alike_across_scripts": "names sound alike across scripts",
    "name_order_swapped": "given and family name swapped",
    "nickname": "a nickname of the same name",
    "same_dob": "same date of birth",
    "dob_day_month_swapped": "date of birth with day and month swapped",
    "dob_close": "date of birth differs by one figure",
    "same_birth_year": "same year of birth",
    "same_birth_month": "same month and year of birth",
    "age_within_a_year": "ages within a year",
    "different_dob": "different date of birth",
    "shared_phone": "shared phone number",
    "same_postcode": "same postcode",
    "same_postcode_district": "same postcode district",
    "shared_address": "shared address",
    "similar_address": "similar address",
    "same_school": "same school",
    "different_sex": "different sex recorded",
}


@dataclass(frozen=True)
class Match:
    left: str
    right: str
    score: float
    reasons: tuple[str, ...]


@lru_cache(maxsize=500_000)
def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    similarity = _spelling_similarity(a, b)
    # A name written without vowels (Arabic, Persian, Urdu, Hebrew) against a spelling
    # that writes them: read the first as the second's community would.
    if similarity < 0.93 and written_without_vowels(a) != written_without_vowels(b):
        unvowelled, latin = (a, b) if written_without_vowels(a) else (b, a)
        similarity = max(similarity, likeness(unvowelled, latin))
    return similarity


def _spelling_similarity(a: str, b: str) -> float:
    if len(a) == 1 or len(b) == 1:
        return 0.85 if a[0] == b[0] else 0.0
    shape_a, shape_b = skeleton(a), skeleton(b)
    # Two consonants are too little to go on unless the names also start alike ("Lowri"
    # and "Eleri" share "lr" and are different names).
    shapes_tell = min(len(shape_a), len(shape_b)) >= 3 or (
        min(len(shape_a), len(shape_b)) == 2
        # A name written without vowels (Arabic, Urdu, Hebrew) need not open with the
        # letter its Latin spelling opens with, which writes the vowel that script's silent
        # first letter carries ("عباس" is "bs", Abbas; "عدنان" is "dnn", Adnan).
        and (a[0] == b[0] or written_without_vowels(a) or written_without_vowels(b))
    )
    if shapes_tell and shape_a == shape_b:
        return 0.93
    # Short names share codes too easily ("John", "Jane"); only longer ones count.
    if min(len(a), len(b)) >= 6 and sound_code(a) == sound_code(b):
        return 0.88
    spelling = JaroWinkler.similarity(a, b)
    sound = JaroWinkler.similarity(shape_a, shape_b) * 0.95 if shapes_tell else 0.0
    # A short form that keeps the start or the end of a long name ("Gabi" for "Gabriela",
    # "Emeka" for "Chukwuemeka", "Seun" for "Oluwaseun"): alike, not the same.
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if (
        len(short) >= 4
        and len(long_) >= len(short) + 2
        and (long_.startswith(short) or long_.endswith(short))
    ):
        return max(spelling, sound, 0.88)
    return max(spelling, sound)


def _token_weight(similarity: float) -> float:
    if similarity >= 0.99:
        return 3.0
    if similarity >= 0.92:
        return 2.3
    if similarity >= 0.85:
        return 1.3
    if similarity >= 0.75:
        return -0.5
    return -3.0


# How often a name is carried in the file being de-duplicated changes what agreeing on it
# says (Fellegi and Sunter's frequency-based weights): a name carried by TYPICAL_CARRIERS
# records keeps the plain weight; a rarer one adds, a commoner one subtracts, half the
# log of the ratio, within the bounds below. Half, and bounded, because the other weights
# are hand-set and a household shares its family name.
TYPICAL_CARRIERS = 50
_RARITY_BOUNDS = (-1.5, 2.0)
# In a smaller file every name is rare by count alone, which says nothing.
RARITY_MIN_RECORDS = 1_000

NameRarity = Mapping[str, float]


def name_rarity(names: Iterable[Iterable[str]]) -> dict[str, float]:
    """Extra weight for an exact agreement on each name token, from how many records
    (each counted once per token) carry it; none for a file under RARITY_MIN_RECORDS."""
    carriers: Counter[str] = Counter()
    records = 0
    for tokens in names:
        carriers.update(set(tokens))
        records += 1
    if records < RARITY_MIN_RECORDS:
        return {}
    low, high = _RARITY_BOUNDS
    return {
        token: min(high, max(low, 0.5 * math.log(TYPICAL_CARRIERS / count)))
        for token, count in carriers.items()
    }


def _name_evidence(a: Name, b: Name, rarity: NameRarity | None = None) -> tuple[float, bool]:
    """Weight of the best pairing of tokens, and whether every token matched exactly."""
    short, long_ = (a.tokens, b.tokens) if len(a.tokens) <= len(b.tokens) else (b.tokens, a.tokens)
    if not short:
        return 0.0, False
    written_short, written_long = (
        (a.written, b.written) if len(a.tokens) <= len(b.tokens) else (b.written, a.written)
    )
    # Formal names first ("Bill" meets "William"), then the names as written, so a typo in
    # a name that happens to be a nickname ("Jakc" for "Jack") still counts.
    scored = sorted(
        (
            (
                max(
                    _token_similarity(x, y),
                    _token_similarity(written_short[i], written_long[j]),
                ),
                i,
                j,
            )
            for (i, x), (j, y) in product(enumerate(short), enumerate(long_))
        ),
        reverse=True,
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    weight = 0.0
    exact = len(short) == len(long_)
    for similarity, i, j in scored:
        if i in used_short or j in used_long:
            continue
        used_short.add(i)
        used_long.add(j)
        weight += _token_weight(similarity)
        if rarity is not None and similarity >= 0.99 and short[i] == long_[j]:
            weight += rarity.get(short[i], 0.0)
        exact = exact and similarity >= 0.99
    # Scripts that write a name as one word ("LiXiaoLong", "Abdulrahman") meet here.
    joined = max(
        JaroWinkler.similarity(a.joined, b.joined),
        JaroWinkler.similarity(a.joined, "".join(reversed(b.tokens))),
    )
    if joined >= 0.97:
        weight = max(weight, 3.0 * min(2, len(long_)))
    return weight, exact


def _names(a: Prepared, b: Prepared, rarity: NameRarity | None = None) -> tuple[float, list[str]]:
    best, exact = _name_evidence(a.name, b.name, rarity)
    for left, right in product((a.name, *a.aliases), (b.name, *b.aliases)):
        if left is a.name and right is b.name:
            continue
        weight, same = _name_evidence(left, right, rarity)
        if weight > best:
            best, exact = weight, same
    if not a.name.tokens or not b.name.tokens:
        return 0.0, []
    reasons: list[str] = []
    if best > 0:
        if exact:
            reasons.append("same_name")
        elif a.name.script != b.name.script:
            reasons.append("names_alike_across_scripts")
        else:
            reasons.append("names_alike")
        swapped = a.given and b.given and (a.family & b.given or a.given & b.family)
        if swapped and not a.family & b.family:
            reasons.append("name_order_swapped")
        # A nickname explains the match when the formal names agree but the written ones do not.
        spelled_alike = {canonical(t) for t in a.raw_tokens & b.raw_tokens}
        if set(a.name.tokens) & set(b.name.tokens) - spelled_alike:
            reasons.append("nickname")
    return best, reasons


# Parents and children share names and homes, and a child is often named for a parent
# or grandparent. Dates of birth a generation apart, with not even the day and month in
# common, are two people, not a slip: a wrong year on a false document or in a hurried
# record is a few years out (an adult claimed as a child), or one figure, which keeps the
# day and month and is weighed above.
GENERATION = 15
GENERATION_APART = -6.0


def year_slip(a: int, b: int) -> bool:
    """Whether two years differ as a slip of the pen does: one figure mistyped (1975 and
    1976, 1953 and 1983) or two neighbouring figures swapped (1953 and 1935)."""
    x, y = f"{a:04d}", f"{b:04d}"
    differ = [i for i in range(4) if x[i] != y[i]]
    if len(differ) == 1:
        return True
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    first, second = differ
    return x[first] == y[second] and x[second] == y[first]


def _full_dates(a: PartialDate, b: PartialDate) -> tuple[float, str | None]:
    if a == b:
        return 5.0, "same_dob"
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return 3.5, "dob_day_month_swapped"
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    if same == 2:
        close_year = a.year == b.year or abs(a.year - b.year) == 1
        if close_year:
            return 1.5, "dob_close"
        if year_slip(a.year, b.year):
            return 0.0, None
        # The day and month agree but the years differ in more than a slip of the pen
        # (1960 and 1987): a parent and a child born on the same day of the year are
        # two people, as below.
    if abs(a.year - b.year) <= 1:
        return -2.0, "different_dob"
    if abs(a.year - b.year) >= GENERATION:
        return GENERATION_APART, "different_dob"
    # Not more: a wrong date of birth is common on false documents and in hurried records.
    return -3.0, "different_dob"


# A year of birth is one of some sixty in a file; a full date one of some twenty thousand.
# By that share of the information (the log of the number of values), a year that agrees
# says about two fifths of what a full date says (5.0), 2.0; a little less, so that a name
# and a year with nothing else in common stay just below the threshold (a decision
# tested in tests/matching/test_dedupe_command.py): any other agreement carries them over.
SAME_YEAR = 1.8


def _dates(a: Prepared, b: Prepared) -> tuple[float, str | None]:
    dob_a, dob_b = a.date_of_birth, b.date_of_birth
    if dob_a is not None and dob_b is not None:
        if dob_a.is_full and dob_b.is_full:
            return _full_dates(dob_a, dob_b)
        # A partial date (a year, or a year and month: written so, or what was left of an
        # impossible date) compares at its own precision: what one side does not know
        # neither agrees nor disagrees. "1945" meets "1945-04-13" as a year; "1945-04" meets
        # it as a month, which says more (one month in twelve), though less than a full date.
        if dob_a.year == dob_b.year:
            if dob_a.month is None or dob_b.month is None:
                return SAME_YEAR, "same_birth_year"
            return (3.0, "same_birth_month") if dob_a.month == dob_b.month else (0.0, None)
        gap = abs(dob_a.year - dob_b.year)
        if gap >= GENERATION:
            return GENERATION_APART, "different_dob"
        return (0.0, None) if gap == 1 else (-3.0, "different_dob")
    year_a, year_b = a.birth_year, b.birth_year
    if year_a is None or year_b is None:
        return 0.0, None
    gap = abs(year_a - year_b)
    if gap <= 1:
        return 0.5, "age_within_a_year"
    return (0.0, None) if gap == 2 else (-2.0, "different_dob")


@lru_cache(maxsize=200_000)
def _house_numbers(address: str) -> frozenset[str]:
    return frozenset(word for word in address.split() if word[:1].isdigit())


def _postcodes(a: Prepared, b: Prepared) -> tuple[float, list[str], int]:
    if not (a.postcode and b.postcode):
        return 0.0, [], 0
    if a.postcode == b.postcode:
        # A full postcode covers about fifteen homes.
        return 3.5, ["same_postcode"], 1
    if OSA.distance(a.postcode, b.postcode) <= 1:
        return 1.0, [], 2  # one figure mistyped or two swapped
    if a.district == b.district:
        return 0.3, ["same_postcode_district"], 3
    # People move and agencies keep old addresses: weak evidence against.
    return -0.5, [], 4


PLACE_WORDS_TO_CONTAIN = 3
# The most that living in one home (phone, postcode, address) adds: a little more than a
# shared phone alone, so that a home and a family name never make a match by themselves.
HOME_CAP = 7.0
# ... and what it adds for two records that give different given names and dates of birth
# that differ beyond a slip (`born_apart`): at one home that is how brothers and sisters
# look. Living together explains why their family name and address agree, so it is not
# also evidence that they are one person; a little is left for a date written wrongly.
HOME_CAP_BORN_APART = 2.0
CONSISTENT = 60


@lru_cache(maxsize=200_000)
def _place_word_count(address: str) -> int:
    return sum(word.isalpha() for word in address.split())


def _addresses(a: Prepared, b: Prepared) -> tuple[float, list[str], int]:
    if not (a.address and b.address):
        return 0.0, [], 0
    likeness = max(token_sort_ratio(a.address, b.address), ratio(a.address, b.address))
    # Lines in another order or a town left off still make one address. A house number
    # and a town alone ("13 Young") inside a full address neither confirm it nor differ.
    contained = token_set_ratio(a.address, b.address)
    if min(_place_word_count(a.address), _place_word_count(b.address)) >= PLACE_WORDS_TO_CONTAIN:
        likeness = max(likeness, contained)
    elif contained >= 95:
        likeness = max(likeness, CONSISTENT)
    numbers_a, numbers_b = _house_numbers(a.address), _house_numbers(b.address)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        # "15 Church Lane" and "17 Church Lane" are neighbours, not one home.
        likeness = min(likeness, 75)
    # Not more, even with the same postcode: brothers and sisters share a home, and a
    # home must not outweigh a different given name and date of birth.
    if likeness >= 95:
        return 4.0, ["shared_address"], 1
    if likeness >= 85:
        return 3.0, ["similar_address"], 2
    if likeness >= 70:
        return 1.0, [], 3
    return (-0.5, [], 5) if likeness < 50 else (0.0, [], 4)


def address_level(a: Prepared, b: Prepared) -> int:
    """How alike two addresses are: 0 not known, 1 shared, 2 similar, 3 to 5 less alike."""
    return _addresses(a, b)[2]


# Each comparison sorts a pair into one of a few levels; level 0 is always "not known on
# one side". The levels are what `learned_weights` fits to a file.
NAME_LEVELS = 10
DOB_LEVELS = 10
LEVEL_COUNTS = (NAME_LEVELS, DOB_LEVELS, 3, 5, 6, 3, 3)
_NAME_BOUNDS = (7.5, 6.0, 4.5, 3.0, 1.5, 0.0, -1.5, -4.5)
_DOB_LEVEL = {
    "same_dob": 1,
    "dob_day_month_swapped": 2,
    "dob_close": 3,
    "same_birth_year": 4,
    "age_within_a_year": 5,
    "same_birth_month": 9,
}


def _name_level(a: Prepared, b: Prepared, weight: float) -> int:
    if not a.name.tokens or not b.name.tokens:
        return 0
    return 1 + sum(weight < bound for bound in _NAME_BOUNDS)


def _dob_level(a: Prepared, b: Prepared, weight: float, reason: str | None) -> int:
    if a.birth_year is None or b.birth_year is None:
        return 0
    if reason in _DOB_LEVEL:
        return _DOB_LEVEL[reason]
    if reason is None:
        return 6
    return 7 if weight > -2.5 else 8


def _two_sided(a: object, b: object, same: bool) -> int:
    if not (a and b):
        return 0
    return 1 if same else 2


@dataclass(frozen=True)
class Judgement:
    """The hand-set weight of one pair, its reasons and its comparison levels."""

    weight: float
    reasons: tuple[str, ...]
    levels: tuple[int, ...]

    @property
    def score(self) -> float:
        return 1.0 / (1.0 + math.exp(-(self.weight + PRIOR)))


# Given names alike at least this much (a typo, a nickname, another spelling) are one
# given name; `_token_weight` counts them for a match from here.
GIVEN_ALIKE = 0.85


def _alike(left: frozenset[str], right: frozenset[str]) -> bool:
    return any(_token_similarity(x, y) >= GIVEN_ALIKE for x in left for y in right)


def given_names_differ(a: Prepared, b: Prepared) -> bool:
    """Whether both records give a given name and no word of one is alike a word of the
    other, nor are the two names written the other way round (each given name alike the
    other record's family name)."""
    if not (a.given and b.given) or _alike(a.given, b.given):
        return False
    return not (a.family and b.family and _alike(a.given, b.family) and _alike(a.family, b.given))


def born_apart(a: Prepared, b: Prepared, dob_reason: str | None) -> bool:
    """Two people by the evidence a family shares least: both dates of birth known (a
    year at least) and different beyond a slip of the pen, and the given names different.

    Brothers and sisters share a family name and a home; a person recorded twice with one
    date of birth mistyped keeps their given name. A person whose date was entered wrongly
    outright and whose given name was changed too is lost here, which is the price of not
    joining brothers' and sisters' records. (The same given name with dates a generation
    apart, a child named for a parent, is capped by `judge` only where people live in
    families: in a file of individuals, FEBRL4's, a date replaced outright is common, and
    a home is the strongest evidence left that the records are one person.)"""
    return (
        dob_reason == "different_dob"
        and a.date_of_birth is not None
        and b.date_of_birth is not None
        and given_names_differ(a, b)
    )


def judge(
    a: Prepared, b: Prepared, rarity: NameRarity | None = None, families: bool = True
) -> Judgement:
    """Weigh the evidence that two records describe one person by the hand-set weights.

    `families`: whether the records come from people who live with their families (every
    record Noddfa holds, and a file `households.lives_in_families` says so of). There a
    same-named pair at one home with dates of birth a generation apart is a parent and a
    child named for them, and the home counts for no more than for brothers and sisters.
    """
    name_weight, reasons = _names(a, b, rarity)
    dob_weight, dob_reason = _dates(a, b)
    if dob_reason:
        reasons.append(dob_reason)
    shared_phone = bool(set(a.phones) & set(b.phones))
    if shared_phone:
        reasons.append("shared_phone")
    postcode_weight, postcode_reasons, postcode_level = _postcodes(a, b)
    address_weight, address_reasons, address_level = _addresses(a, b)
    reasons += postcode_reasons + address_reasons
    school_level = _two_sided(a.school, b.school, token_set_ratio(a.school, b.school) >= 90)
    if school_level == 1:
        reasons.append("same_school")
    sex_level = _two_sided(a.sex, b.sex, a.sex == b.sex)
    if sex_level == 2:
        reasons.append("different_sex")
    # A phone, a postcode and an address shared are one fact seen three ways: the two
    # records live in one home. Brothers and sisters, a parent and child, and people housed
    # by one controller share all three, so together they count for no more than HOME_CAP;
    # the names and the date of birth must still say it is one person.
    if address_level == 1 and postcode_weight < 0:
        # The postcode is written from the address: with the address itself the same, a
        # different postcode is a slip or an old code, not another home.
        postcode_weight = 0.0
    home_weight = (6.0 if shared_phone else 0.0) + postcode_weight + address_weight
    if home_weight > HOME_CAP_BORN_APART and (
        born_apart(a, b, dob_reason) or (families and dob_weight == GENERATION_APART)
    ):
        home_weight = HOME_CAP_BORN_APART
    home_weight = min(HOME_CAP, home_weight)
    weight = (
        name_weight
        + dob_weight
        + home_weight
        + (2.0 if school_level == 1 else 0.0)
        - (2.5 if sex_level == 2 else 0.0)
    )
    levels = (
        _name_level(a, b, name_weight),
        _dob_level(a, b, dob_weight, dob_reason),
        _two_sided(a.phones, b.phones, shared_phone),
        postcode_level,
        address_level,
        school_level,
        sex_level,
    )
    return Judgement(weight, tuple(reasons), levels)


def compare(a: Prepared, b: Prepared, rarity: NameRarity | None = None) -> Match:
    """How likely two records describe the same person, and why, by the hand-set weights.

    `rarity` (from `name_rarity` over a whole file) weighs agreement on rare names up and
    on common ones down; without it (one record against a few candidates, where there is
    no file to count) every exact name agreement has the plain weight.
    """
    judgement = judge(a, b, rarity)
    return Match(a.id, b.id, round(judgement.score, 4), judgement.reasons)
