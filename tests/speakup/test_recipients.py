"""The recipients' side as services: the inbox's order and clocks, the reminders that chase
them, a concern recorded from a report, and the channels an organisation admin manages."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.concerns.models import ConcernDraft
from noddfa.core.models import OutboxMail
from noddfa.pathway import load_catalogue
from noddfa.speakup import recipients, services
from noddfa.speakup.content import SIGN_CODES
from noddfa.speakup.models import (
    ChannelKind,
    ClockKind,
    ClockReminder,
    ReportStatus,
    SpeakUpChannel,
    SpeakUpReport,
)

from .conftest import a_report

pytestmark = pytest.mark.django_db


def _report(channel: SpeakUpChannel, days_ago: float, **fields: object) -> SpeakUpReport:
    return services.submit_report(
        channel, a_report(**fields), now=timezone.now() - timedelta(days=days_ago)
    ).report


# --- The inbox -------------------------------------------------------------------------


def test_the_inbox_puts_the_nearest_clock_first_and_finished_ones_last(
    channel: SpeakUpChannel, lead: User
) -> None:
    fresh = _report(channel, 1)
    nearly_late = _report(channel, 6)
    acknowledged_long_ago = _report(channel, 80)
    closed = _report(channel, 2)
    services.acknowledge_report(lead, acknowledged_long_ago)
    services.close_report(lead, closed)
    order = [entry.report.pk for entry in recipients.inbox_for(lead)]
    # Acknowledge by tomorrow; acknowledge in 6 days; feedback (91 - 80) in 11 days; closed.
    assert order == [nearly_late.pk, fresh.pk, acknowledged_long_ago.pk, closed.pk]


def test_an_overdue_clock_is_marked_and_a_met_one_is_not(
    channel: SpeakUpChannel, lead: User
) -> None:
    late = _report(channel, 8)
    [entry] = recipients.inbox_for(lead)
    assert entry.overdue
    assert [c.overdue for c in entry.clocks] == [True, False]
    services.acknowledge_report(lead, late)
    [entry] = recipients.inbox_for(lead)
    assert not entry.overdue
    assert entry.clocks[0].done_at is not None


def test_only_the_channels_recipients_have_an_inbox(
    channel: SpeakUpChannel, lead: User, other_lead: User, organisation: Organisation
) -> None:
    _report(channel, 1)
    practitioner = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    assert recipients.may_use_inbox(lead)
    assert not recipients.may_use_inbox(other_lead)
    assert not recipients.may_use_inbox(practitioner)
    assert recipients.inbox_for(other_lead) == []
    assert recipients.inbox_for(practitioner) == []


def test_a_closed_report_takes_no_more_messages(channel: SpeakUpChannel, lead: User) -> None:
    report = _report(channel, 1)
    recipients.close(lead, report)
    with pytest.raises(recipients.ReportClosed):
        recipients.ask_reporter(lead, report, "Are you still there?")
    assert services.messages_for(report) == []


def test_feedback_meets_the_clock_and_puts_the_report_under_action(
    channel: SpeakUpChannel, lead: User
) -> None:
    report = _report(channel, 1)
    recipients.give_feedback(lead, report, "We are acting on what you told us.")
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_ACTION
    assert report.feedback_given_at is not None and report.acknowledged_at is not None
    assert report.delete_after is None


# --- Reminders -------------------------------------------------------------------------


def _run_reminders(now: object | None = None) -> str:
    out = StringIO()
    args = ["reminders"] + ([f"--now={now}"] if now else [])
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_report_not_acknowledged_in_7_days_reminds_the_leads_once(
    channel: SpeakUpChannel, lead: User
) -> None:
    _report(channel, 8)
    first = _run_reminders()
    assert "Speak-up reminders queued: 1" in first
    mail = OutboxMail.objects.get(recipient=lead.email)
    assert "acknowledged" in mail.subject
    # The email names nothing of the report or its channel.
    assert "Glan" not in mail.body and "car wash" not in mail.body.lower()
    assert "Speak-up reminders queued: 0" in _run_reminders()
    assert OutboxMail.objects.count() == 1
    assert ClockReminder.objects.get().kind == ClockKind.ACKNOWLEDGE_OVERDUE


def test_a_report_without_feedback_in_3_months_reminds_the_leads(
    channel: SpeakUpChannel, lead: User
) -> None:
    report = _report(channel, 92)
    services.acknowledge_report(lead, report)
    _run_reminders()
    assert ClockReminder.objects.get(report=report).kind == ClockKind.FEEDBACK_OVERDUE
    assert "feedback" in OutboxMail.objects.get().subject


def test_a_report_nearing_its_clock_is_reminded_before_it_runs_out(
    channel: SpeakUpChannel, lead: User
) -> None:
    _report(channel, 5.5)
    _run_reminders()
    assert ClockReminder.objects.get().kind == ClockKind.ACKNOWLEDGE_SOON


def test_a_fresh_an_answered_or_a_closed_report_reminds_no_one(
    channel: SpeakUpChannel, lead: User
) -> None:
    _report(channel, 1)
    answered = _report(channel, 100)
    recipients.give_feedback(lead, answered, "Action is being taken.")
    closed = _report(channel, 100)
    recipients.close(lead, closed)
    assert "Speak-up reminders queued: 0" in _run_reminders()
    assert not OutboxMail.objects.exists()


def test_an_open_report_never_expires_however_old(channel: SpeakUpChannel, lead: User) -> None:
    old = _report(channel, 3000)
    recipients.give_feedback(lead, old, "Still acting.")
    services.warn_before_deletion(now=timezone.now() + timedelta(days=4000))
    assert services.delete_expired_reports(now=timezone.now() + timedelta(days=5000)) == 0
    assert SpeakUpReport.objects.filter(pk=old.pk).exists()


# --- Into the pathway ------------------------------------------------------------------


def test_every_sign_maps_to_a_real_indicator() -> None:
    known = {indicator.id for indicator in load_catalogue().indicators}
    assert set(recipients.SIGN_INDICATORS) == set(SIGN_CODES)
    assert set(recipients.SIGN_INDICATORS.values()) <= known


def test_a_concern_form_carries_the_facts_but_not_the_contact_unless_chosen(
    channel: SpeakUpChannel, lead: User
) -> None:
    report = _report(channel, 1, contact="Call Mo on 07700 900123 after six", signs=("debt",))
    draft = recipients.start_concern(lead, report.pk)
    assert draft.data["observed_where"] == ["Car wash on Heol y Bont"]
    assert draft.data["indicators"] == ["CSB-10"]
    account = draft.data["account"][0]
    assert "Three men sleep in the back room" in account
    assert "Most evenings last week" in account
    assert "bandaged hand" in account and "White van" in account
    assert "07700 900123" not in str(draft.data)

    other = _report(channel, 1, contact="Call Mo on 07700 900123 after six")
    chosen = recipients.start_concern(lead, other.pk, include_contact=True)
    assert "07700 900123" in chosen.data["account"][0]


def test_starting_a_concern_is_for_the_recipients_only(
    channel: SpeakUpChannel, other_lead: User, organisation: Organisation
) -> None:
    report = _report(channel, 1)
    practitioner = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    for stranger in (other_lead, practitioner):
        with pytest.raises(PermissionError):
            recipients.start_concern(stranger, report.pk)
    assert not ConcernDraft.objects.exists()


def test_starting_a_concern_reads_the_report_and_is_audited(
    channel: SpeakUpChannel, lead: User
) -> None:
    report = _report(channel, 1)
    recipients.start_concern(lead, report.pk)
    pages = AuditEvent.objects.filter(object_id=str(report.pk), actor=lead).values_list(
        "detail", flat=True
    )
    assert any(detail.get("page") == "speakup_concern_start" for detail in pages)


# --- Channels --------------------------------------------------------------------------


def test_an_organisation_admin_opens_a_channel_for_its_own_leads_only(
    organisation: Organisation, lead: User, other_lead: User
) -> None:
    admin = UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)
    with pytest.raises(ValueError):
        recipients.open_channel(
            admin,
            slug="ours",
            text=recipients.ChannelText("Ours"),
            recipients=[other_lead],
        )
    channel = recipients.open_channel(
        admin, slug="Ours", text=recipients.ChannelText("Ours"), recipients=[lead]
    )
    assert channel.slug == "ours"
    assert list(channel.recipients.all()) == [lead]


def test_only_a_local_authority_opens_a_community_channel(organisation: Organisation) -> None:
    school_admin = UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)
    with pytest.raises(PermissionError):
        recipients.open_channel(
            school_admin,
            slug="town",
            text=recipients.ChannelText("Town"),
            kind=ChannelKind.COMMUNITY,
        )
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    council_admin = UserFactory(organisation=council, role=Role.ORGANISATION_ADMIN)
    channel = recipients.open_channel(
        council_admin, slug="town", text=recipients.ChannelText("Town"), kind=ChannelKind.COMMUNITY
    )
    assert channel.kind == ChannelKind.COMMUNITY


def test_a_lead_or_another_organisations_admin_cannot_manage_a_channel(
    channel: SpeakUpChannel, lead: User
) -> None:
    stranger = UserFactory(role=Role.ORGANISATION_ADMIN)
    for person in (lead, stranger):
        with pytest.raises(PermissionError):
            recipients.set_channel_open(person, channel, False)
    channel.refresh_from_db()
    assert channel.is_open


def test_closing_a_channel_stops_new_reports_but_keeps_the_old_ones(
    channel: SpeakUpChannel, organisation: Organisation
) -> None:
    old = _report(channel, 1)
    admin = UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)
    recipients.set_channel_open(admin, channel, False)
    channel.refresh_from_db()
    with pytest.raises(services.ChannelClosed):
        services.submit_report(channel, a_report())
    assert SpeakUpReport.objects.filter(pk=old.pk).exists()


# --- Retention -------------------------------------------------------------------------


def test_a_closed_report_is_warned_of_then_deleted_and_a_reopened_one_is_kept(
    channel: SpeakUpChannel, lead: User
) -> None:
    kept, gone = _report(channel, 400), _report(channel, 400)
    for report in (kept, gone):
        services.close_report(lead, report, now=timezone.now() - timedelta(days=340))
    assert recipients.warn_and_delete() == (2, 0)
    mail = OutboxMail.objects.filter(subject__contains="will be deleted")
    assert mail.count() == 2 and all(m.recipient == lead.email for m in mail)
    assert "car wash" not in mail.first().body.lower()  # type: ignore[union-attr]
    # Warned once only.
    assert recipients.warn_and_delete() == (0, 0)
    kept.refresh_from_db()
    recipients.reopen(lead, kept)
    later = timezone.now() + timedelta(days=31)
    assert recipients.warn_and_delete(later) == (0, 1)
    assert not SpeakUpReport.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert kept.status == ReportStatus.UNDER_ACTION and kept.delete_after is None


def test_noddfa_reminders_runs_the_retention_too(channel: SpeakUpChannel, lead: User) -> None:
    report = _report(channel, 400)
    services.close_report(lead, report, now=timezone.now() - timedelta(days=340))
    assert "recipients told: 1" in _run_reminders()


def test_a_council_names_its_safeguarding_team_as_recipients() -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    admin = UserFactory(organisation=council, role=Role.ORGANISATION_ADMIN)
    # The team receives a channel that names no one, as leads do elsewhere.
    assert recipients.has_default_recipients(council)
    channel = recipients.open_channel(
        admin,
        slug="town",
        text=recipients.ChannelText("Town"),
        kind=ChannelKind.COMMUNITY,
        recipients=[team],
    )
    _report(channel, 1)
    assert recipients.may_use_inbox(team)
    assert len(recipients.inbox_for(team)) == 1


def test_starting_twice_continues_the_same_concern_form(
    channel: SpeakUpChannel, lead: User
) -> None:
    report = _report(channel, 1)
    first = recipients.start_concern(lead, report.pk)
    assert recipients.start_concern(lead, report.pk).pk == first.pk
    assert ConcernDraft.objects.count() == 1
