"""Phone numbers as people dial them, and their E.164 form where one exists."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

# Emergency, non-emergency and European harmonised numbers (999, 101, 116 111, 1107, 15900)
# have no international form; anything this short is dialled as shown.
SHORT_CODE_MAX_DIGITS = 6


def digits(display: str) -> str:
    return "".join(ch for ch in display if ch.isdigit())


def is_short_code(display: str) -> bool:
    return len(digits(display)) <= SHORT_CODE_MAX_DIGITS


def e164_for(display: str, country: str) -> str:
    """The E.164 form of a number written as it is dialled in `country`, or "" if it has none.

    Only numbers phonenumbers holds to be valid get one: a wrong +44 link is worse than a
    number shown as printed, which a person can still read and check.
    """
    if is_short_code(display):
        return ""
    try:
        parsed = phonenumbers.parse(display, country)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_dialable(display: str, country: str) -> bool:
    """Whether a number an administrator enters is a short code or a valid full number."""
    return bool(digits(display)) and (is_short_code(display) or bool(e164_for(display, country)))


# How a number can be reached, as the pages say it beside the number. Each is a reason the
# number is shown but not linked, or linked with a warning: a tap-to-call link that rings
# the wrong place, or nowhere, is worse than a number a person reads and checks.
AVAILABLE = ""
UNCONFIRMED = "unconfirmed"  # phonenumbers cannot confirm it: maybe cut short, maybe old
LOCAL_SHORT_CODE = "local_short_code"  # a foreign short code rings a UK service from the UK
FREEPHONE_IN_COUNTRY = "freephone_in_country"  # freephones rarely answer calls from abroad
IN_COUNTRY_ONLY = "in_country_only"  # the numbering plan says it cannot be called from abroad

# Relay UK: 18001 (textphone) or 18002 before a number. The prefix makes it a number
# phonenumbers does not know, but it is dialled exactly as shown.
_RELAY_PREFIXES = ("18001", "18002")


@dataclass(frozen=True)
class Dialling:
    """A number as a page shows it: the text, the address a tap dials ("" for none) and why
    it is not simply available (one of the constants above)."""

    shown: str
    href: str
    availability: str


def _is_relay(display: str) -> bool:
    number = digits(display)
    return any(
        number.startswith(prefix) and is_short_code(number[len(prefix) :])
        for prefix in _RELAY_PREFIXES
    )


def dialling(
    display: str,
    e164: str,
    country: str,
    *,
    scheme: str = "tel",
    for_calls_from_abroad: bool = False,
    home: str = "GB",
) -> Dialling:
    """How a directory number is shown and linked for a reader in `home` (the UK).

    A home number keeps the form people know ("0800 1111") and dials its E.164 form or, for
    a short code, its digits. A foreign number is shown and dialled in international form
    (+40 ...), because that is the only form that works from the UK; a foreign short code is
    shown but never linked (116 111 from a UK phone reaches Childline, not Bulgaria). A long
    number phonenumbers does not confirm is shown as printed and never linked.
    `for_calls_from_abroad` is the directory's word that a number is the one to use from
    outside its country, which outranks the numbering plan's general rule.
    """
    shown = display.strip()
    if not digits(shown):
        return Dialling(shown, "", UNCONFIRMED)
    if country == home:
        if is_short_code(shown) or _is_relay(shown):
            return Dialling(shown, f"{scheme}:{digits(shown)}", AVAILABLE)
        if e164:
            return Dialling(shown, f"{scheme}:{e164}", AVAILABLE)
        return Dialling(shown, "", UNCONFIRMED)
    if is_short_code(shown):
        return Dialling(shown, "", LOCAL_SHORT_CODE)
    if not e164:
        return Dialling(shown, "", UNCONFIRMED)
    parsed = phonenumbers.parse(e164, None)
    international = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    availability = AVAILABLE
    if not for_calls_from_abroad:
        if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE:
            availability = FREEPHONE_IN_COUNTRY
        elif not phonenumbers.can_be_internationally_dialled(parsed):
            availability = IN_COUNTRY_ONLY
    return Dialling(international, f"{scheme}:{e164}", availability)
