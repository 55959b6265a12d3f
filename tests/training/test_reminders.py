from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from factories import UserFactory
from noddfa.accounts.models import Organisation
from noddfa.audit.models import AuditEvent
from noddfa.core.outbox import deliver_queued
from noddfa.training.models import Course, ExpiryReminder, ReminderKind

from .conftest import make_record

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 15)


def run(on: date = ON) -> str:
    out = StringIO()
    call_command("training_reminders", on=on, stdout=out)
    deliver_queued()  # what `noddfa send_mail` does next, on its own schedule
    return out.getvalue()


@pytest.mark.parametrize(
    ("days_to_expiry", "kind"),
    [
        (60, ReminderKind.DAYS_60),
        (31, ReminderKind.DAYS_60),
        (30, ReminderKind.DAYS_30),
        (0, ReminderKind.DAYS_30),
        (-1, ReminderKind.EXPIRED),
    ],
)
def test_one_reminder_per_kind_however_often_it_runs(
    organisation: Organisation, yearly: Course, days_to_expiry: int, kind: ReminderKind
) -> None:
    member = UserFactory(organisation=organisation, email="amira@test.noddfa.example")
    training = make_record(member, yearly, date(2025, 1, 1), ON + timedelta(days=days_to_expiry))
    first, second = run(), run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amira@test.noddfa.example"]
    assert "Yearly refresher" in mail.outbox[0].body
    assert list(ExpiryReminder.objects.values_list("record", "kind")) == [(training.pk, kind)]
    assert first.startswith("Training reminders queued: 1 (")
    assert second.startswith("Training reminders queued: 0 (")
    assert AuditEvent.objects.filter(object_type="training.expiryreminder").count() == 1


def test_each_kind_goes_once_as_expiry_approaches_and_passes(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation)
    expires = date(2026, 9, 30)
    make_record(member, yearly, date(2025, 9, 30), expires)
    for day in range(-70, 10):
        run(expires + timedelta(days=day))
    kinds = sorted(ExpiryReminder.objects.values_list("kind", flat=True))
    assert kinds == sorted(k.value for k in ReminderKind)
    assert len(mail.outbox) == 3
    assert "30 September 2026" in mail.outbox[0].body


def test_the_email_says_only_the_course_and_the_date(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation, full_name="Dafydd Secretname")
    make_record(member, yearly, date(2025, 1, 1), date(2026, 7, 1))
    run()
    (email,) = mail.outbox
    assert email.body.strip() == "Your training for Yearly refresher expires on 1 July 2026."
    assert "Secretname" not in email.body + email.subject


def test_nothing_is_sent_for_courses_that_do_not_expire(
    organisation: Organisation, awareness: Course, first_responder: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, awareness, date(2001, 1, 1))
    make_record(member, first_responder, date(2001, 1, 1))
    assert run().startswith("Training reminders queued: 0 (")
    assert mail.outbox == []


def test_nothing_is_sent_about_a_record_a_renewal_replaced(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation)
    make_record(member, yearly, date(2025, 6, 1))  # expires 1 June 2026: expired on ON
    make_record(member, yearly, date(2026, 5, 20))  # renewed
    run()
    assert mail.outbox == []


def test_nothing_is_sent_to_people_who_have_left(
    organisation: Organisation, yearly: Course
) -> None:
    member = UserFactory(organisation=organisation, is_active=False)
    make_record(member, yearly, date(2025, 1, 1), ON)
    run()
    assert mail.outbox == []


def test_the_reminder_is_in_the_users_language(organisation: Organisation, yearly: Course) -> None:
    member = UserFactory(organisation=organisation, language="cy")
    make_record(member, yearly, date(2025, 1, 1), date(2026, 7, 1))
    run()
    # The month name comes from Django's own Welsh locale, whatever its spelling.
    assert "July" not in mail.outbox[0].body
    assert "1 Gorffen" in mail.outbox[0].body
