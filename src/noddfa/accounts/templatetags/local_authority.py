"""`{% report_contacts_for code organisation user as report %}` for pages that show a report of a
child or an adult at risk (a pathway action or a referral), so they list how to reach the
local authority that receives it without any view changes; and `|tel_href` for tel: links."""

from __future__ import annotations

import re

from django import template

from noddfa.accounts.models import Organisation, User
from noddfa.accounts.selectors import ReportContacts, report_contacts

register = template.Library()

_NOT_DIALLED = re.compile(r"[^0-9+]")


@register.simple_tag
def report_contacts_for(
    code: str, organisation: Organisation | None, reader: User | None
) -> ReportContacts | None:
    return report_contacts(code, organisation, reader)


@register.filter
def tel_href(number: str) -> str:
    """A tel: address (RFC 3966): a UK national number becomes +44 without its leading 0."""
    dialled = _NOT_DIALLED.sub("", number or "")
    if dialled.startswith("0") and not dialled.startswith("00"):
        dialled = "+44" + dialled[1:]
    elif dialled.startswith("00"):
        dialled = "+" + dialled[2:]
    return f"tel:{dialled}"
