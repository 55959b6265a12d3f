"""Speak up safely, the recipients' side (issue 21): the inbox and its clocks, answering the
reporter, the clocks chased by `noddfa reminders`, a concern recorded from a report, and the
channels an organisation admin opens and closes.

Everything that opens a report goes through `services.read_report_for_recipient` (audited,
recipients only); lists carry no report text. Nothing here copies who the reporter is anywhere:
the contact details a reporter chose to give reach a concern only when a recipient asks for
them, one report at a time.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.accounts.permissions import can_record_concern, is_organisation_admin
from noddfa.audit import reads
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.concerns import services as concerns
from noddfa.concerns.models import Concern, ConcernDraft
from noddfa.core.outbox import enqueue_many

from . import services
from .content import SIGNS, ReportContent
from .models import (
    DEFAULT_RECIPIENT_ROLES,
    ChannelKind,
    ClockKind,
    ClockReminder,
    ConcernFromReport,
    ReportAttachment,
    ReportStatus,
    SpeakUpChannel,
    SpeakUpReport,
)
from .selectors import channels_received_by

# --- The clocks ------------------------------------------------------------------------

# Reminders go to the recipients this long before a clock runs out, and again once it has.
ACKNOWLEDGE_REMINDER_BEFORE = timedelta(days=2)
FEEDBACK_REMINDER_BEFORE = timedelta(days=14)


@dataclass(frozen=True)
class Clock:
    """One of a report's two clocks, as a recipient sees it."""

    label: str
    due: datetime
    done_at: datetime | None
    overdue: bool


def clocks_of(report: SpeakUpReport, now: datetime | None = None) -> list[Clock]:
    now = now or timezone.now()
    closed = report.status == ReportStatus.CLOSED
    return [
        Clock(
            _("Acknowledge by"),
            report.acknowledge_by,
            report.acknowledged_at,
            report.acknowledged_at is None and not closed and report.acknowledge_by <= now,
        ),
        Clock(
            _("Feedback by"),
            report.feedback_by,
            report.feedback_given_at,
            report.feedback_given_at is None and not closed and report.feedback_by <= now,
        ),
    ]


def _next_due() -> Case:
    """The nearer clock still running: acknowledge, then feedback; none once both are met or
    the report is closed (those sort last)."""
    return Case(
        When(status=ReportStatus.CLOSED, then=Value(None)),
        When(acknowledged_at__isnull=True, then=F("acknowledge_by")),
        When(feedback_given_at__isnull=True, then=F("feedback_by")),
        default=Value(None),
        output_field=DateTimeField(),
    )


@dataclass(frozen=True)
class InboxEntry:
    report: SpeakUpReport
    clocks: list[Clock]
    next_due: datetime | None

    @property
    def overdue(self) -> bool:
        return any(clock.overdue for clock in self.clocks)


def may_use_inbox(user: User) -> bool:
    return channels_received_by(user).exists()


def inbox_reports(user: User) -> QuerySet[SpeakUpReport]:
    """The reports of the channels `user` receives, the nearest clock first. No text."""
    return (
        SpeakUpReport.objects.filter(channel__in=channels_received_by(user))
        .select_related("channel")
        .annotate(next_due=_next_due())
        .order_by(F("next_due").asc(nulls_last=True), "received_at", "id")
    )


def inbox_for(user: User, now: datetime | None = None) -> list[InboxEntry]:
    now = now or timezone.now()
    return [
        InboxEntry(report, clocks_of(report, now), report.next_due)  # type: ignore[attr-defined]
        for report in inbox_reports(user)
    ]


