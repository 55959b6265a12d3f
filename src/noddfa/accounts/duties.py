"""Whether an organisation is a first responder and an s52 public authority.

The law settles both for most kinds of organisation: a police force and a local authority are
always first responders and always under the section 52 duty to notify; a school, the NHS and
a business are neither (sources.md#ref-3-1 and #ref-3-3). The pathway's vocabulary says so per type
(True, False, or None where the law leaves it to the organisation). The organisation's stored
flag only fills what the law leaves open, so a police force registered with the model's
default flags still has the duty, and a school wrongly flagged s52 still has not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from noddfa.pathway import load_vocabulary

if TYPE_CHECKING:
    from .models import Organisation

FIRST_RESPONDER = "first_responder"
S52_PUBLIC_AUTHORITY = "s52_public_authority"


@dataclass(frozen=True)
class LawOnDuties:
    """The law's answer for one type of organisation; None where it leaves it open."""

    first_responder: bool | None
    s52_public_authority: bool | None


@dataclass(frozen=True)
class Duties:
    """An organisation's effective status: the law's answer, or its own flag where open."""

    first_responder: bool
    s52_public_authority: bool


def law_for(organisation_type: str) -> LawOnDuties:
    kind = load_vocabulary().organisation_types.get(organisation_type)
    if kind is None:
        return LawOnDuties(first_responder=None, s52_public_authority=None)
    return LawOnDuties(
        first_responder=kind.first_responder, s52_public_authority=kind.s52_public_authority
    )


def duties_of(organisation: Organisation) -> Duties:
    law = law_for(organisation.organisation_type)
    return Duties(
        first_responder=(
            law.first_responder
            if law.first_responder is not None
            else bool(organisation.first_responder)
        ),
        s52_public_authority=(
            law.s52_public_authority
            if law.s52_public_authority is not None
            else bool(organisation.s52_public_authority)
        ),
    )


def is_first_responder(organisation: Organisation | None) -> bool:
    return organisation is not None and duties_of(organisation).first_responder


def is_s52_public_authority(organisation: Organisation | None) -> bool:
    return organisation is not None and duties_of(organisation).s52_public_authority


def _type_label(organisation_type: str) -> str:
    from .models import OrganisationType

    try:
        return str(OrganisationType(organisation_type).label)
    except ValueError:
        return organisation_type


def contradictions(
    organisation_type: str, *, first_responder: bool, s52_public_authority: bool
) -> dict[str, str]:
    """Each flag that says the opposite of the law for this type, with a message naming it.

    An empty answer means the flags agree with the law (or fill what it leaves open).
    """
    law = law_for(organisation_type)
    kind = _type_label(organisation_type)
    problems: dict[str, str] = {}
    if law.first_responder is not None and first_responder != law.first_responder:
        problems[FIRST_RESPONDER] = (
            _(
                "An organisation of type “%(kind)s” is always a first responder organisation "
                "in law, so “First responder organisation” must be yes"
            )
            if law.first_responder
            else _(
                "An organisation of type “%(kind)s” is never a first responder organisation "
                "in law, so “First responder organisation” must be no"
            )
        ) % {"kind": kind}
    if law.s52_public_authority is not None and s52_public_authority != law.s52_public_authority:
        problems[S52_PUBLIC_AUTHORITY] = (
            _(
                "An organisation of type “%(kind)s” always has the duty to notify under "
                "section 52 of the Modern Slavery Act 2015, so “Section 52 public authority” "
                "must be yes"
            )
            if law.s52_public_authority
            else _(
                "An organisation of type “%(kind)s” never has the duty to notify under "
                "section 52 of the Modern Slavery Act 2015, so “Section 52 public authority” "
                "must be no"
            )
        ) % {"kind": kind}
    return problems


def settled_flags(
    organisation_type: str, *, first_responder: bool | None, s52_public_authority: bool | None
) -> tuple[bool, bool]:
    """The flags to store: the law's answer where it settles one and none was given, otherwise
    what was given (False where nothing was given and the law leaves it open)."""
    law = law_for(organisation_type)
    if first_responder is None:
        first_responder = bool(law.first_responder)
    if s52_public_authority is None:
        s52_public_authority = bool(law.s52_public_authority)
    return first_responder, s52_public_authority


def is_police_force(organisation: Organisation | None) -> bool:
    """A police force of any kind the vocabulary names as one (a territorial force, British
    Transport Police), for what is for the police rather than for one organisation type."""
    if organisation is None:
        return False
    kind = load_vocabulary().organisation_types.get(organisation.organisation_type)
    return kind is not None and "police" in kind.roles
