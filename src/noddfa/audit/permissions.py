"""Who may read the audit trail: an organisation admin, for their own organisation only."""

from __future__ import annotations

from django.db.models import QuerySet

from noddfa.accounts.models import Role, User

from .models import AuditEvent


def can_read_audit_trail(user: User) -> bool:
    return (
        user.is_active and user.role == Role.ORGANISATION_ADMIN and user.organisation_id is not None
    )


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    if not can_read_audit_trail(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(organisation_id=user.organisation_id)
