from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.models import Alert, Concern
from noddfa.concerns.pathway_case import IMMEDIATE_GRACE
from noddfa.concerns.services import add_addendum, close_concern, record_outcome
from noddfa.core.errors import Conflict, RuleBroken
from noddfa.core.outbox import deliver_queued

pytestmark = pytest.mark.django_db


def test_child_recruited_for_county_lines_is_reported_without_consent() -> None:
    practitioner = UserFactory()
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2011, 5, 1))
    concern = make_concern(practitioner, child, action=["recruitment"], purpose=["criminal"])
    codes = set(concern.actions.values_list("code", flat=True))
    assert {"REPORT_CHILD_AT_RISK", "NRM_REFERRAL"} <= codes
    assert "SEEK_INFORMED_CONSENT" not in codes
    assert concern.pathway_result["assessment"]["treated_as_child"] is True
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(concern.pk)).exists()


def test_immediate_danger_puts_call_999_first_in_the_checklist() -> None:
    concern = make_concern(UserFactory(), danger="yes", immediate_danger=True)
    first = concern.actions.order_by("priority", "code").first()
    assert first is not None and first.code == "CALL_999"
    # Due now, and overdue only once the grace for "immediately" has passed (issue 18, item 3).
    assert first.due_at == concern.recorded_at + IMMEDIATE_GRACE


def test_the_organisations_safeguarding_leads_are_alerted_at_once_in_app_and_by_email(
    django_capture_on_commit_callbacks: object,
) -> None:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    elsewhere = UserFactory(role=Role.SAFEGUARDING_LEAD)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        concern = make_concern(practitioner)
    deliver_queued()  # `noddfa send_mail`, never the request that recorded the concern
    assert Alert.objects.filter(recipient=lead, concern=concern).exists()
    assert not Alert.objects.filter(recipient=elsewhere).exists()
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert concern.subject.family_name not in mail.outbox[0].body


def test_a_recorded_concern_cannot_be_edited_or_deleted() -> None:
    concern = make_concern(UserFactory())
    concern.account = "rewritten"
    with pytest.raises(PermissionError):
        concern.save()
    with pytest.raises(PermissionError):
        concern.delete()
    assert Concern.objects.get(pk=concern.pk).account != "rewritten"


def test_corrections_are_addenda_and_the_original_stays() -> None:
    practitioner = UserFactory()
    concern = make_concern(practitioner, account="Said he was 19.")
    add_addendum(practitioner, concern, reason="Correction", text="He said 16, not 19.")
    concern.refresh_from_db()
    assert concern.account == "Said he was 19."
    assert concern.addenda.get().text == "He said 16, not 19."


def test_an_action_not_done_needs_a_reason() -> None:
    practitioner = UserFactory()
    action = make_concern(practitioner).actions.first()
    assert action is not None
    with pytest.raises(RuleBroken, match="why"):
        record_outcome(practitioner, action, status="not_done", happened_at=timezone.now())


def test_only_a_lead_of_the_recording_organisation_closes_a_concern() -> None:
    practitioner = UserFactory()
    concern = make_concern(practitioner)
    with pytest.raises(PermissionDenied):
        close_concern(practitioner, concern, outcome="no_further_action", reason="x")
    other_lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    with pytest.raises(PermissionDenied):
        close_concern(other_lead, concern, outcome="no_further_action", reason="x")
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    close_concern(lead, concern, outcome="no_further_action", reason="Enquiries found no risk.")
    with pytest.raises(Conflict, match="already closed"):
        close_concern(lead, concern, outcome="no_further_action", reason="again")


def test_no_one_outside_the_organisation_can_record_about_its_people() -> None:
    person = PersonFactory()
    with pytest.raises(PermissionDenied):
        make_concern(UserFactory(), person)
