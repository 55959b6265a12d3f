"""Reading training: statuses, organisation compliance and the first responder test."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from noddfa.accounts.duties import is_first_responder, is_police_force
from noddfa.accounts.models import Organisation, User
from noddfa.audit import reads

from .catalogue import AWARENESS, FIRST_RESPONDER, ORGANISED_CRIME
from .expiry import Status, status_on
from .models import Course, Level, TrainingRecord
from .permissions import can_manage_training, courses_visible_to, records_visible_to


@dataclass(frozen=True)
class ComplianceRow:
    member: User
    course: Course
    record: TrainingRecord | None
    status: Status

    @property
    def expires_on(self) -> date | None:
        return self.record.expires_on if self.record is not None else None


@dataclass(frozen=True)
class MyRecord:
    record: TrainingRecord
    status: Status | None  # None: a later record of the same course replaced this one


def latest_by_course(records: Iterable[TrainingRecord]) -> dict[tuple[int, int], TrainingRecord]:
    """The latest completion for each member and course: a renewal replaces what came before,
    even when the earlier certificate would have lasted longer (its course's validity was
    longer then), because the latest completion is what the organisation now relies on."""
    latest: dict[tuple[int, int], TrainingRecord] = {}
    for record in sorted(records, key=lambda r: (r.completed_on, r.recorded_at, r.pk)):
        latest[(record.user_id, record.course_id)] = record
    return latest


def _completed_by(on: date) -> Q:
    # A question about a past day ignores what was completed after it.
    return Q(completed_on__lte=on)


def is_first_responder_trained(user: User, on: date | None = None) -> bool:
    """Whether the user holds a valid record of a first responder course on a day (today by
    default): the latest completion of a first-responder-level course, national or their own
    organisation's, not expired on that day. A record is valid through its expiry date."""
    on = on or timezone.localdate()
    records = TrainingRecord.objects.filter(
        _completed_by(on), user_id=user.pk, course__level=Level.FIRST_RESPONDER
    )
    return any(
        status_on(record.expires_on, on).trained for record in latest_by_course(records).values()
    )


def my_training(user: User, on: date | None = None) -> list[MyRecord]:
    on = on or timezone.localdate()
    records = list(
        records_visible_to(user).filter(user_id=user.pk).select_related("course", "recorded_by")
    )
    current = {r.pk for r in latest_by_course(r for r in records if r.completed_on <= on).values()}
    return [MyRecord(r, status_on(r.expires_on, on) if r.pk in current else None) for r in records]


def _courses_relevant_to(organisation: Organisation) -> QuerySet[Course]:
    """The organisation's own live courses and the national ones its staff are expected to
    hold: awareness for everyone; first responder for first responder organisations; the
    organised crime course for the police (seed 001 names police and CPS as its audience)."""
    national_keys = {AWARENESS}
    if is_first_responder(organisation):
        national_keys.add(FIRST_RESPONDER)
    if is_police_force(organisation):
        national_keys.add(ORGANISED_CRIME)
    return Course.objects.filter(
        Q(organisation__isnull=True, key__in=national_keys) | Q(organisation=organisation),
        retired_at__isnull=True,
    )


def compliance(organisation: Organisation, on: date) -> list[ComplianceRow]:
    """One row per active member of staff and course: current, expiring, expired or missing.

    Courses are those relevant to the organisation plus any other course a member has a
    record of, so training someone did is never hidden because the course is optional.
    """
    staff = list(User.objects.filter(organisation=organisation, is_active=True))
    records = list(
        TrainingRecord.objects.filter(
            _completed_by(on), user__organisation=organisation, user__is_active=True
        ).select_related("course")
    )
    latest = latest_by_course(records)
    courses = {c.pk: c for c in _courses_relevant_to(organisation)}
    for record in records:
        courses.setdefault(record.course_id, record.course)
    ordered_courses = sorted(courses.values(), key=lambda c: (c.level, c.display_title))
    rows = []
    for member in staff:
        for course in ordered_courses:
            latest_record = latest.get((member.pk, course.pk))
            status = status_on(latest_record.expires_on, on) if latest_record else Status.MISSING
            rows.append(ComplianceRow(member, course, latest_record, status))
    return rows


def compliance_for(
    user: User, on: date, course_id: int | None = None, *, page: str = ""
) -> list[ComplianceRow]:
    """The compliance table for the user's own organisation, optionally for one course."""
    if not can_manage_training(user) or user.organisation is None:
        raise PermissionDenied
    rows = compliance(user.organisation, on)
    if course_id is not None:
        rows = [row for row in rows if row.course.pk == course_id]
    if page:
        reads.read(user, page)
    return rows


def expiring_first(rows: Iterable[ComplianceRow]) -> list[ComplianceRow]:
    """Rows that expire within the next 60 days, soonest first."""
    soon = [row for row in rows if row.status == Status.EXPIRING]
    return sorted(soon, key=lambda row: (row.expires_on or date.max, row.member.full_name))


def catalogue_for(user: User) -> QuerySet[Course]:
    # National courses first on every database (SQLite and PostgreSQL sort nulls differently).
    return courses_visible_to(user).order_by(
        F("organisation_id").asc(nulls_first=True), "level", "title"
    )


def live_courses_for(user: User) -> QuerySet[Course]:
    return catalogue_for(user).filter(retired_at__isnull=True)
