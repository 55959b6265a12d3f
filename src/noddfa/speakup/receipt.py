"""The reporter's receipt: the only way back to a report made without a name (ADR 26).

Twenty characters in five groups of four, drawn with `secrets` from 31 characters that cannot
be mistaken for one another when written down or read aloud (no 0, O, 1, I or L): about
99 bits, well past the 80 the issue asks for (GlobaLeaks' 16 digits are about 53).

Stored twice, neither of them the receipt:
- an Argon2id hash (the slow check), with the parameters below, stated in the ADR and tested;
- a lookup index, HMAC-SHA256 of the receipt under a key that is not in the database, cut to
  16 hex characters, so a follow-up finds its one candidate without hashing every report. With
  a database dump alone the index is useless (no key); with the key, guessing still means
  searching ~2^99 receipts.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import secrets
import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from django.conf import settings

from . import crypto

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS = 5
GROUP_LENGTH = 4
LENGTH = GROUPS * GROUP_LENGTH
BITS = LENGTH * math.log2(len(ALPHABET))

# Argon2id, RFC 9106's second recommended option with one lane: 64 MiB, 3 passes.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 1
ARGON2_HASH_BYTES = 32
ARGON2_SALT_BYTES = 16

# Dashes (ASCII, en and em) and dots people write between groups.
_SEPARATORS = "-\u2013\u2014_."
# Cyrillic and Greek capitals drawn like the receipt's own letters: someone copying a receipt
# on a phone set to Russian, Ukrainian, Bulgarian or Greek types these and sees no difference.
# Mapping them onto the receipt's letters forgives the typist and widens nothing: each still
# stands for the one letter it looks like. (Full-width letters and digits, from East Asian
# input methods, are folded by NFKC first.) O, I and L have no entry: the alphabet leaves
# them out on purpose.
_LOOK_ALIKES = str.maketrans(
    {
        "\u0410": "A",
        "\u0412": "B",
        "\u0415": "E",
        "\u041a": "K",
        "\u041c": "M",
        "\u041d": "H",
        "\u0420": "P",
        "\u0421": "C",
        "\u0422": "T",
        "\u0425": "X",
        "\u0405": "S",
        "\u0408": "J",
        "\u0391": "A",
        "\u0392": "B",
        "\u0395": "E",
        "\u0396": "Z",
        "\u0397": "H",
        "\u039a": "K",
        "\u039c": "M",
        "\u039d": "N",
        "\u03a1": "P",
        "\u03a4": "T",
        "\u03a5": "Y",
        "\u03a7": "X",
    }
)


def _hasher() -> PasswordHasher:
    """The hasher with the parameters above. Only the test settings lower its cost
    (`NODDFA_RECEIPT_ARGON2`, a time cost and memory in KiB): at 0.4 s a hash, the speak-up
    tests spent minutes of every CI run hashing. A stored hash carries its own parameters, so
    checking one never depends on this setting."""
    cost = getattr(settings, "NODDFA_RECEIPT_ARGON2", None) or {}
    return _hasher_costing(
        cost.get("time_cost", ARGON2_TIME_COST), cost.get("memory_cost", ARGON2_MEMORY_KIB)
    )


@functools.cache
def _hasher_costing(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=ARGON2_PARALLELISM,
        hash_len=ARGON2_HASH_BYTES,
        salt_len=ARGON2_SALT_BYTES,
        type=Type.ID,
    )


@functools.cache
def _decoy_for(hasher: PasswordHasher) -> str:
    """Checked when no report has the index, so a wrong receipt costs what a right one does.
    Made on first use, not on import: a hash costs 0.4 s, and every process (each command,
    server worker and test process) imports this module through the URLs."""
    return hasher.hash("no such receipt")


def _decoy() -> str:
    return _decoy_for(_hasher())


def new_receipt() -> str:
    """A fresh receipt, written in groups: "ABCD-EFGH-JKMN-PQRS-TUVW"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return written(raw)


def written(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, LENGTH, GROUP_LENGTH))


def folded(typed: str) -> str:
    """What was typed, in capitals, without spaces or dashes, with full-width and look-alike
    characters read as the receipt's own. Letter case and spacing are forgiven: someone
    copying from paper should not fail on them."""
    upper = unicodedata.normalize("NFKC", typed).upper().translate(_LOOK_ALIKES)
    return "".join(ch for ch in upper if not ch.isspace() and ch not in _SEPARATORS)


def normalised(typed: str) -> str | None:
    """The receipt as typed (`folded`); None if it cannot be one."""
    raw = folded(typed)
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def last_group(receipt: str) -> str:
    raw = normalised(receipt) or ""
    return raw[-GROUP_LENGTH:]


def hashed(receipt: str) -> str:
    raw = normalised(receipt)
    if raw is None:
        raise ValueError("not a receipt")
    return _hasher().hash(raw)


def index(receipt: str) -> str:
    raw = normalised(receipt) or ""
    digest = hmac.new(crypto.receipt_index_key(), raw.encode("ascii"), hashlib.sha256)
    return digest.hexdigest()[:16]


def matches(stored_hash: str | None, typed: str) -> bool:
    """Whether `typed` is the receipt behind `stored_hash`, at the same cost either way."""
    raw = normalised(typed) or "-"
    try:
        _hasher().verify(stored_hash or _decoy(), raw)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return stored_hash is not None
