"""Who may see a person's record: the organisation that holds it, and organisations that
joined a multi-agency case about the person through a logged sharing decision.

The holder is the organisation that recorded the person (`Person.organisation`). Only the
holder decides freely whom to share with; an organisation that received the person through
sharing may pass them on only to a local authority safeguarding team, and the holder is told.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from noddfa.accounts.models import Organisation, OrganisationType, Role, User

from .models import Person

# Roles that work with individual records. Analysts see only anonymised statistics;
# system admins run the service, and organisation admins run the organisation's accounts, not
# its casework: an admin sees no person, concern, chronology or referral (issue 17, item 7).
CASEWORK_ROLES = frozenset({Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})
SHARING_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})
LOCAL_AUTHORITY_TEAMS = frozenset(
    {OrganisationType.LA_CHILDRENS_SERVICES, OrganisationType.LA_ADULT_SERVICES}
)


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


def holds_person(user: User, person: Person) -> bool:
    """Whether the user's organisation is the one that recorded the person."""
    return user.organisation_id is not None and user.organisation_id == person.organisation_id


def is_local_authority_team(organisation: Organisation) -> bool:
    return organisation.organisation_type in LOCAL_AUTHORITY_TEAMS


def can_share_person_with(user: User, person: Person, organisation: Organisation) -> bool:
    """The holder's leads share with any organisation; a member of the case that is not the
    holder shares onward only with a local authority safeguarding team."""
    if not can_share_person(user, person):
        return False
    return holds_person(user, person) or is_local_authority_team(organisation)
