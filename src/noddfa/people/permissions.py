"""Who may see a person's record: the organisation that holds it, and organisations that
joined a multi-agency case about the person through a logged sharing decision."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from noddfa.accounts.models import Role, User

from .models import Person

# Roles that work with individual records. Analysts see only anonymised statistics;
# system admins run the service, not casework.
CASEWORK_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.SAFEGUARDING_LEAD,
        Role.LA_SAFEGUARDING_TEAM,
        Role.ORGANISATION_ADMIN,
    }
)
SHARING_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})


def can_list_people(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in CASEWORK_ROLES


def visible_to_organisation(organisation_id: int | None) -> Q:
    return Q(organisation_id=organisation_id) | Q(
        cases__memberships__organisation_id=organisation_id
    )


def people_visible_to(user: User) -> QuerySet[Person]:
    if not can_list_people(user):
        return Person.objects.none()
    visible = Person.objects.filter(visible_to_organisation(user.organisation_id))
    return Person.objects.filter(pk__in=visible.values("pk"))


def can_view_person(user: User, person: Person) -> bool:
    return people_visible_to(user).filter(pk=person.pk).exists()


def can_share_person(user: User, person: Person) -> bool:
    """Sharing is a safeguarding decision: a lead or the local authority team makes it."""
    return user.role in SHARING_ROLES and can_view_person(user, person)
