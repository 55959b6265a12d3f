"""What a pattern alert is about, and who on the team is looking at it (issue 19).

An alert stores only a hash of the phone number or address it found (patterns.identifier_hash), so
what it is about is worked out again from its people, whom the team may already see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.matching import normalise_phone, normalise_postcode
from noddfa.matching.identifiers import normalise_address
from noddfa.people.models import Person

from .pattern_models import PatternAlert, PatternKind
from .patterns import can_see_alerts, identifier_hash


def what_it_is_about(alert: PatternAlert) -> str:
    """The phone number or the address the alert found, as first recorded on one of its
    people; "" for the patterns about a person rather than an identifier."""
    wanted = alert.fingerprint.partition(":")[2]
    people = list(alert.people.all())
    if alert.kind == PatternKind.SHARED_PHONE:
        for person in people:
            for number in person.phone_numbers:
                if identifier_hash(normalise_phone(str(number))) == wanted:
                    return str(number)
    if alert.kind == PatternKind.CHILDREN_AT_ADDRESS:
        for person in people:
            home = f"{normalise_address(person.address)}|{normalise_postcode(person.postcode)}"
            if person.address and identifier_hash(home) == wanted:
                return ", ".join(part for part in (person.address, person.postcode) if part)
    return ""


def discussed_person(alert: PatternAlert) -> Person | None:
    """Whose record a strategy discussion about the alert is started on: the first person it
    is about, never the adult an "adult around children" alert found (the discussion is
    about the people at risk)."""
    adult = (
        alert.fingerprint.partition(":")[2]
        if alert.kind == PatternKind.ADULT_AROUND_CHILDREN
        else ""
    )
    return next((p for p in alert.people.all() if str(p.pk) != adult), None)


@transaction.atomic
def start_looking(by: User, alert: PatternAlert) -> PatternAlert:
    """Mark an open alert as being looked at by `by`, from now; audited. Taking it over from a
    colleague is allowed (they may be away) and the audit trail keeps who had it."""
    if not can_see_alerts(by) or alert.organisation_id != by.organisation_id:
        raise PermissionDenied
    locked = PatternAlert.objects.select_for_update().get(pk=alert.pk)
    if locked.dismissed_at is not None or locked.looked_at_by_id == by.pk:
        return locked
    previous = locked.looked_at_by_id
    locked.looked_at_by = by
    locked.looked_at_since = timezone.now()
    locked.save(update_fields=["looked_at_by", "looked_at_since"])
    record(
        AuditAction.CHANGE,
        actor=by,
        target=locked,
        detail={
            "event": "pattern_alert_being_looked_at",
            "kind": locked.kind,
            **({"taken_over_from": previous} if previous else {}),
        },
    )
    return locked
