"""Phone numbers as people dial them, and their E.164 form where one exists."""

from __future__ import annotations

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
