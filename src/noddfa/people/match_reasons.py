"""The matching engine's reason codes in words a practitioner reads, in both languages."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REASONS: dict[str, Promise] = {
    "same_name": _("same name"),
    "names_alike": _("names alike"),
    "names_alike_across_scripts": _("names sound alike across scripts"),
    "name_order_swapped": _("given and family name swapped"),
    "nickname": _("a nickname of the same name"),
    "same_dob": _("same date of birth"),
    "dob_day_month_swapped": _("date of birth with day and month swapped"),
    "dob_close": _("date of birth differs by one figure"),
    "same_birth_year": _("same year of birth"),
    "same_birth_month": _("same month and year of birth"),
    "age_within_a_year": _("ages within a year"),
    "different_dob": _("different date of birth"),
    "shared_phone": _("shared phone number"),
    "same_postcode": _("same postcode"),
    "same_postcode_district": _("same postcode district"),
    "shared_address": _("shared address"),
    "similar_address": _("similar address"),
    "same_school": _("same school"),
    "different_sex": _("different sex recorded"),
}


def explain(codes: Iterable[str]) -> list[str]:
    return [str(REASONS[code]) for code in codes if code in REASONS]
