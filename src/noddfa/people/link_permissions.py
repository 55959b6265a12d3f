"""Who may link records as the same person, and who reviews suggested duplicates."""

from __future__ import annotations

from noddfa.accounts.models import Role, User

from .models import Person
from .permissions import SHARING_ROLES, can_view_person


def can_link(user: User, a: Person, b: Person) -> bool:
    """Linking is a safeguarding judgement: a lead or the local authority team makes it,
    and only between two records they may already see."""
    return (
        user.role in SHARING_ROLES
        and a.pk != b.pk
        and can_view_person(user, a)
        and can_view_person(user, b)
    )


def can_review_duplicates(user: User) -> bool:
    return (
        user.is_active
        and user.organisation_id is not None
        and (user.role == Role.LA_SAFEGUARDING_TEAM)
    )
