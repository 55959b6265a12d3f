from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.training.models import Course, Level, TrainingRecord
from noddfa.training.services import add_course, record_training, retire_course

pytestmark = pytest.mark.django_db


def events_for(target: object, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action,
            object_type=target._meta.label_lower,  # type: ignore[attr-defined]
            object_id=str(target.pk),  # type: ignore[attr-defined]
        )
    )


def test_recording_training_fixes_the_expiry_and_is_audited(
    lead: User, organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation)
    training = record_training(lead, member, yearly, date(2026, 1, 31), "Certificate 42")
    assert training.expires_on == date(2027, 1, 31)
    (event,) = events_for(training, AuditAction.CREATE)
    assert event.actor == lead
    assert event.organisation == organisation

    # A later change to the course does not move the certificate's expiry.
    yearly.validity_months = 6
    yearly.save()
    training.refresh_from_db()
    assert training.expires_on == date(2027, 1, 31)


def test_a_national_course_without_validity_never_expires(
    admin: User, organisation: Organisation, awareness: Course
) -> None:
    training = record_training(admin, admin, awareness, date(2026, 1, 1))
    assert training.expires_on is None


def test_a_completion_date_in_the_future_is_refused(
    lead: User, organisation: Organisation, awareness: Course
) -> None:
    member = UserFactory(organisation=organisation)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        record_training(lead, member, awareness, tomorrow)
    assert not TrainingRecord.objects.exists()
    record_training(lead, member, awareness, timezone.localdate())  # today is fine


def test_recording_for_someone_in_another_organisation_is_refused(
    lead: User, awareness: Course
) -> None:
    elsewhere = UserFactory()
    with pytest.raises(PermissionDenied):
        record_training(lead, elsewhere, awareness, date(2026, 1, 1))
    assert not TrainingRecord.objects.exists()


def test_another_organisations_course_cannot_be_recorded(
    lead: User, organisation: Organisation
) -> None:
    other_admin = UserFactory(role=Role.ORGANISATION_ADMIN)
    theirs = add_course(other_admin, title="Their course")
    with pytest.raises(PermissionDenied):
        record_training(lead, lead, theirs, date(2026, 1, 1))


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.PARTNERSHIP_ANALYST])
def test_other_roles_cannot_record_training(
    organisation: Organisation, awareness: Course, role: str
) -> None:
    user = UserFactory(organisation=organisation, role=role)
    with pytest.raises(PermissionDenied):
        record_training(user, user, awareness, date(2026, 1, 1))


def test_a_retired_course_cannot_be_recorded_again(admin: User, yearly: Course) -> None:
    retire_course(admin, yearly)
    with pytest.raises(PermissionDenied):
        record_training(admin, admin, yearly, date(2026, 1, 1))


def test_an_admin_adds_and_retires_their_own_course_and_both_are_audited(
    admin: User, organisation: Organisation
) -> None:
    course = add_course(
        admin, title="Night shift awareness", level=Level.AWARENESS, validity_months=24
    )
    assert course.organisation == organisation
    assert course.key == "night-shift-awareness"
    assert len(events_for(course, AuditAction.CREATE)) == 1
    second = add_course(admin, title="Night shift awareness")
    assert second.key == "night-shift-awareness-2"

    retire_course(admin, course)
    retire_course(admin, course)  # retiring twice changes nothing and is not audited twice
    course.refresh_from_db()
    assert course.retired_at is not None
    assert len(events_for(course, AuditAction.CHANGE)) == 1


def test_a_lead_cannot_add_courses(lead: User) -> None:
    with pytest.raises(PermissionDenied):
        add_course(lead, title="Anything")


def test_nobody_retires_a_national_course_or_another_organisations_course(
    admin: User, awareness: Course
) -> None:
    with pytest.raises(PermissionDenied):
        retire_course(admin, awareness)
    theirs = add_course(UserFactory(role=Role.ORGANISATION_ADMIN), title="Theirs")
    with pytest.raises(PermissionDenied):
        retire_course(admin, theirs)
    system_admin = UserFactory(role=Role.SYSTEM_ADMIN, organisation=None)
    with pytest.raises(PermissionDenied):
        retire_course(system_admin, awareness)


def test_the_national_catalogue_holds_the_three_courses_with_their_source() -> None:
    national = Course.objects.filter(organisation__isnull=True)
    assert {c.level for c in national} == {
        Level.AWARENESS,
        Level.FIRST_RESPONDER,
        Level.ORGANISED_CRIME,
    }
    assert all(c.source and c.validity_months is None for c in national)