def report_to_act_on(user: User, report_id: uuid.UUID | str) -> SpeakUpReport:
    """The report for a change (no text opened, nothing audited as read). PermissionError for
    anyone but its channel's recipients, and for an id that does not exist."""
    report = (
        SpeakUpReport.objects.select_related("channel", "channel__organisation")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not services.is_recipient(user, report.channel):
        raise PermissionError("only the channel's recipients may act on its reports")
    return report


@dataclass(frozen=True)
class OpenedPhoto:
    data: bytes
    content_type: str


def photo_for_recipient(
    user: User, report_id: uuid.UUID | str, attachment_id: uuid.UUID | str
) -> OpenedPhoto | None:
    """One of a report's photos, opened for its channel's recipient and audited as a read;
    None when the report has no such photo. PermissionError for anyone else."""
    report = report_to_act_on(user, report_id)
    attachment = ReportAttachment.objects.filter(pk=attachment_id, report=report).first()
    if attachment is None:
        return None
    data = services.attachment_data(attachment)
    reads.read(user, "speakup_inbox_photo", target=report)
    return OpenedPhoto(data=data, content_type=attachment.content_type)


class ReportClosed(Exception):
    """A closed report takes no more messages or changes until it is reopened."""


def _still_open(report: SpeakUpReport) -> None:
    if report.status == ReportStatus.CLOSED:
        raise ReportClosed()


def acknowledge(user: User, report: SpeakUpReport) -> None:
    _still_open(report)
    services.acknowledge_report(user, report)


def ask_reporter(user: User, report: SpeakUpReport, text: str) -> None:
    """A message or question to the reporter, who reads it with their receipt."""
    _still_open(report)
    services.post_message(report, text, by=user)


def give_feedback(user: User, report: SpeakUpReport, text: str) -> None:
    """Tell the reporter, in general terms, that action is being taken: meets the feedback
    clock, and from now the report cannot expire until it is closed."""
    _still_open(report)
    with transaction.atomic():
        services.post_message(report, text, by=user, feedback=True)
        services.mark_under_action(user, report)


def close(user: User, report: SpeakUpReport) -> None:
    if report.status == ReportStatus.CLOSED:
        return
    services.close_report(user, report)


# --- Reminders (`noddfa reminders`) ----------------------------------------------------


def clock_due(report: SpeakUpReport, now: datetime) -> ClockKind | None:
    """The most urgent reminder a report is due. A report first seen overdue gets only the
    overdue reminder; acknowledging comes before feedback."""
    if report.status == ReportStatus.CLOSED:
        return None
    if report.acknowledged_at is None:
        if report.acknowledge_by <= now:
            return ClockKind.ACKNOWLEDGE_OVERDUE
        if report.acknowledge_by - now <= ACKNOWLEDGE_REMINDER_BEFORE:
            return ClockKind.ACKNOWLEDGE_SOON
    if report.feedback_given_at is None:
        if report.feedback_by <= now:
            return ClockKind.FEEDBACK_OVERDUE
        if report.feedback_by - now <= FEEDBACK_REMINDER_BEFORE:
            return ClockKind.FEEDBACK_SOON
    return None


def _clock_email(user: User, kind: ClockKind, link: str) -> tuple[str, str, str]:
    # Nothing of the report or its channel: an email may be read on a shared device.
    with translation.override(user.language):
        if kind in (ClockKind.ACKNOWLEDGE_SOON, ClockKind.ACKNOWLEDGE_OVERDUE):
            subject = _("Noddfa: a speak-up report is waiting to be acknowledged")
        else:
            subject = _("Noddfa: a speak-up report is waiting for feedback")
        body = _(
            "A speak-up report sent to your organisation needs an answer. Sign in to see it: "
            "%(link)s"
        ) % {"link": link}
    return (user.email, subject, body)


def send_clock_reminders(now: datetime | None = None) -> Counter[str]:
    """Remind the recipients of reports whose clock is running out or has run out, once per
    report and kind, each report in its own short transaction. Safe to run twice at once: the
    unique (report, kind) row makes the second run add nothing."""
    now = now or timezone.now()
    sent: Counter[str] = Counter()
    running = SpeakUpReport.objects.exclude(status=ReportStatus.CLOSED).filter(
        # Only reports with a clock inside its reminder window can be due.
        _within_reminder_window(now)
    )
    link = reverse("speakup_inbox:inbox")
    for report in running.select_related("channel", "channel__organisation").order_by("pk"):
        kind = clock_due(report, now)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                if ClockReminder.objects.filter(report=report, kind=kind).exists():
                    continue
                ClockReminder.objects.create(report=report, kind=kind, sent_at=now)
                people = list(services.recipients_of(report.channel))
                enqueue_many([_clock_email(p, kind, link) for p in people], at_most_once=True)
                record(
                    AuditAction.CREATE,
                    organisation=report.channel.organisation,
                    target=report,
                    detail={"event": "speak_up_reminder", "kind": kind.value},
                )
        except IntegrityError:
            continue  # another run sent this one first
        sent[kind.value] += 1
    return sent


def _within_reminder_window(now: datetime) -> Q:
    return Q(
        acknowledged_at__isnull=True, acknowledge_by__lte=now + ACKNOWLEDGE_REMINDER_BEFORE
    ) | Q(feedback_given_at__isnull=True, feedback_by__lte=now + FEEDBACK_REMINDER_BEFORE)


def _deletion_email(user: User, report: SpeakUpReport, link: str) -> tuple[str, str, str]:
    assert report.delete_after is not None  # only closed reports are warned of
    with translation.override(user.language):
        when = formats.date_format(timezone.localtime(report.delete_after), "j F Y")
        subject = _("Noddfa: a closed speak-up report will be deleted")
        body = _(
            "A closed speak-up report of your organisation will be deleted on %(date)s, as "
            "your organisation decided. To keep it, sign in and reopen it: %(link)s"
        ) % {"date": when, "link": link}
    return (user.email, subject, body)


def warn_and_delete(now: datetime | None = None) -> tuple[int, int]:
    """Retention, the organisation's decision: tell the recipients of every closed report that
    will be deleted within 30 days (once), then delete those warned at least 30 days ago.
    A report that is not closed is never among either."""
    now = now or timezone.now()
    with transaction.atomic():
        # Marked as warned and the emails queued together: never one without the other.
        warned = services.warn_before_deletion(now=now)
        for report in warned:
            link = reverse("speakup_inbox:report", args=[report.pk])
            people = services.recipients_of(report.channel)
            enqueue_many([_deletion_email(p, report, link) for p in people], at_most_once=True)
    return len(warned), services.delete_expired_reports(now=now)


def reopen(user: User, report: SpeakUpReport) -> None:
    """A closed report taken up again: under action, so it no longer expires."""
    if report.status != ReportStatus.CLOSED:
        return
    services.mark_under_action(user, report)


def reminders_summary(now: datetime) -> str:
    sent = send_clock_reminders(now)
    warned, deleted = warn_and_delete(now)
    parts = ", ".join(f"{sent[kind.value]} {kind.value}" for kind in ClockKind)
    return (
        f"Speak-up reminders queued: {sum(sent.values())} ({parts}); "
        f"closed reports to be deleted within 30 days, recipients told: {warned}; "
        f"deleted after their retention: {deleted}; noddfa send_mail sends the emails."
    )


# --- Into the pathway ------------------------------------------------------------------

# Each plain-words sign a reporter can tick (content.SIGNS) and the one catalogue indicator
# nearest to it (src/noddfa/pathway/data/indicators.yaml). The recipient checks them on the
# concern form; the reporter's own words are carried in the account as well.
SIGN_INDICATORS: dict[str, str] = {
    "scared": "CSB-06",  # afraid of the people they live or work with
    "controlled": "CTL-22",  # under someone else's control or influence
    "transport": "MOV-09",  # dropped off and collected for work, very early or late
    "hours": "CTL-28",  # very long hours with few or no days off
    "living": "RSK-09",  # cramped or overcrowded housing, many people at one address
    "injuries": "PHY-01",  # injuries untreated or not properly explained
    "clothing": "PHY-07",  # clothes unsuited to the work or the weather
    "child": "MOV-01",  # a child with an adult who is not a parent or guardian
    "debt": "CSB-10",  # owes money and must work to pay it off
}


def _sign_text(code: str) -> str:
    return str(dict(SIGNS).get(code, code))


def account_from(
    report: SpeakUpReport, content: ReportContent, *, include_contact: bool = False
) -> str:
    """The report's facts as the concern's account, in the recipient's language, saying where
    they came from. The reporter's contact details only when the recipient chose to add them."""
    received = formats.date_format(timezone.localtime(report.received_at), "j F Y H:i")
    parts = [
        _("From a speak-up report to %(channel)s, received %(received)s.")
        % {
            "channel": report.channel.name_in(translation.get_language() or "en"),
            "received": received,
        },
        _("What they saw: %(what)s") % {"what": content.what.strip()},
    ]
    if content.when.strip():
        parts.append(_("When: %(when)s") % {"when": content.when.strip()})
    if content.people.strip():
        parts.append(_("The people: %(people)s") % {"people": content.people.strip()})
    if content.vehicles.strip():
        parts.append(_("Vehicles: %(vehicles)s") % {"vehicles": content.vehicles.strip()})
    if content.signs:
        signs = "; ".join(_sign_text(code) for code in content.signs)
        parts.append(_("Signs they ticked: %(signs)s") % {"signs": signs})
    if include_contact and content.contact.strip():
        parts.append(
            _("The reporter chose to give a way to contact them: %(contact)s")
            % {"contact": content.contact.strip()}
        )
    return "\n\n".join(parts)


def concern_form_data(
    report: SpeakUpReport, content: ReportContent, *, include_contact: bool = False
) -> dict[str, list[str]]:
    """The concern form's answers carried from a report (the concern form's field names)."""
    data: dict[str, list[str]] = {
        "account": [account_from(report, content, include_contact=include_contact)],
        "indicators": sorted({SIGN_INDICATORS[s] for s in content.signs if s in SIGN_INDICATORS}),
    }
    if content.where.strip():
        data["observed_where"] = [content.where.strip()[:300]]
    return data


def may_record_concern_from(user: User, report: SpeakUpReport) -> bool:
    return can_record_concern(user) and services.is_recipient(user, report.channel)


def start_concern(
    user: User, report_id: uuid.UUID | str, *, include_contact: bool = False
) -> ConcernDraft:
    """A concern form filled from the report, for the recipient to check and record. When it
    is recorded the concern is linked to the report (`link_started_concern`)."""
    opened = services.read_report_for_recipient(user, report_id, page="speakup_concern_start")
    report = opened.report
    if not can_record_concern(user):
        raise PermissionError("this account does not record concerns")
    if report.concern_id is not None:
        raise ValueError("a concern is already recorded from this report")
    # A second click, or coming back later, continues the form already started.
    started = (
        ConcernFromReport.objects.filter(
            report=report, started_by=user, draft__concern__isnull=True
        )
        .select_related("draft")
        .first()
    )
    if started is not None:
        return started.draft
    data = concern_form_data(report, opened.content, include_contact=include_contact)
    with transaction.atomic():
        draft = concerns.save_draft(user, data)
        ConcernFromReport.objects.create(
            report=report, draft=draft, started_by=user, started_at=timezone.now()
        )
        record(
            AuditAction.CHANGE,
            actor=user,
            target=report,
            detail={"speak_up": "concern started", "contact_included": include_contact},
        )
    return draft


def link_started_concern(
    concern: Concern, draft: ConcernDraft | None, by: User, **_kwargs: Any
) -> None:
    """Receiver of `concerns.signals.concern_recorded`: a concern recorded from a form started
    from a report is linked to it, and the report is under action. Runs in the recording's
    transaction; a recorder who is no longer a recipient records the concern unlinked."""
    if draft is None:
        return
    started = (
        ConcernFromReport.objects.select_related("report__channel").filter(draft=draft).first()
    )
    if started is None or started.report.concern_id is not None:
        return
    try:
        services.link_concern(by, started.report, concern)
    except PermissionError:
        return


# --- Channels, for an organisation admin -----------------------------------------------

LOCAL_AUTHORITY_TYPES = frozenset(
    {OrganisationType.LA_CHILDRENS_SERVICES, OrganisationType.LA_ADULT_SERVICES}
)


def can_manage_channels(user: User) -> bool:
    return is_organisation_admin(user, user.organisation)


def may_open_community_channel(organisation: Organisation) -> bool:
    """A local authority (which leads its safeguarding partnership) may open a channel for
    its community; other organisations open one for their own workers and suppliers."""
    return organisation.organisation_type in LOCAL_AUTHORITY_TYPES


def channels_managed_by(user: User) -> QuerySet[SpeakUpChannel]:
    if not can_manage_channels(user) or user.organisation_id is None:
        return SpeakUpChannel.objects.none()
    return SpeakUpChannel.objects.filter(organisation_id=user.organisation_id).order_by("slug")


def channel_managed_by(user: User, channel_id: int) -> SpeakUpChannel:
    channel = channels_managed_by(user).filter(pk=channel_id).first()
    if channel is None:
        raise PermissionError("only the organisation's admin manages its channels")
    return channel


# A local authority's safeguarding leads are its safeguarding team.
RECEIVING_ROLES = (Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM)


def possible_recipients(organisation: Organisation) -> QuerySet[User]:
    """Who may receive a channel's reports: the organisation's active safeguarding leads (a
    local authority's safeguarding team)."""
    return User.objects.filter(
        organisation=organisation, role__in=RECEIVING_ROLES, is_active=True
    ).order_by("email")


def has_default_recipients(organisation: Organisation) -> bool:
    """Whether a channel naming nobody reaches anyone: its organisation's safeguarding leads,
    or a local authority's safeguarding team (as `services.recipients_of`)."""
    return User.objects.filter(
        organisation=organisation, role__in=DEFAULT_RECIPIENT_ROLES, is_active=True
    ).exists()


@dataclass(frozen=True)
class ChannelText:
    name_en: str
    name_cy: str = ""
    intro_en: str = ""
    intro_cy: str = ""
    retention_days: int = 365


# How long a closed report is kept is the organisation's decision, within these bounds: at
# least the 30 days' warning its recipients get, at most ten years.
SHORTEST_RETENTION_DAYS = 30
LONGEST_RETENTION_DAYS = 3650


def _check_retention(days: int) -> None:
    if not SHORTEST_RETENTION_DAYS <= days <= LONGEST_RETENTION_DAYS:
        raise ValueError("a closed report is kept between 30 and 3650 days")


def open_channel(
    user: User,
    *,
    slug: str,
    text: ChannelText,
    kind: str = ChannelKind.ORGANISATION,
    recipients: Sequence[User] = (),
) -> SpeakUpChannel:
    if not can_manage_channels(user) or user.organisation is None:
        raise PermissionError("only an organisation admin opens a channel")
    if kind == ChannelKind.COMMUNITY and not may_open_community_channel(user.organisation):
        raise PermissionError("only a local authority opens a community channel")
    allowed = set(possible_recipients(user.organisation).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in recipients):
        raise ValueError("recipients must be the organisation's safeguarding leads")
    _check_retention(text.retention_days)
    with transaction.atomic():
        return _opened_with_retention(user, slug, text, kind, recipients)


def _opened_with_retention(
    user: User, slug: str, text: ChannelText, kind: str, recipients: Sequence[User]
) -> SpeakUpChannel:
    assert user.organisation is not None
    channel = services.open_channel(
        user.organisation,
        slug=slug,
        kind=kind,
        name_en=text.name_en,
        name_cy=text.name_cy,
        intro_en=text.intro_en,
        intro_cy=text.intro_cy,
        recipients=recipients,
        opened_by=user,
    )
    SpeakUpChannel.objects.filter(pk=channel.pk).update(retention_days=text.retention_days)
    channel.retention_days = text.retention_days
    return channel


def change_channel(
    user: User, channel: SpeakUpChannel, *, text: ChannelText, recipients: Sequence[User]
) -> None:
    channel = channel_managed_by(user, channel.pk)
    allowed = set(possible_recipients(channel.organisation).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in recipients):
        raise ValueError("recipients must be the organisation's safeguarding leads")
    _check_retention(text.retention_days)
    with transaction.atomic():
        channel.name_en, channel.name_cy = text.name_en, text.name_cy
        channel.intro_en, channel.intro_cy = text.intro_en, text.intro_cy
        channel.retention_days = text.retention_days
        channel.save(update_fields=["name_en", "name_cy", "intro_en", "intro_cy", "retention_days"])
        channel.recipients.set(recipients)
        record(
            AuditAction.CHANGE,
            actor=user,
            organisation=channel.organisation,
            target=channel,
            detail={
                "speak_up_channel": channel.slug,
                "recipients": len(recipients),
                "retention_days": text.retention_days,
            },
        )


def set_channel_open(user: User, channel: SpeakUpChannel, is_open: bool) -> None:
    """Close a channel to new reports (its reports stay, and their reporters can still follow
    them up), or open it again."""
    channel = channel_managed_by(user, channel.pk)
    if channel.is_open == is_open:
        return
    with transaction.atomic():
        SpeakUpChannel.objects.filter(pk=channel.pk).update(is_open=is_open)
        record(
            AuditAction.CHANGE,
            actor=user,
            organisation=channel.organisation,
            target=channel,
            detail={"speak_up_channel": channel.slug, "open": is_open},
        )
