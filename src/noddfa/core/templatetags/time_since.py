"""How long ago something happened, in the reader's language.

Django's own `timesince` filter asks its catalogue for "%(num)d minute"; Django's Welsh
catalogue still translates the older "%d minute", so a Welsh page read "25 minutes yn ôl".
These are the same words under msgids in our own code, which our Welsh catalogue translates in
Welsh's four plural forms ("1 munud", "2 funud", "25 munud"), handed to Django's timesince.
"""

from __future__ import annotations

import datetime
from typing import cast

from django import template
from django.utils.timesince import timesince
from django.utils.translation import ngettext_lazy

register = template.Library()

TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def time_since(value: datetime.datetime | datetime.date | None) -> str:
    """'25 minutes', '2 days' ('25 munud', '2 ddiwrnod' in Welsh); '' for no time.

    One unit only: the exact time stands beside it, and Django's Welsh joins two units with
    a bare comma ('2 ddiwrnod,3 awr')."""
    if not value:
        return ""
    # Django itself passes lazy strings here (its TIME_STRINGS); the stubs ask for str.
    return timesince(value, time_strings=cast("dict[str, str]", TIME_STRINGS), depth=1)
