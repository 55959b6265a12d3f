"""Writing person records: permission, change and audit event in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .models import Person, Sex
from .permissions import can_list_people


@transaction.atomic
def record_person(
    by: User,
    *,
    given_name: str = "",
    family_name: str = "",
    aliases: list[str] | None = None,
    date_of_birth: date | None = None,
    age_disputed: bool = False,
    sex: str = Sex.NOT_KNOWN,
    nationality: str = "",
    is_synthetic: bool = False,
) -> Person:
    if not can_list_people(by) or by.organisation is None:
        raise PermissionDenied
    person = Person.objects.create(
        organisation=by.organisation,
        given_name=given_name,
        family_name=family_name,
        aliases=aliases or [],
        date_of_birth=date_of_birth,
        age_disputed=age_disputed,
        sex=sex,
        nationality=nationality,
        is_synthetic=is_synthetic,
        created_by=by,
    )
    record(AuditAction.CREATE, actor=by, target=person)
    return person
