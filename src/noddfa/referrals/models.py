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


NRM_KINDS = frozenset({Kind.NRM_CHILD, Kind.NRM_ADULT})


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
        constraints = [
            models.UniqueConstraint(fields=["concern", "kind"], name="one_referral_per_kind")
        ]

    def __str__(self) -> str:
        return self.reference

    def history(self) -> models.QuerySet[StatusChange]:
        return self.status_changes.order_by("pk")

    @property
    def status(self) -> str:
        # The order rows were written in, not the dates typed in: a submission recorded
        # with an earlier time still follows the "ready" that allowed it.
        # .all() so a list of drafts fetched with their status changes asks nothing more.
        changes = self.status_changes.all()
        latest = max(changes, key=lambda change: change.pk, default=None)
        return latest.status if latest else Status.DRAFT


class Channel(models.TextChoices):
    """How a referral reached its receiving body. A report of a child or adult at risk made
    by telephone is confirmed in writing within 24 hours (Wales Safeguarding Procedures,
    children C3 and adults A3; issue 14 item 9)."""

    TELEPHONE = "telephone", _("By telephone")
    IN_WRITING = "in_writing", _("In writing (a letter or form)")
    SECURE_EMAIL = "secure_email", _("By secure email")
    PORTAL = "portal", _("Through an online portal")


WRITTEN_CHANNELS = frozenset({Channel.IN_WRITING, Channel.SECURE_EMAIL, Channel.PORTAL})


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

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral status change")

    def __str__(self) -> str:
        return self.get_status_display()


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
