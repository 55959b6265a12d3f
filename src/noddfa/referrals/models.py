"""Referral drafts, their status history, NRM decisions, adults' consent and each
organisation's referral policy.

A draft's answers are edited until it is marked ready; everything that happens after that
is an appended row, so the record shows who did what and when, in order.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation
from noddfa.concerns.models import Concern, PathwayAction
from noddfa.core.models import Immutable
from noddfa.people.models import Person


class Kind(models.TextChoices):
    CHILD_AT_RISK = "child_at_risk", _("Report of a child at risk")
    ADULT_AT_RISK = "adult_at_risk", _("Report of an adult at risk")
    NRM_CHILD = "nrm_child", _("National Referral Mechanism referral (child)")
    NRM_ADULT = "nrm_adult", _("National Referral Mechanism referral (adult)")
    DUTY_TO_NOTIFY = "duty_to_notify", _("Duty to Notify")
    ICTA = "icta", _("Independent Child Trafficking Guardian referral")
    # What an organisation that is not a first responder (or not under the s52 duty) prepares
    # for a first responder in Noddfa, which makes the NRM referral or the notice itself.
    NRM_HANDOVER = "nrm_handover", _("Hand-over to a first responder for an NRM referral")
    DTN_HANDOVER = "dtn_handover", _("Hand-over to a first responder for a Duty to Notify")


NRM_KINDS = frozenset({Kind.NRM_CHILD, Kind.NRM_ADULT})
HANDOVER_KINDS = frozenset({Kind.NRM_HANDOVER, Kind.DTN_HANDOVER})
# The kinds that arrive in the receiving organisation's inbox when it uses Noddfa.
DELIVERED_KINDS = frozenset(
    {Kind.CHILD_AT_RISK, Kind.ADULT_AT_RISK, Kind.ICTA, Kind.NRM_HANDOVER, Kind.DTN_HANDOVER}
)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready to submit")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


def new_reference() -> str:
    # Short enough to read out on the phone, random so it says nothing about volumes.
    return "NOD-" + secrets.token_hex(4).upper()


class ReferralPolicy(models.Model):
    """One organisation's own rules for referrals (issue 6, item 5)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="referral_policy"
    )
    nrm_submission_requires_training = models.BooleanField(
        _("Only staff with first responder training may mark an NRM referral as submitted"),
        default=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral policy")

    def __str__(self) -> str:
        return str(self.organisation)


class ReferralDraft(models.Model):
    """One statutory output prepared from one pathway action of one concern."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=16, unique=True, default=new_reference)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="referrals")
    action = models.ForeignKey(
        PathwayAction, on_delete=models.PROTECT, null=True, related_name="referrals"
    )
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    receiving_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("receiving body"),
    )
    jurisdiction = models.CharField(max_length=16)
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("referral draft")
        # The referrals list: an organisation's referrals, newest first, a page at a time.
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="referral_by_org_created")
        ]
        constraints = [
            # One per kind for each organisation: a first responder that took up a hand-over
            # makes the NRM referral about the referrer's concern as its own.
            models.UniqueConstraint(
                fields=["concern", "kind", "organisation"], name="one_referral_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def history(self) -> models.QuerySet[StatusChange]:
        return self.status_changes.order_by("pk")

    def _latest_change(self) -> StatusChange | None:
        # The order rows were written in, not the dates typed in: a submission recorded
        # with an earlier time still follows the "ready" that allowed it.
        # .all() so a list of drafts fetched with their status changes asks nothing more.
        return max(self.status_changes.all(), key=lambda change: change.pk, default=None)

    @property
    def status(self) -> str:
        latest = self._latest_change()
        return latest.status if latest else Status.DRAFT

    @property
    def status_shown(self) -> str:
        """The status as its tag shows it. A receiver's decision of no further action is
        stored as declined, but it is not a refusal (a council may take no further action
        because the NRM it was handed was submitted): the tag says what was decided."""
        latest = self._latest_change()
        if latest is None:
            return Status.DRAFT
        if latest.decision == ReceiverDecision.NO_FURTHER_ACTION:
            return ReceiverDecision.NO_FURTHER_ACTION
        return latest.status


class Channel(models.TextChoices):
    """How a referral reached its receiving body. A report of a child or adult at risk made
    by telephone is confirmed in writing within 24 hours (Wales Safeguarding Procedures,
    children C3 and adults A3; issue 14 item 9)."""

    TELEPHONE = "telephone", _("By telephone")
    IN_WRITING = "in_writing", _("In writing (a letter or form)")
    SECURE_EMAIL = "secure_email", _("By secure email")
    PORTAL = "portal", _("Through an online portal")
    # Sent to a receiving organisation that uses Noddfa: it arrives in its inbox.
    NODDFA = "noddfa", _("Through Noddfa, to the receiving organisation’s inbox")


WRITTEN_CHANNELS = frozenset({Channel.IN_WRITING, Channel.SECURE_EMAIL, Channel.PORTAL})


class ReceiverDecision(models.TextChoices):
    """What a receiving organisation decided about a referral that arrived in its inbox. For a
    report of a child at risk in Wales it is the decision recorded within one working day
    (Wales Safeguarding Procedures, children C3; adults A3)."""

    STRATEGY_DISCUSSION = "strategy_discussion", _("Strategy discussion or meeting")
    ASSESSMENT = "assessment", _("Assessment of care and support needs")
    INFORMATION_ADVICE = "information_advice", _("Information, advice or assistance")
    SUPPORT_OFFERED = "support_offered", _("Accepted: support offered")
    NRM_SUBMITTED = "nrm_submitted", _("The first responder submitted the NRM referral")
    NOTICE_SUBMITTED = "notice_submitted", _("The first responder submitted the Duty to Notify")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")


# The decisions a person records for each kind (the submissions are recorded by the service).
DECISIONS_FOR: dict[str, tuple[str, ...]] = {
    Kind.CHILD_AT_RISK: (
        ReceiverDecision.STRATEGY_DISCUSSION,
        ReceiverDecision.ASSESSMENT,
        ReceiverDecision.INFORMATION_ADVICE,
        ReceiverDecision.NO_FURTHER_ACTION,
    ),
    Kind.ADULT_AT_RISK: (
        ReceiverDecision.STRATEGY_DISCUSSION,
        ReceiverDecision.ASSESSMENT,
        ReceiverDecision.INFORMATION_ADVICE,
        ReceiverDecision.NO_FURTHER_ACTION,
    ),
    Kind.ICTA: (ReceiverDecision.SUPPORT_OFFERED, ReceiverDecision.NO_FURTHER_ACTION),
    Kind.NRM_HANDOVER: (ReceiverDecision.NO_FURTHER_ACTION,),
    Kind.DTN_HANDOVER: (ReceiverDecision.NO_FURTHER_ACTION,),
}


class StatusChange(Immutable):
    draft = models.ForeignKey(
        ReferralDraft, on_delete=models.PROTECT, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Set on a submission: how it was made. Empty on other steps and on older submissions.
    channel = models.CharField(
        _("how it was made"), max_length=16, choices=Channel.choices, blank=True
    )
    # Set when the receiving organisation records its decision in Noddfa (its inbox).
    decision = models.CharField(
        _("decision"), max_length=32, choices=ReceiverDecision.choices, blank=True
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral status change")
        # A referral's status is its latest change in the order written: one index step.
        indexes = [models.Index(fields=["draft", "-id"], name="status_change_latest")]

    def __str__(self) -> str:
        return self.get_status_display()


class OpenDeadline(models.Model):
    """A date still open on a referral, as `deadlines.deadlines_of` works it out, written
    again by every step that can change it (`open_deadlines.keep_open_deadlines`) so that the
    deadline lists are paged in the database: their cost follows what is open, not every
    referral ever made (issue 22, ADR 0029). Nothing here is new information; `noddfa
    referral_deadlines --check` compares it with the dates worked out afresh."""

    draft = models.ForeignKey(
        ReferralDraft, on_delete=models.CASCADE, related_name="open_deadlines"
    )
    # One of the keys in `deadlines` (submit, reply, confirm_in_writing, follow_up, recovery).
    key = models.CharField(max_length=32)
    due = models.DateTimeField()
    can_be_overdue = models.BooleanField()
    # The referral's, under the same names, so the rule of who may see a referral
    # (`permissions.referral_visibility`) reads the row alone, through these columns' indexes:
    # an organisation's list reads its own open dates, not every open date in the region.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    receiving_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("open referral deadline")
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="one_open_deadline_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.due:%Y-%m-%d %H:%M}"


class WrittenConfirmation(Immutable):
    """The written confirmation of a report first made by telephone."""

    draft = models.ForeignKey(
        ReferralDraft, on_delete=models.PROTECT, related_name="written_confirmations"
    )
    confirmed_at = models.DateTimeField(_("when it was confirmed in writing"))
    channel = models.CharField(_("how it was confirmed"), max_length=16, choices=Channel.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "pk"]
        verbose_name = _("written confirmation")

    def __str__(self) -> str:
        return self.get_channel_display()


class DecisionKind(models.TextChoices):
    REASONABLE_GROUNDS = "reasonable_grounds", _("Reasonable Grounds decision")
    CONCLUSIVE_GROUNDS = "conclusive_grounds", _("Conclusive Grounds decision")
    RECONSIDERATION_REQUESTED = "reconsideration_requested", _("Reconsideration requested")
    RECONSIDERATION = "reconsideration", _("Decision after reconsideration")


class Outcome(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")
    # The three Conclusive Grounds outcomes in England and Wales (sources.md#ref-3-7).
    TRAFFICKING = "trafficking", _("Victim of modern slavery (human trafficking)")
    SLAVERY = "slavery", _("Victim of modern slavery (slavery, servitude or forced labour)")
    INSUFFICIENT = "insufficient", _("Not enough evidence to recognise as a victim")


class NrmDecision(Immutable):
    draft = models.ForeignKey(ReferralDraft, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=32, choices=DecisionKind.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "recorded_at"]
        verbose_name = _("NRM decision")

    def __str__(self) -> str:
        return self.get_decision_display()


class ConsentDecision(models.TextChoices):
    CONSENTS = "consents", _("Agrees to an NRM referral")
    REFUSES = "refuses", _("Does not agree to an NRM referral")
    WITHDRAWN = "withdrawn", _("Withdrew their agreement")


class ConsentRecord(Immutable):
    """What an adult decided about an NRM referral once it was explained to them."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="consents")
    explained_by = models.CharField(_("who explained the NRM"), max_length=200)
    language = models.CharField(_("language it was explained in"), max_length=100)
    interpreter_used = models.BooleanField(_("an interpreter was used"), default=False)
    decision = models.CharField(_("decision"), max_length=16, choices=ConsentDecision.choices)
    agrees_to_be_named = models.BooleanField(
        _("agrees to be named in a Duty to Notify"), default=False
    )
    decided_at = models.DateTimeField(_("when they decided"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "recorded_at"]
        verbose_name = _("consent record")

    def __str__(self) -> str:
        return self.get_decision_display()


class InboxItem(models.Model):
    """A referral that arrived at a receiving organisation in Noddfa: written once, in the
    transaction that recorded its submission and shared the person's case with the receiver.
    One per referral (the unique draft), so a second click on submit cannot make two.
    What happened next (acknowledged, decided) is in the referral's status changes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.OneToOneField(ReferralDraft, on_delete=models.PROTECT, related_name="inbox_item")
    receiver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("received"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A hand-over taken up: the first responder's own referral, prefilled from it.
    taken_up_as = models.OneToOneField(
        ReferralDraft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taken_up_from",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("inbox item")

    def __str__(self) -> str:
        return str(self.draft)
