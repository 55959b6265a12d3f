"""Who may see a person's record: the organisation that holds it, and organisations that
joined a multi-agency case about the person through a logged sharing decision.

The holder is the organisation that recorded the person (`Person.organisation`). Only the
holder decides freely whom to share with; an organisation that received the person through
sharing may pass them on only to a local authority safeguarding team, and the holder is told.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from noddfa.accounts.models import Organisation, OrganisationType, Role, User

from .models import CaseMembership, MultiAgencyCase, Person

_M = TypeVar("_M", bound=Model)

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


def shared_with(organisation_id: int | None) -> QuerySet[Any]:
    """The ids of the people in the cases the organisation is a member of: read from the
    memberships' (organisation, case) index and the cases' people, never from the people."""
    return MultiAgencyCase.people.through.objects.filter(
        Q(multiagencycase__memberships__organisation_id=organisation_id)
    ).values("person_id")


def visible_to_organisation(organisation_id: int | None, person_field: str = "") -> Q:
    """The condition "the organisation may see this person", for a query on people
    (`person_field` empty) or on rows that name a person (`person_field="subject"`).

    Written as the holder's column or membership of the people shared with the organisation,
    never as the organisation's whole visible set: a check of one person or one concern then
    costs an index lookup on the person and the organisation's shared people (bounded by its
    case memberships, not by everything it holds), not a scan of everyone it may see
    (issue 22). The shared people are one uncorrelated subquery, which PostgreSQL hashes once
    per query: a correlated EXISTS under the OR was as fast but priced so high by the planner
    that lists were compiled with JIT, 30 ms more for nothing."""
    prefix = f"{person_field}__" if person_field else ""
    return Q(**{f"{prefix}organisation_id": organisation_id}) | Q(
        **{f"{person_field or 'pk'}__in": shared_with(organisation_id)}
    )


def held_or_shared(organisation_id: int, person_field: str) -> Q:
    """The same rule as `visible_to_organisation`, for a list that checks many rows naming a
    person: each row's person id looked up in the organisation's own people (read from the
    people's organisation index) and in the people shared with it, with no join to the
    people table. A join read the whole people table for every page of such a list (the
    team's tasks, the suggested duplicates: 50 to 70 ms at 100,000 people; issue 22); these
    two sets cost what the organisation holds and shares."""
    held = Person.objects.filter(organisation_id=organisation_id).values("pk")
    return Q(**{f"{person_field}_id__in": held}) | Q(
        **{f"{person_field}_id__in": shared_with(organisation_id)}
    )


def filter_visible(queryset: QuerySet[_M], user: User, person_field: str = "") -> QuerySet[_M]:
    """Only the rows (people, or rows naming a person through `person_field`) the user may
    see: the same rule as `people_visible_to`, applied to the query itself so the database
    checks each row it reads instead of first building the visible set."""
    if not can_list_people(user):
        return queryset.none()
    return queryset.filter(visible_to_organisation(user.organisation_id, person_field))


def people_visible_to(user: User) -> QuerySet[Person]:
    """Everyone the user may see, as a query (filtered lazily: see `filter_visible`)."""
    return filter_visible(Person.objects.all(), user)


def can_view_person(user: User, person: Person) -> bool:
    """Whether the user may see this person: the holder's own record is decided without a
    query; anyone else's by one indexed `EXISTS` on the person's cases."""
    if not can_list_people(user):
        return False
    assert user.organisation_id is not None  # can_list_people needs an organisation
    if person.organisation_id == user.organisation_id:
        return True
    return CaseMembership.objects.filter(
        organisation_id=user.organisation_id, case__people=person.pk
    ).exists()


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
