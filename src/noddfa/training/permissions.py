"""Who may see and record training.

Everyone sees their own records and the national catalogue. An organisation admin or
safeguarding lead sees and records training for their own organisation's staff, and nobody
sees another organisation's records or courses. Only an organisation admin adds or retires
the organisation's own courses; the national courses change only through a reviewed data
migration, because their text cites its source.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from noddfa.accounts.models import Role, User

from .models import Course, TrainingRecord

TRAINING_MANAGERS = frozenset({Role.ORGANISATION_ADMIN, Role.SAFEGUARDING_LEAD})


def can_manage_training(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in TRAINING_MANAGERS


def can_manage_courses(user: User) -> bool:
    return (
        user.is_active and user.organisation_id is not None and user.role == Role.ORGANISATION_ADMIN
    )


def staff_visible_to(user: User) -> QuerySet[User]:
    """Staff whose training this user may see and record: their own organisation's."""
    if not can_manage_training(user):
        return User.objects.none()
    return User.objects.filter(organisation=user.organisation_id, is_active=True)


def records_visible_to(user: User) -> QuerySet[TrainingRecord]:
    if not user.is_active:
        return TrainingRecord.objects.none()
    mine = Q(user_id=user.pk)
    if can_manage_training(user):
        # Records follow the person: a lead sees the certificates of whoever is on the staff now.
        mine |= Q(user__organisation=user.organisation_id)
    return TrainingRecord.objects.filter(mine)


def courses_visible_to(user: User) -> QuerySet[Course]:
    national = Q(organisation__isnull=True)
    if user.organisation_id is None:
        return Course.objects.filter(national)
    return Course.objects.filter(national | Q(organisation=user.organisation_id))


def can_record_for(user: User, member: User) -> bool:
    return (
        can_manage_training(user)
        and member.is_active
        and member.organisation_id == user.organisation_id
    )


def can_retire(user: User, course: Course) -> bool:
    return (
        can_manage_courses(user)
        and course.organisation_id is not None
        and course.organisation_id == user.organisation_id
    )
