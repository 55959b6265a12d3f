"""Writing person records: permission, change and audit event in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from noddfa.accounts.models import Organisation, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .match_keys import refresh_match_keys
from .models import CaseMembership, MultiAgencyCase, Person
from .permissions import can_list_people, can_share_person

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
    by: User, person: Person, organisation: Organisation, *, reason: str, lawful_basis: str
) -> CaseMembership:
    """Bring another organisation into the multi-agency case about a person.

    The case is opened on first sharing; the sharer's own organisation joins it too, so
    the decision and its reason stand in the record of everyone who can see the person.
    """
    if not can_share_person(by, person) or by.organisation is None:
        raise PermissionDenied
    case = person.cases.order_by("opened_at").first()
    if case is None:
        case = MultiAgencyCase.objects.create(opened_by=by)
        case.people.add(person)
    for member in (by.organisation, organisation):
        membership, created = CaseMembership.objects.get_or_create(
            case=case,
            organisation=member,
            defaults={"decided_by": by, "reason": reason, "lawful_basis": lawful_basis},
        )
        if created:
            record(
                AuditAction.SHARE,
                actor=by,
                target=person,
                detail={"organisation_id": member.pk, "case": str(case.pk)},
            )
    return membership
