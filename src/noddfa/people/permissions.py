"""Who may see a person's record: people in the organisation that holds it.

Sharing with other organisations arrives with the concerns and matching work, through
explicit, logged sharing decisions; until then a record never leaves its organisation.
"""

from __future__ import annotations

from django.db.models import QuerySet

from noddfa.accounts.models import Role, User

from .models import Person

# Roles that work with individual records. Analysts see only anonymised statistics;
# system admins run the service, not casework.
_CASEWORK_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.SAFEGUARDING_LEAD,
        Role.LA_SAFEGUARDING_TEAM,
        Role.ORGANISATION_ADMIN,
    }
)


def can_list_people(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in _CASEWORK_ROLES


def people_visible_to(user: User) -> QuerySet[Person]:
    if not can_list_people(user):
        return Person.objects.none()
    return Person.objects.filter(organisation_id=user.organisation_id)


def can_view_person(user: User, person: Person) -> bool:
    return can_list_people(user) and person.organisation_id == user.organisation_id
