"""Writing training: permission, change and audit event in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from .models import Course, Level, TrainingRecord
from .permissions import can_manage_courses, can_record_for, can_retire, courses_visible_to


@transaction.atomic
def record_training(
    by: User, user: User, course: Course, completed_on: date, evidence: str = ""
) -> TrainingRecord:
    """Record that a member of the recorder's own organisation completed a course."""
    if not can_record_for(by, user):
        raise PermissionDenied
    if not courses_visible_to(by).filter(pk=course.pk, retired_at__isnull=True).exists():
        raise PermissionDenied
    if completed_on > timezone.localdate():
        raise ValidationError(_("The date the course was completed must be today or in the past"))
    training = TrainingRecord.objects.create(
        user=user,
        course=course,
        completed_on=completed_on,
        expires_on=course.expiry_for(completed_on),
        evidence=evidence,
        recorded_by=by,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=training,
        detail={"user_id": user.pk, "course": course.key},
    )
    return training


def _unused_key(by: User, title: str) -> str:
    base = slugify(title)[:56] or "course"
    key, n = base, 1
    while Course.objects.filter(organisation=by.organisation_id, key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


@transaction.atomic
def add_course(
    by: User,
    *,
    title: str,
    level: str = Level.OTHER,
    description: str = "",
    duration: str = "",
    validity_months: int | None = None,
) -> Course:
    """Add a course to the organisation admin's own organisation's catalogue."""
    if not can_manage_courses(by) or by.organisation is None:
        raise PermissionDenied
    course = Course.objects.create(
        key=_unused_key(by, title),
        title=title,
        level=Level(level),
        description=description,
        duration=duration,
        validity_months=validity_months,
        organisation=by.organisation,
        created_by=by,
    )
    record(AuditAction.CREATE, actor=by, target=course, detail={"key": course.key})
    return course


@transaction.atomic
def retire_course(by: User, course: Course) -> Course:
    """Stop a course being recorded again; its records stay, with their expiry dates."""
    if not can_retire(by, course):
        raise PermissionDenied
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.retired_at is None:
        course.retired_at = timezone.now()
        course.save(update_fields=["retired_at"])
        record(AuditAction.CHANGE, actor=by, target=course, detail={"retired": True})
    return course
