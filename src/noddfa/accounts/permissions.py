"""Who may see and manage organisations and accounts.

Policy functions answer yes/no for one object; the queryset filters give the same answer
for many, so pages, the API and the CLI all apply one rule.
"""

from __future__ import annotations

from django.db.models import QuerySet

from noddfa.audit.models import AuditEvent

from .models import Organisation, Role, User

# The roles that record concerns. Kept with the roles rather than in the concerns app, so the
# apps below concerns (people) can offer "record a concern" without importing it.
RECORDING_ROLES = frozenset({Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM})


def can_record_concern(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in RECORDING_ROLES


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
    return User.objects.filter(organisation=user.organisation_id)


def can_manage_local_authority_contacts(user: User, organisation: Organisation) -> bool:
    """Only the organisation's own admin enters how to reach its local authority."""
    return is_organisation_admin(user, organisation)


# Who may read the audit trail: an organisation admin, for their own organisation only.


def can_read_audit_trail(user: User) -> bool:
    return (
        user.is_active and user.role == Role.ORGANISATION_ADMIN and user.organisation_id is not None
    )


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    if not can_read_audit_trail(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(organisation=user.organisation_id)


def can_see_outside_reads(user: User, holder_organisation_id: int | None) -> bool:
    """The holder's safeguarding leads see who outside their organisation read its records."""
    return (
        user.is_active
        and holder_organisation_id is not None
        and user.organisation_id == holder_organisation_id
        and user.role in (Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM)
    )
