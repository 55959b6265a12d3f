"""Starting points for a safety plan, written from the guidance.

Seed 002 ("Information for parents and carers") says a trafficked child's plan is agreed by
professionals and followed by carers; at first it may limit phones and the internet and mean
the child is not left alone, so traffickers cannot reach them; and if the child goes missing,
carers tell social services and the police at once, with everything they know. The adult
template follows the pathway's adult safety plan: agreed with the person, never imposed.
Text here is a starting point the professionals edit, not a rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    title: str | Promise
    risks: str | Promise
    phone_and_internet: str | Promise
    supervision: str | Promise
    if_missing: str | Promise
    who_to_call: str | Promise


CHILD = PlanTemplate(
    key="child",
    title=_("Child who may have been trafficked"),
    risks=_(
        "The people who exploited the child may try to contact them again, in person, by "
        "phone or online, and the child may feel loyal to them or owe them money."
    ),
    phone_and_internet=_(
        "At first, no phone of their own and no unsupervised internet use. Carers check any "
        "new phone, SIM card or account and tell the social worker about it."
    ),
    supervision=_(
        "Not left alone, at home or outside it, until the professionals agree the risk has "
        "gone down. Carers know where the child is at all times."
    ),
    if_missing=_(
        "Call the police at once (999 if the child is in danger), then tell social services "
        "straight away. Give the police everything you know: the child's description and "
        "clothes, who they may be with, phone numbers, and what happened just before."
    ),
    who_to_call=_(
        "Police: 999 in an emergency, 101 otherwise. Social services (out of hours: the "
        "emergency duty team). Independent Child Trafficking Guardian service: 0800 043 4303."
    ),
)

ADULT = PlanTemplate(
    key="adult",
    title=_("Adult at risk of being moved on or re-exploited"),
    risks=_(
        "The person may be moved on, threatened or contacted by those who exploited them, "
        "or may go back because of debt or fear for their family."
    ),
    phone_and_internet=_(
        "Agreed with the person: a safe phone number to reach them on, and what to do if "
        "someone from the past gets in touch."
    ),
    supervision=_(
        "Agreed with the person: when and how support workers will check in, and what happens "
        "if they cannot be reached."
    ),
    if_missing=_(
        "If the person cannot be reached and may be in danger, call the police on 999; "
        "otherwise report on 101. Tell the safeguarding lead and adult social services."
    ),
    who_to_call=_(
        "Police: 999 in an emergency, 101 otherwise. Modern Slavery and Exploitation "
        "Helpline: 08000 121 700 (24 hours). Salvation Army referral line: 0800 808 3733."
    ),
)

TEMPLATES = {template.key: template for template in (CHILD, ADULT)}


TEMPLATE_FIELDS = ("risks", "phone_and_internet", "supervision", "if_missing", "who_to_call")
PLAN_FIELDS = (
    "risks",
    "contact_allowed",
    "contact_not_allowed",
    "phone_and_internet",
    "supervision",
    "safe_places",
    "if_missing",
    "who_to_call",
)


def plan_text_in(language: str, template_key: str, text: dict[str, str]) -> dict[str, str]:
    """A plan's wording for a carers' copy in a language: where a part still reads exactly as
    its template did in English or Welsh, give the template's wording in the copy's language;
    what professionals wrote themselves is shown as they wrote it."""
    template = TEMPLATES.get(template_key)
    if template is None:
        return dict(text)
    worded = dict(text)
    for name in TEMPLATE_FIELDS:
        message = getattr(template, name)
        versions = set()
        for each in ("en", "cy"):
            with translation.override(each):
                versions.add(str(message))
        if text.get(name, "").strip() in versions:
            with translation.override(language):
                worded[name] = str(message)
    return worded
