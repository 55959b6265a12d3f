"""Speak up safely: the service API for the reporter's side and the recipients' side.

Reporter (no account): `submit_report` gives the report and its receipt once; `find_report`
brings the report back from a receipt; `post_message(report, text)` adds to it; `messages_for`
reads the conversation. Recipients (the channel's safeguarding leads): `reports_in_inbox`
(selectors), `read_report_for_recipient` (audited, PermissionError for anyone else),
`acknowledge_report`, `post_message(report, text, by=lead)`, `mark_under_action`,
`close_report`, `link_concern`. Retention: `warn_before_deletion`, `delete_expired_reports`.

Nothing here is told, or stores, who a reporter is. Texts are sealed (`crypto`); the receipt
is kept as a slow hash (`receipt`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from noddfa.accounts.models import Organisation, User
from noddfa.audit import reads
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record

from . import crypto, receipt
from .content import ReportContent
from .models import (
    ACKNOWLEDGE_WITHIN,
    DEFAULT_RECIPIENT_ROLES,
    FEEDBACK_WITHIN,
    Author,
    ChannelKind,
    ChannelWindow,
    ReportAttachment,
    ReportMessage,
    ReportStatus,
    SpeakUpChannel,
    SpeakUpReport,
)
from .photos import CleanPhoto

if TYPE_CHECKING:
    from noddfa.concerns.models import Concern

RATE_WINDOW = timedelta(minutes=10)
# How long before deletion the organisation is warned that a closed report will go.
DELETION_WARNING = timedelta(days=30)
MAX_MESSAGE_CHARS = 20_000
# A reporter's messages on one report in 24 hours: enough to answer every question, not to
# flood a lead's inbox from a stolen or shared receipt.
REPORTER_MESSAGES_PER_DAY = 30
# The same words (and photos) from the reporter again within this time are one message sent
# twice (a double click, a page sent again with the back button), not a second message.
DOUBLE_SEND = timedelta(minutes=2)


class ChannelClosed(Exception):
    """The channel takes no new reports."""


class ChannelBusy(Exception):
    """The channel has had as many reports as it takes in 10 minutes; try again shortly."""


class TooManyMessages(Exception):
    """The reporter has sent as many messages on this report as a day allows."""


class AlreadySubmitted(Exception):
    """This form was sent before: the report exists, with the receipt shown the first time."""

    def __init__(self, report_id: str) -> None:
        super().__init__("this form was already sent")
        self.report_id = report_id


@dataclass(frozen=True)
class SubmittedReport:
    report: SpeakUpReport
    receipt: str  # shown to the reporter once; never stored


@dataclass(frozen=True)
class OpenedMessage:
    message: ReportMessage
    text: str
    attachment_ids: tuple[str, ...]


@dataclass(frozen=True)
class OpenedReport:
    report: SpeakUpReport
    content: ReportContent
    messages: list[OpenedMessage]
    attachment_ids: tuple[str, ...]


# --- Who receives ----------------------------------------------------------------------


def recipients_of(channel: SpeakUpChannel) -> QuerySet[User]:
    """The people who receive the channel's reports: those named who are still active members
    of its organisation, or else (none named, or none of them left) those who answer for its
    safeguarding: its leads, and at a local authority its safeguarding team."""
    # Only those who still answer for safeguarding: someone named who has since moved to
    # another role no longer receives a whistleblower's report.
    named = channel.recipients.filter(
        is_active=True, organisation_id=channel.organisation_id, role__in=DEFAULT_RECIPIENT_ROLES
    )
    # Named people who have all left (deactivated) must not leave the reports with no one.
    if named.exists():
        return named
    return User.objects.filter(
        organisation_id=channel.organisation_id, role__in=DEFAULT_RECIPIENT_ROLES, is_active=True
    )


def is_recipient(user: User, channel: SpeakUpChannel) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.organisation_id != channel.organisation_id:
        return False
    return recipients_of(channel).filter(pk=user.pk).exists()


def _require_recipient(user: User, report: SpeakUpReport) -> None:
    if not is_recipient(user, report.channel):
        raise PermissionError("only the channel's recipients may do this")


# --- Channels --------------------------------------------------------------------------


def open_channel(
    organisation: Organisation,
    *,
    slug: str,
    name_en: str,
    name_cy: str = "",
    intro_en: str = "",
    intro_cy: str = "",
    kind: str = ChannelKind.ORGANISATION,
    recipients: Sequence[User] = (),
    opened_by: User | None = None,
) -> SpeakUpChannel:
    """Open a channel at /speak-up/<slug>/. Without `recipients`, the organisation's
    safeguarding leads receive its reports."""
    slug = slug.strip().lower()
    if slug in {"en", "cy", "proof-key"}:
        raise ValueError("this address is reserved")
    for person in recipients:
        if person.organisation_id != organisation.pk:
            raise ValueError("a recipient must belong to the channel's organisation")
    with transaction.atomic():
        channel = SpeakUpChannel.objects.create(
            organisation=organisation,
            slug=slug,
            kind=kind,
            name_en=name_en,
            name_cy=name_cy,
            intro_en=intro_en,
            intro_cy=intro_cy,
        )
        if recipients:
            channel.recipients.set(recipients)
        record(
            AuditAction.CREATE,
            actor=opened_by,
            organisation=organisation,
            target=channel,
            detail={"speak_up_channel": slug},
        )
    return channel


def open_channel_by_slug(slug: str) -> SpeakUpChannel | None:
    return SpeakUpChannel.objects.select_related("organisation").filter(slug=slug.lower()).first()


# --- Sealing helpers -------------------------------------------------------------------


def _purpose(kind: str, owner: object) -> str:
    return f"speak-up {kind} {owner}"


def open_content(report: SpeakUpReport) -> ReportContent:
    """The report's text, opened in memory. Callers check who is asking first."""
    plain = crypto.open_sealed(
        report.key_id, bytes(report.body_sealed), purpose=_purpose("report", report.pk)
    )
    return ReportContent.from_json(plain)


