"""Writing person records: permission, change and audit event in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from noddfa.accounts.models import Organisation, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.core.errors import RuleBroken

from .match_keys import refresh_match_keys
from .models import CaseMembership, MultiAgencyCase, Person
from .permissions import (
    CASEWORK_ROLES,
    can_list_people,
    can_share_person_with,
    can_view_person,
    holds_person,
)
from .sharing import reason_problem, tell_holder_of_onward_sharing

_PERSON_DETAILS = frozenset(
    f.name
    for f in Person._meta.get_fields()
    if getattr(f, "editable", False)
    and f.name not in {"id", "organisation", "created_by", "created_at"}
    and not f.is_relation
)


@transaction.atomic
def record_person(by: User, **details: Any) -> Person:
    """Add a person to the user's organisation's records (names, dates, contact details)."""
    if not can_list_people(by) or by.organisation is None:
        raise PermissionDenied
    unknown = set(details) - _PERSON_DETAILS
    if unknown:
        raise TypeError(f"not a person detail: {sorted(unknown)}")
    person = Person.objects.create(organisation=by.organisation, created_by=by, **details)
    refresh_match_keys(person)
    record(AuditAction.CREATE, actor=by, target=person)
    return person


@transaction.atomic
def share_with_organisation(
    by: User,
    person: Person,
    organisation: Organisation,
    *,
    reason: str,
    lawful_basis: str,
    for_referral: str = "",
) -> CaseMembership:
    """Bring another organisation into the multi-agency case about a person.

    The case is opened on first sharing; the sharer's own organisation joins it too, so
    the decision and its reason stand in the record of everyone who can see the person.

    The holder (the organisation that recorded the person) shares with whom it decides. An
    organisation that received the person shares onward only with a local authority
    safeguarding team, with a reason that says something, and the holder's safeguarding
    leads are told; the decision is in the holder's view of the person and its chronology.

    `for_referral` (a referral's id) marks the share a referral makes when it is submitted to
    an organisation in Noddfa (issue 18): the statutory report is itself the decision, made
    by whoever the referral service allowed to submit it, and the audit event names it.
    """
    if for_referral:
        allowed = by.role in CASEWORK_ROLES and can_view_person(by, person)
    else:
        allowed = can_share_person_with(by, person, organisation)
    if by.organisation is None or not allowed:
        raise PermissionError("This user may not share this person with that organisation.")
    onward = not holds_person(by, person)
    # The holder's reason is checked on the share form; an onward decision is checked here
    # whatever called it (a referral's own reason is written by the referral service).
    problem = reason_problem(reason) if onward and not for_referral else None
    if problem is not None:
        raise RuleBroken(problem, {"reason": problem})
    case = person.cases.order_by("opened_at").first()
    if case is None:
        case = MultiAgencyCase.objects.create(opened_by=by)
        case.people.add(person)
    brought_in = False
    for member in (by.organisation, organisation):
        membership, created = CaseMembership.objects.get_or_create(
            case=case,
            organisation=member,
            defaults={"decided_by": by, "reason": reason, "lawful_basis": lawful_basis},
        )
        if created:
            brought_in = brought_in or member == organisation
            detail: dict[str, object] = {"organisation_id": member.pk, "case": str(case.pk)}
            if onward:
                detail["onward_from_holder_id"] = person.organisation_id
            if for_referral:
                detail["referral"] = for_referral
            record(AuditAction.SHARE, actor=by, target=person, detail=detail)
    if onward and brought_in:
        tell_holder_of_onward_sharing(person)
    return membership
