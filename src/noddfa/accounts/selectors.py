from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from noddfa.audit import reads
from noddfa.audit.models import AuditEvent

from .models import AccountLink, LocalAuthorityContacts, Organisation, User
from .permissions import (
    can_manage_local_authority_contacts,
    events_visible_to,
    members_visible_to,
)

CHILDREN = "children"
ADULTS = "adults"

# The reports that go to the local authority, by pathway action code and by referral kind.
_REPORT_AUDIENCES = {
    "REPORT_CHILD_AT_RISK": CHILDREN,
    "child_at_risk": CHILDREN,
    "REPORT_ADULT_AT_RISK": ADULTS,
    "adult_at_risk": ADULTS,
}


def members_of_my_organisation(user: User, *, page: str = "") -> QuerySet[User]:
    """The admin's members, each with `invited`: whether a live invitation or reset link of
    theirs is waiting to be used."""
    if page:
        reads.read(user, page, target=user.organisation)
    live = AccountLink.objects.filter(
        user=OuterRef("pk"),
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    return (
        members_visible_to(user)
        .select_related("organisation")
        .annotate(invited=Exists(live))
        .order_by("full_name")
    )


def member_for_admin(user: User, member_id: int) -> User | None:
    """One member of the admin's own organisation, or None (a stranger's is not found)."""
    return members_visible_to(user).filter(pk=member_id).first()


def local_authority_contacts_of(organisation: Organisation) -> LocalAuthorityContacts | None:
    return LocalAuthorityContacts.objects.filter(organisation=organisation).first()


@dataclass(frozen=True)
class ReportContacts:
    """How to reach the body that receives one report of a child or an adult at risk."""

    audience: str  # CHILDREN or ADULTS
    organisation: Organisation
    contacts: LocalAuthorityContacts | None
    # Whether the person reading may add or change them (the organisation's admin).
    may_change: bool

    @property
    def phone(self) -> str:
        if self.contacts is None:
            return ""
        if self.audience == CHILDREN:
            return self.contacts.childrens_services_phone
        return self.contacts.adult_services_phone

    @property
    def email(self) -> str:
        if self.contacts is None:
            return ""
        if self.audience == CHILDREN:
            return self.contacts.childrens_services_email
        return self.contacts.adult_services_email


def report_contacts(
    code: str, organisation: Organisation | None, reader: User | None
) -> ReportContacts | None:
    """The local authority contacts to show beside a report action or in a report, or None
    where the action or referral is not a report to the local authority."""
    audience = _REPORT_AUDIENCES.get(code)
    if audience is None or organisation is None:
        return None
    return ReportContacts(
        audience=audience,
        organisation=organisation,
        contacts=local_authority_contacts_of(organisation),
        may_change=reader is not None
        and reader.is_authenticated
        and can_manage_local_authority_contacts(reader, organisation),
    )


@dataclass(frozen=True)
class TrailFilter:
    action: str = ""
    actor_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def audit_trail_for(user: User, wanted: TrailFilter, *, page: str = "") -> QuerySet[AuditEvent]:
    if page:
        reads.read(user, page, target=user.organisation)
    events = events_visible_to(user).select_related("actor").order_by("-id")
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.actor_id is not None:
        events = events.filter(actor_id=wanted.actor_id)
    if wanted.date_from is not None:
        events = events.filter(occurred_at__date__gte=wanted.date_from)
    if wanted.date_to is not None:
        events = events.filter(occurred_at__date__lte=wanted.date_to)
    return events