def _seal_attachments(
    report: SpeakUpReport,
    photos: Sequence[CleanPhoto],
    message: ReportMessage | None,
    now: datetime,
) -> None:
    for photo in photos:
        attachment = ReportAttachment(
            report=report, message=message, content_type=photo.content_type, size=len(photo.data)
        )
        attachment.key_id, sealed = crypto.seal(
            photo.data, purpose=_purpose("attachment", attachment.pk)
        )
        attachment.data_sealed = sealed
        attachment.added_at = now
        attachment.save()


def attachment_data(attachment: ReportAttachment) -> bytes:
    """The cleaned photo, opened in memory. Callers check who is asking first."""
    return crypto.open_sealed(
        attachment.key_id,
        bytes(attachment.data_sealed),
        purpose=_purpose("attachment", attachment.pk),
    )


# --- The reporter ----------------------------------------------------------------------


def _window_start(now: datetime) -> datetime:
    seconds = int(RATE_WINDOW.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def _take_a_place(channel: SpeakUpChannel, now: datetime) -> None:
    """Count one report in the channel's current window, or refuse if it is full."""
    start = _window_start(now)
    window, _created = ChannelWindow.objects.get_or_create(channel=channel, starts_at=start)
    taken = ChannelWindow.objects.filter(
        pk=window.pk, reports__lt=channel.reports_per_window
    ).update(reports=F("reports") + 1)
    if not taken:
        raise ChannelBusy()
    # Old windows are only counts, but there is no reason to keep them.
    ChannelWindow.objects.filter(channel=channel, starts_at__lt=start).delete()


def submission_key(form_token: str) -> str:
    """A keyed hash of the form's one-time token: stored so a second send is recognised."""
    return hmac.new(
        crypto.receipt_index_key(), b"form:" + form_token.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def words_digest(content: ReportContent) -> str:
    """A keyed hash of what the reporter wrote (not the random salt sealed with it): kept in
    the reporter's own session so a second tab that sent the same form with other words can
    be told apart from a double click, without opening the stored report."""
    words = dict(asdict(content), salt="", signs=sorted(content.signs))
    canonical = json.dumps(words, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hmac.new(crypto.receipt_index_key(), b"words:" + canonical, hashlib.sha256).hexdigest()


def submit_report(
    channel: SpeakUpChannel,
    content: ReportContent,
    *,
    photos: Sequence[CleanPhoto] = (),
    form_token: str = "",
    now: datetime | None = None,
) -> SubmittedReport:
    """Store a new report, sealed, and return it with its receipt (the only time it exists).

    Raises ChannelClosed, ChannelBusy (the per-channel rate), or AlreadySubmitted when the same
    form (`form_token`) was sent before."""
    if not channel.is_open:
        raise ChannelClosed()
    now = now or timezone.now()
    key = submission_key(form_token or receipt.new_receipt())
    existing = SpeakUpReport.objects.filter(submission=key).values_list("pk", flat=True).first()
    if existing is not None:
        raise AlreadySubmitted(str(existing))
    new_receipt = receipt.new_receipt()
    try:
        with transaction.atomic():
            _take_a_place(channel, now)
            report = SpeakUpReport(
                channel=channel,
                receipt_index=receipt.index(new_receipt),
                receipt_hash=receipt.hashed(new_receipt),
                submission=key,
                received_at=now,
                acknowledge_by=now + ACKNOWLEDGE_WITHIN,
                feedback_by=now + FEEDBACK_WITHIN,
            )
            report.key_id, sealed = crypto.seal(
                content.to_json(), purpose=_purpose("report", report.pk)
            )
            report.body_sealed = sealed
            report.save(force_insert=True)
            _seal_attachments(report, photos, None, now)
            record(
                AuditAction.CREATE,
                organisation=channel.organisation,
                target=report,
                detail={"speak_up_channel": channel.slug},
            )
    except IntegrityError:
        existing = SpeakUpReport.objects.filter(submission=key).values_list("pk", flat=True).first()
        if existing is None:
            raise
        raise AlreadySubmitted(str(existing)) from None
    return SubmittedReport(report=report, receipt=new_receipt)


class ChecksBusy(Exception):
    """As many receipt checks are running, site-wide, as the server gives them; the typed
    receipt was not checked. Try again shortly."""


# How long a check's slot is held at most: a worker killed mid-check frees it by then.
_CHECK_SLOT_SECONDS = 10


@contextmanager
def receipt_check_slot() -> Iterator[None]:
    """A place among the receipt checks allowed to run at once across every server worker
    (`NODDFA_SPEAKUP_CHECKS_AT_ONCE`, 1 unless set), or ChecksBusy.

    A check holds its worker for the one-second floor and 64 MiB of Argon2, and needs no
    identity, so nothing else bounds them: unbounded, a few follow-up posts a second would
    hold every worker and stop practitioners recording concerns. Slots are counted in the
    shared "limits" cache, never with anything about who is asking."""
    slots = caches["limits"]
    wanted = max(1, int(getattr(settings, "NODDFA_SPEAKUP_CHECKS_AT_ONCE", 1)))
    for number in range(wanted):
        key = f"speakup-receipt-check-{number}"
        if slots.add(key, 1, timeout=_CHECK_SLOT_SECONDS):
            try:
                yield
            finally:
                slots.delete(key)
            return
    raise ChecksBusy()


def find_report(channel: SpeakUpChannel, typed: str) -> SpeakUpReport | None:
    """The channel's report behind a receipt, or None. A wrong receipt costs one Argon2 check,
    as a right one does, and tells nothing about which part was wrong."""
    candidates = list(
        SpeakUpReport.objects.filter(channel=channel, receipt_index=receipt.index(typed))
    )
    if not candidates:
        receipt.matches(None, typed)
        return None
    for report in candidates:
        if receipt.matches(report.receipt_hash, typed):
            return report
    return None


# --- Messages --------------------------------------------------------------------------


def post_message(
    report: SpeakUpReport,
    text: str,
    *,
    by: User | None = None,
    photos: Sequence[CleanPhoto] = (),
    feedback: bool = False,
    now: datetime | None = None,
) -> ReportMessage:
    """Add a message to the report's conversation.

    `by=None` is the reporter (the view has checked the receipt's session); otherwise `by` must
    be one of the channel's recipients. A recipient's message marked `feedback` sets the
    feedback clock's answer (told what is being done)."""
    text = text.strip()
    if not text and not photos:
        raise ValueError("a message needs some text")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ValueError("this message is too long")
    if by is not None:
        _require_recipient(by, report)
    now = now or timezone.now()
    if by is None:
        again = _same_message_just_sent(report, text, photos, now)
        if again is not None:
            return again
        recent = report.messages.filter(
            author=Author.REPORTER, sent_at__gt=now - timedelta(days=1)
        ).count()
        if recent >= REPORTER_MESSAGES_PER_DAY:
            raise TooManyMessages()
    with transaction.atomic():
        message = ReportMessage(
            report=report,
            author=Author.REPORTER if by is None else Author.RECIPIENT,
            sent_by=by,
            sent_at=now,
        )
        message.key_id, sealed = crypto.seal(
            text.encode("utf-8"), purpose=_purpose("message", message.pk)
        )
        message.body_sealed = sealed
        message.save(force_insert=True)
        _seal_attachments(report, photos, message, now)
        if by is not None:
            changed = []
            if report.acknowledged_at is None:
                # Answering a report acknowledges it.
                report.acknowledged_at = now
                changed.append("acknowledged_at")
                if report.status == ReportStatus.NEW:
                    report.status = ReportStatus.ACKNOWLEDGED
                    changed.append("status")
            if feedback and report.feedback_given_at is None:
                report.feedback_given_at = now
                changed.append("feedback_given_at")
            if changed:
                report.save(update_fields=changed)
            record(
                AuditAction.CHANGE,
                actor=by,
                target=report,
                detail={"speak_up": "message", "feedback": feedback},
            )
    return message


def _same_message_just_sent(
    report: SpeakUpReport, text: str, photos: Sequence[CleanPhoto], now: datetime
) -> ReportMessage | None:
    last = (
        report.messages.filter(author=Author.REPORTER, sent_at__gte=now - DOUBLE_SEND)
        .order_by("-sent_at")
        .first()
    )
    if last is None:
        return None
    said = crypto.open_sealed(
        last.key_id, bytes(last.body_sealed), purpose=_purpose("message", last.pk)
    ).decode("utf-8")
    attached = sorted(last.attachments.values_list("content_type", "size"))
    sending = sorted((photo.content_type, len(photo.data)) for photo in photos)
    return last if said == text and attached == sending else None


def messages_for(report: SpeakUpReport, *, reader: User | None = None) -> list[OpenedMessage]:
    """The conversation, oldest first, opened. `reader=None` is the reporter with their
    receipt's session; a recipient's reading is audited by `read_report_for_recipient`."""
    if reader is not None:
        _require_recipient(reader, report)
    opened = []
    messages = report.messages.select_related("sent_by").prefetch_related("attachments")
    for message in messages.order_by("sent_at"):
        plain = crypto.open_sealed(
            message.key_id, bytes(message.body_sealed), purpose=_purpose("message", message.pk)
        )
        opened.append(
            OpenedMessage(
                message=message,
                text=plain.decode("utf-8"),
                attachment_ids=tuple(str(a.pk) for a in message.attachments.all()),
            )
        )
    return opened


# --- Recipients ------------------------------------------------------------------------


def read_report_for_recipient(
    user: User, report_id: uuid.UUID | str, *, page: str = "speakup_report"
) -> OpenedReport:
    """The report, opened, for one of its channel's recipients; the read is audited.

    PermissionError for anyone else (another organisation's lead, a practitioner), and for an
    id that does not exist, so the answer does not tell which."""
    report = (
        SpeakUpReport.objects.select_related("channel", "channel__organisation")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not is_recipient(user, report.channel):
        raise PermissionError("only the channel's recipients may read its reports")
    content = open_content(report)
    messages = messages_for(report, reader=user)
    reads.read(user, page, target=report)
    return OpenedReport(
        report=report,
        content=content,
        messages=messages,
        attachment_ids=tuple(
            str(pk)
            for pk in report.attachments.filter(message__isnull=True).values_list("pk", flat=True)
        ),
    )


def acknowledge_report(user: User, report: SpeakUpReport, *, now: datetime | None = None) -> None:
    """Tell the reporter the report was received and is being looked at (the 7-day clock)."""
    _require_recipient(user, report)
    if report.acknowledged_at is not None:
        return
    now = now or timezone.now()
    with transaction.atomic():
        updated = SpeakUpReport.objects.filter(pk=report.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now,
            status=ReportStatus.ACKNOWLEDGED
            if report.status == ReportStatus.NEW
            else report.status,
        )
        if updated:
            record(
                AuditAction.CHANGE, actor=user, target=report, detail={"speak_up": "acknowledged"}
            )
    report.refresh_from_db()


def mark_under_action(user: User, report: SpeakUpReport, *, now: datetime | None = None) -> None:
    """Action is being taken: from now the report cannot expire until it is closed."""
    _require_recipient(user, report)
    now = now or timezone.now()
    with transaction.atomic():
        report.status = ReportStatus.UNDER_ACTION
        report.acknowledged_at = report.acknowledged_at or now
        report.closed_at = None
        report.delete_after = None
        report.deletion_warned_at = None
        report.save(
            update_fields=[
                "status",
                "acknowledged_at",
                "closed_at",
                "delete_after",
                "deletion_warned_at",
            ]
        )
        record(AuditAction.CHANGE, actor=user, target=report, detail={"speak_up": "under_action"})


def link_concern(user: User, report: SpeakUpReport, concern: Concern) -> None:
    """The concern recorded from this report; the report itself is left as it was."""
    _require_recipient(user, report)
    if concern.organisation_id != report.channel.organisation_id:
        raise PermissionError("the concern belongs to another organisation")
    report.concern = concern
    report.save(update_fields=["concern"])
    mark_under_action(user, report)


def close_report(user: User, report: SpeakUpReport, *, now: datetime | None = None) -> None:
    """Close the report; it is kept for the channel's retention period, then deleted."""
    _require_recipient(user, report)
    now = now or timezone.now()
    with transaction.atomic():
        report.status = ReportStatus.CLOSED
        report.closed_at = now
        report.delete_after = now + timedelta(days=report.channel.retention_days)
        report.deletion_warned_at = None
        report.save(update_fields=["status", "closed_at", "delete_after", "deletion_warned_at"])
        record(AuditAction.CHANGE, actor=user, target=report, detail={"speak_up": "closed"})


# --- Retention: the organisation decides, and is warned first ------------------------------


def warn_before_deletion(*, now: datetime | None = None) -> list[SpeakUpReport]:
    """Closed reports that will be deleted within DELETION_WARNING and have not been warned of:
    marks them warned and returns them, for the recipients to be told (or to reopen them).

    A report that is not closed has no deletion date and is never among them."""
    now = now or timezone.now()
    due = list(
        SpeakUpReport.objects.select_related("channel")
        .filter(
            status=ReportStatus.CLOSED,
            delete_after__isnull=False,
            delete_after__lte=now + DELETION_WARNING,
            deletion_warned_at__isnull=True,
        )
        .order_by("delete_after")
    )
    SpeakUpReport.objects.filter(pk__in=[r.pk for r in due]).update(deletion_warned_at=now)
    return due


def delete_expired_reports(*, now: datetime | None = None) -> int:
    """Delete closed reports past their date whose warning went out at least DELETION_WARNING
    ago. Open, acknowledged and under-action reports never match."""
    now = now or timezone.now()
    expired = SpeakUpReport.objects.filter(
        status=ReportStatus.CLOSED,
        delete_after__lte=now,
        deletion_warned_at__lte=now - DELETION_WARNING,
    )
    count = 0
    with transaction.atomic():
        for report in expired.select_for_update():
            record(
                AuditAction.CHANGE,
                organisation=report.channel.organisation,
                target=report,
                detail={"speak_up": "deleted after retention"},
            )
            report.delete()
            count += 1
    return count


# --- Proof of report ---------------------------------------------------------------------

PROOF_TITLE = "Noddfa proof of report"


def proof_lines(report: SpeakUpReport) -> list[str]:
    content = open_content(report)
    return [
        PROOF_TITLE,
        f"channel: {report.channel.slug}",
        # One line whatever the name holds: a line break must not forge a line of the proof.
        f"organisation: {' '.join(report.channel.organisation.name.split())}",
        f"received: {report.received_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"fingerprint-sha256: {content.fingerprint()}",
    ]


def public_key_text() -> str:
    key = crypto.proof_signing_key().public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def proof_of_report(report: SpeakUpReport) -> str:
    """A text file that proves this instance received a report, at what time, on which channel,
    with which fingerprint. It contains nothing of what the report says. Signed with Ed25519."""
    lines = proof_lines(report)
    signed = "\n".join(lines).encode("utf-8")
    signature = crypto.proof_signing_key().sign(signed)
    return "\n".join(
        [
            *lines,
            f"public-key-ed25519: {public_key_text()}",
            f"signature-ed25519: {base64.b64encode(signature).decode('ascii')}",
            "",
        ]
    )


def proof_is_genuine(text: str) -> bool:
    """Whether a proof of report was signed by this instance and is unchanged."""
    lines = text.strip("\n").split("\n")
    if len(lines) != 7 or lines[0] != PROOF_TITLE or not lines[6].startswith("signature-ed25519: "):
        return False
    try:
        signature = base64.b64decode(lines[6].split(": ", 1)[1], validate=True)
        crypto.proof_signing_key().public_key().verify(
            signature, "\n".join(lines[:5]).encode("utf-8")
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def reporter_view(report: SpeakUpReport) -> dict[str, object]:
    """What the reporter may see of where their report stands: the clocks, in general terms."""
    return {
        "received_at": report.received_at,
        "acknowledged_at": report.acknowledged_at,
        "acknowledge_by": report.acknowledge_by,
        "feedback_by": report.feedback_by,
        "feedback_given_at": report.feedback_given_at,
        "status": report.status,
        "under_action": report.status == ReportStatus.UNDER_ACTION,
    }
