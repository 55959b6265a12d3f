"""Patterns that point to trafficking, raised as alerts for local authority teams.

Each team's patterns are found only among the people that team may already see (its own
records and the multi-agency cases it joined), so an alert never tells a team about a
person it could not open. Each alert explains itself and can be dismissed with a reason;
running `noddfa patterns` again never repeats a dismissed alert nor adds a duplicate.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit import reads
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.concerns.models import Involvement
from noddfa.matching import name_tokens, normalise_phone, normalise_postcode
from noddfa.matching.identifiers import normalise_address
from noddfa.people.models import Person
from noddfa.people.permissions import can_view_person, visible_to_organisation

from .pattern_models import PatternAlert, PatternKind, SchoolRegistration
from .selectors import missing_episodes_for

# The thresholds the guidance names; each is tested at and just under its value.
SCHOOL_MOVES_IN_A_YEAR = 2  # registered and taken off the roll more than once in 12 months
MISSING_EPISODES = 3
MISSING_WINDOW_DAYS = 90
CHILDREN_AT_ONE_ADDRESS = 3
PEOPLE_PER_PHONE = 3
PEOPLE_PER_ADULT = 3

LA_TYPES = (OrganisationType.LA_CHILDRENS_SERVICES, OrganisationType.LA_ADULT_SERVICES)


@dataclass(frozen=True)
class Finding:
    kind: str
    fingerprint: str
    people: tuple[Person, ...]
    count: int


def identifier_hash(value: str) -> str:
    # Fingerprints are stored; a phone number or an address is kept out of them.
    return hashlib.sha256(value.encode()).hexdigest()[:24]


_REGISTRARS = {Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM}


def may_record_school_registrations(user: User) -> bool:
    return user.organisation is not None and user.role in _REGISTRARS


@transaction.atomic
def record_leaving_school(
    by: User, registration: SchoolRegistration, deregistered_on: date
) -> SchoolRegistration:
    """The organisation that recorded a registration records the day the child left."""
    if (
        not may_record_school_registrations(by)
        or registration.organisation_id != by.organisation_id
    ):
        raise PermissionDenied
    # Locked, so two people recording the leaving date at once cannot both succeed.
    registration = SchoolRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.deregistered_on is not None:
        raise ValidationError(_("The date they left is already recorded."))
    if deregistered_on < registration.registered_on:
        raise ValidationError(_("The child cannot leave before they joined"))
    registration.deregistered_on = deregistered_on
    registration.save(update_fields=["deregistered_on"])
    record(
        AuditAction.CHANGE,
        actor=by,
        target=registration,
        detail={"event": "school_leaving_recorded"},
    )
    return registration


def _people_of(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(visible_to_organisation(organisation.pk))


def _is_child(person: Person, today: date) -> bool:
    age = person.age_on(today)
    return person.age_disputed or (age is not None and age < 18)


def school_churn(people: QuerySet[Person], today: date) -> list[Finding]:
    since = today - timedelta(days=365)
    leaving: dict[Person, int] = defaultdict(int)
    for registration in SchoolRegistration.objects.filter(
        person__in=people, deregistered_on__gte=since, deregistered_on__lte=today
    ).select_related("person"):
        leaving[registration.person] += 1
    return [
        Finding(PatternKind.SCHOOL_CHURN, f"school_churn:{p.pk}", (p,), n)
        for p, n in leaving.items()
        if n >= SCHOOL_MOVES_IN_A_YEAR
    ]


def repeated_missing(people: QuerySet[Person], now: datetime) -> list[Finding]:
    found: list[Finding] = []
    for person in people.filter(
        missing_episodes__last_seen_at__gte=now - timedelta(days=MISSING_WINDOW_DAYS)
    ).distinct():
        count = missing_episodes_for(person, MISSING_WINDOW_DAYS, now).count()
        if count >= MISSING_EPISODES:
            found.append(
                Finding(PatternKind.REPEATED_MISSING, f"missing:{person.pk}", (person,), count)
            )
    return found


def children_at_address(people: QuerySet[Person], today: date) -> list[Finding]:
    """Children from three or more families at one address.

    "Unrelated" is read from the records: children sharing a family name (as matching
    normalises it, in any script) count as one family, since siblings usually do.
    """
    homes: dict[str, dict[str, list[Person]]] = defaultdict(lambda: defaultdict(list))
    for person in people.exclude(address=""):
        if not _is_child(person, today):
            continue
        home = f"{normalise_address(person.address)}|{normalise_postcode(person.postcode)}"
        family = " ".join(sorted(name_tokens(person.family_name).tokens)) or f"?{person.pk}"
        homes[home][family].append(person)
    return [
        Finding(
            PatternKind.CHILDREN_AT_ADDRESS,
            f"address:{identifier_hash(home)}",
            tuple(p for group in families.values() for p in group),
            len(families),
        )
        for home, families in homes.items()
        if len(families) >= CHILDREN_AT_ONE_ADDRESS
    ]


def shared_phones(people: QuerySet[Person]) -> list[Finding]:
    holders: dict[str, set[Person]] = defaultdict(set)
    for person in people:
        for number in person.phone_numbers:
            normalised = normalise_phone(str(number))
            if normalised:
                holders[normalised].add(person)
    return [
        Finding(
            PatternKind.SHARED_PHONE,
            f"phone:{identifier_hash(number)}",
            tuple(sorted(group, key=lambda p: str(p.pk))),
            len(group),
        )
        for number, group in holders.items()
        if len(group) >= PEOPLE_PER_PHONE
    ]


def adults_around_people(people: QuerySet[Person], today: date) -> list[Finding]:
    """One adult named in concerns about three or more different people."""
    around: dict[Person, set[Person]] = defaultdict(set)
    for involvement in Involvement.objects.filter(
        person__in=people, concern__subject__in=people
    ).select_related("person", "concern__subject"):
        if involvement.person.pk != involvement.concern.subject.pk:
            around[involvement.person].add(involvement.concern.subject)
    return [
        Finding(
            PatternKind.ADULT_AROUND_CHILDREN,
            f"adult:{adult.pk}",
            (adult, *sorted(subjects, key=lambda p: str(p.pk))),
            len(subjects),
        )
        for adult, subjects in around.items()
        if len(subjects) >= PEOPLE_PER_ADULT and not _is_child(adult, today)
    ]


def findings_for(organisation: Organisation, now: datetime | None = None) -> list[Finding]:
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    people = _people_of(organisation)
    return [
        *school_churn(people, today),
        *repeated_missing(people, moment),
        *children_at_address(people, today),
        *shared_phones(people),
        *adults_around_people(people, today),
    ]


# Alerts written per short transaction: at 30,000 people one long transaction held SQLite's
# write lock for seconds and every signed-in page waited behind it.
ALERT_BATCH_SIZE = 100


def raise_alerts(now: datetime | None = None, *, batch_size: int | None = None) -> int:
    """Find every team's patterns and store new ones; safe to run on a schedule.

    The patterns are read outside any transaction (a read takes no write lock), then stored
    in short transactions of `batch_size` alerts (ALERT_BATCH_SIZE unless given), so the
    site's own writes go between them.
    An alert already raised (open or dismissed) for the same pattern is left alone, apart
    from its people and count being brought up to date while it is open; a crash between
    batches leaves the batches stored, and the next run stores the rest.
    """
    size = batch_size or ALERT_BATCH_SIZE
    raised = 0
    for organisation in list(Organisation.objects.filter(organisation_type__in=LA_TYPES)):
        findings = findings_for(organisation, now)
        for start in range(0, len(findings), size):
            raised += _store_alerts(organisation, findings[start : start + size])
            _between_batches()
    return raised


def _between_batches() -> None:
    """Where one batch is committed and the next not begun: another writer may go here."""


@transaction.atomic
def _store_alerts(organisation: Organisation, findings: list[Finding]) -> int:
    raised = 0
    for finding in findings:
        alert, created = PatternAlert.objects.get_or_create(
            organisation=organisation,
            fingerprint=finding.fingerprint,
            defaults={"kind": finding.kind, "count": finding.count},
        )
        # Read again inside the transaction: dismissed since the patterns were read stays so.
        if created or alert.dismissed_at is None:
            alert.count = finding.count
            alert.save(update_fields=["count"])
            alert.people.set(finding.people)
        if created:
            raised += 1
            record(
                AuditAction.CREATE,
                organisation=organisation,
                target=alert,
                detail={"event": "pattern_alert_raised", "kind": finding.kind},
            )
    return raised


def can_see_alerts(user: User) -> bool:
    return (
        user.is_active
        and user.organisation_id is not None
        and (user.role == Role.LA_SAFEGUARDING_TEAM)
    )


def alerts_for(user: User, *, page: str = "") -> QuerySet[PatternAlert]:
    if not can_see_alerts(user):
        return PatternAlert.objects.none()
    if page:
        reads.read(user, page)
    return PatternAlert.objects.filter(organisation=user.organisation_id).prefetch_related("people")


@transaction.atomic
def dismiss_alert(by: User, alert: PatternAlert, *, reason: str) -> PatternAlert:
    if not can_see_alerts(by) or alert.organisation_id != by.organisation_id:
        raise PermissionDenied
    if alert.dismissed_at is not None:
        return alert
    alert.dismissed_by = by
    alert.dismissed_at = timezone.now()
    alert.dismiss_reason = reason
    alert.save(update_fields=["dismissed_by", "dismissed_at", "dismiss_reason"])
    record(
        AuditAction.CHANGE,
        actor=by,
        target=alert,
        detail={"event": "pattern_alert_dismissed", "kind": alert.kind},
    )
    return alert


@transaction.atomic
def record_school_registration(
    by: User,
    person: Person,
    *,
    school: str,
    registered_on: date,
    deregistered_on: date | None = None,
) -> SchoolRegistration:
    """A school (or the local authority) records a child joining or leaving its roll."""
    if not may_record_school_registrations(by) or not can_view_person(by, person):
        raise PermissionDenied
    if by.organisation is None:  # may_record_school_registrations has refused it already
        raise PermissionDenied
    registration = SchoolRegistration.objects.create(
        person=person,
        school=school,
        registered_on=registered_on,
        deregistered_on=deregistered_on,
        recorded_by=by,
        organisation=by.organisation,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=registration,
        detail={"event": "school_registration_recorded"},
    )
    return registration
