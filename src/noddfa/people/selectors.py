from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .models import Person
from .permissions import people_visible_to


def people_for(user: User) -> QuerySet[Person]:
    return people_visible_to(user).order_by("family_name", "given_name")


def person_for_viewing(user: User, person_id: uuid.UUID) -> Person:
    """The person, if this user may see them; every successful look is audited.

    A record the user may not see is reported exactly like one that does not exist, so
    the answer leaks nothing about other organisations' records.
    """
    person = people_visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    record(AuditAction.VIEW, actor=user, target=person)
    return person
