"""Who may read and write a person's casework.

Reading follows the person: their holding organisation and organisations in a multi-agency
case about them (people.permissions). Writing is for those organisations' casework roles:
anyone who records concerns may report a person missing and record a return, because that
cannot wait for a lead; plans, aftercare, transition, tasks and closure are a safeguarding
lead's or the local authority team's decisions. Tasks belong to a team (an organisation) and
are seen only by that team.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from noddfa.accounts.models import Role, User
from noddfa.people.models import Person
from noddfa.people.permissions import CASEWORK_ROLES, can_view_person, held_or_shared

from .models import Task

RESPONDING_ROLES = frozenset({Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})
MANAGING_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})


def _active_member(user: User) -> bool:
    return user.is_active and user.organisation_id is not None


def can_read_casework(user: User, person: Person) -> bool:
    return can_view_person(user, person)


def can_respond_to_missing(user: User, person: Person) -> bool:
    return (
        _active_member(user) and user.role in RESPONDING_ROLES and can_read_casework(user, person)
    )


def is_case_manager(user: User) -> bool:
    return _active_member(user) and user.role in MANAGING_ROLES


def can_manage_casework(user: User, person: Person) -> bool:
    return is_case_manager(user) and can_read_casework(user, person)


def can_have_tasks(user: User) -> bool:
    return _active_member(user) and user.role in CASEWORK_ROLES


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """The user's team's tasks; a task about a person is shown only while the team may still
    see that person."""
    if not can_have_tasks(user):
        return Task.objects.none()
    # The person looked up by id, not by a join to the people: a page of the API's task list
    # counted the team's tasks through a hash of the whole people table (73 ms at 100,000
    # people, 15 ms this way; issue 22).
    organisation = user.organisation_id
    assert organisation is not None  # can_have_tasks needs an organisation
    return Task.objects.filter(
        Q(person__isnull=True) | held_or_shared(organisation, "person"),
        organisation=organisation,
    )


def can_finish_task(user: User, task: Task) -> bool:
    """The owner finishes their task; a lead of the team finishes anyone's."""
    if not tasks_visible_to(user).filter(pk=task.pk).exists():
        return False
    return task.owner_id == user.pk or is_case_manager(user)
