"""Speak-up channels and the reports made through them (issue 21, ADR 26).

Nothing here can hold who a reporter is: there is no field for an IP address, a browser, a
referring page or an account of the reporter. What they wrote is sealed (`crypto`); the
receipt is kept only as a slow hash and a keyed index (`receipt`).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation, Role

ACKNOWLEDGE_WITHIN = timedelta(days=7)
# "Three months" (EU Whistleblowing Directive art. 9(1)(f)), counted as 91 days so it is the
# same length whatever the month.
FEEDBACK_WITHIN = timedelta(days=91)


# Who receives a channel's reports when it names no one: its safeguarding leads, and at a
# local authority its safeguarding team (a council has a team rather than leads; without it a
# community channel it opened would reach nobody).
DEFAULT_RECIPIENT_ROLES = (Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM)


class ChannelKind(models.TextChoices):
    ORGANISATION = "organisation", _("For the organisation’s own workers and suppliers")
    COMMUNITY = "community", _("For the community and the public")


class SpeakUpChannel(models.Model):
    """A public address where anyone can report to one organisation, without a name.

    `recipients` empty means the organisation's active safeguarding leads receive its reports.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="speak_up_channels"
    )
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ChannelKind.choices, default=ChannelKind.ORGANISATION
    )
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    intro_cy = models.TextField(_("introduction in Welsh"), blank=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="speak_up_channels"
    )
    is_open = models.BooleanField(_("open for reports"), default=True)
    # How long a closed report is kept before it is deleted (the organisation's decision).
    retention_days = models.PositiveIntegerField(_("days a closed report is kept"), default=365)
    # Per-channel limit on new reports per 10 minutes: anti-abuse without anyone's identity.
    reports_per_window = models.PositiveIntegerField(default=20)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("speak-up channel")

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        return self.name_cy if language == "cy" and self.name_cy else self.name_en

    def intro_in(self, language: str) -> str:
        return self.intro_cy if language == "cy" and self.intro_cy else self.intro_en


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    UNDER_ACTION = "under_action", _("Action is being taken")
    CLOSED = "closed", _("Closed")


class SpeakUpReport(models.Model):
    """One report. Its id is random, never a count that tells how many came before."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.ForeignKey(SpeakUpChannel, on_delete=models.PROTECT, related_name="reports")
    key_id = models.CharField(max_length=16)
    body_sealed = models.BinaryField()
    receipt_index = models.CharField(max_length=16, db_index=True)
    receipt_hash = models.CharField(max_length=200)
    # Keyed hash of the form's one-time token: the same form sent twice makes one report.
    submission = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW)
    received_at = models.DateTimeField(_("received"))
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    feedback_by = models.DateTimeField(_("feedback by"))
    feedback_given_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Set when the report is closed (closed + the channel's retention); never while open.
    delete_after = models.DateTimeField(null=True, blank=True)
    deletion_warned_at = models.DateTimeField(null=True, blank=True)
    # The concern a recipient recorded from this report; the report stays as it was.
    concern = models.ForeignKey(
        "concerns.Concern",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speak_up_reports",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("speak-up report")
        indexes = [models.Index(fields=["channel", "received_at"], name="speakup_by_channel")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delete_after__isnull=True) | models.Q(status="closed"),
                name="speakup_only_closed_reports_expire",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Speak-up report')} {self.received_at:%Y-%m-%d}"


class Author(models.TextChoices):
    REPORTER = "reporter", _("The person who reported")
    RECIPIENT = "recipient", _("The organisation")


class ReportMessage(models.Model):
    """A message between the reporter and the channel's recipients, sealed like the report."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(SpeakUpReport, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=Author.choices)
    # The recipient who wrote it; always empty for the reporter.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    key_id = models.CharField(max_length=16)
    body_sealed = models.BinaryField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author="reporter", sent_by__isnull=True)
                | models.Q(author="recipient", sent_by__isnull=False),
                name="speakup_message_reporter_has_no_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_author_display()} {self.sent_at:%Y-%m-%d %H:%M}"


class ReportAttachment(models.Model):
    """A photo, re-encoded without its metadata, sealed. No original file name is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(SpeakUpReport, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    key_id = models.CharField(max_length=16)
    data_sealed = models.BinaryField()
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return f"{self.content_type} {self.size}"


class ChannelWindow(models.Model):
    """Reports a channel received in one 10-minute window: a count, nobody's identity."""

    channel = models.ForeignKey(SpeakUpChannel, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    reports = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "starts_at"], name="speakup_one_window")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.reports}"


# --- The recipients' side (issue 21, items 5 and 6) -------------------------------------


class ClockKind(models.TextChoices):
    ACKNOWLEDGE_SOON = "acknowledge_soon", _("Acknowledge soon")
    ACKNOWLEDGE_OVERDUE = "acknowledge_overdue", _("Acknowledgement overdue")
    FEEDBACK_SOON = "feedback_soon", _("Feedback soon")
    FEEDBACK_OVERDUE = "feedback_overdue", _("Feedback overdue")


class ClockReminder(models.Model):
    """A reminder to a channel's recipients that a report's clock is running out, sent once per
    report and kind (`noddfa reminders`)."""

    report = models.ForeignKey(SpeakUpReport, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=ClockKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="speakup_one_reminder_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d}"


class ConcernFromReport(models.Model):
    """A concern form a recipient started from a report: when the draft is recorded, the
    concern is linked to the report (`SpeakUpReport.concern`)."""

    report = models.ForeignKey(SpeakUpReport, on_delete=models.CASCADE, related_name="+")
    draft = models.OneToOneField(
        "concerns.ConcernDraft", on_delete=models.CASCADE, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
