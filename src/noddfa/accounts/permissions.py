"""Who may see and manage organisations and accounts.

Policy functions answer yes/no for one object; the queryset filters give the same answer
for many, so pages, the API and the CLI all apply one rule.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Organisation, Role, User


def is_system_admin(user: User) -> bool:
    return user.is_active and user.role == Role.SYSTEM_ADMIN


def is_organisation_admin(user: User, organisation: Organisation | None) -> bool:
    return (
        user.is_active
        and organisation is not None
        and user.role == Role.ORGANISATION_ADMIN
        and user.organisation_id == organisation.pk
    )


def can_manage_members(user: User, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation)


def members_visible_to(user: User) -> QuerySet[User]:
    """An organisation admin sees their own organisation's accounts and nobody else's."""
    if user.role != Role.ORGANISATION_ADMIN or user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id)


def can_manage_local_authority_contacts(user: User, organisation: Organisation) -> bool:
    """Only the organisation's own admin enters how to reach its local authority."""
    return is_organisation_admin(user, organisation)
