"""Every change to a referral: one transaction, one permission check, one audit event.

Noddfa never sends a referral. These calls record that a person prepared, checked,
submitted and heard back about one, through the official channel, and when.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from noddfa.accounts.models import Organisation, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.concerns.models import Concern, Evidence, PathwayAction, PathwayRun
from noddfa.concerns.services import close_from_evidence, current_run, rerun_pathway
from noddfa.core.errors import Conflict, RuleBroken, StaleSave
from noddfa.core.outbox import enqueue_many
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation
from noddfa.training.selectors import is_first_responder_trained

from .deadlines import REPORT_KINDS, recovery_period_end
from .fields import all_fields
from .follow_up import follow_referral
from .models import (
    DECISIONS_FOR,
    DELIVERED_KINDS,
    HANDOVER_KINDS,
    NRM_KINDS,
    WRITTEN_CHANNELS,
    Channel,
    ConsentDecision,
    ConsentRecord,
    DecisionKind,
    InboxItem,
    Kind,
    NrmDecision,
    Outcome,
    ReceiverDecision,
    ReferralDraft,
    ReferralPolicy,
    Status,
    StatusChange,
    WrittenConfirmation,
)
from .open_deadlines import keep_open_deadlines
from .permissions import (
    RECEIVING_ROLES,
    can_answer_for_receiver,
    can_edit,
    can_prepare,
    can_record_consent,
    can_record_decision,
    can_record_reply,
    can_set_policy,
    can_submit,
    can_take_up,
    may_offer,
    needs_hand_over,
    receivers_for,
)
from .prefill import initial_data, sources
from .selectors import consent_blocker, current_consent_decision
from .validation import format_errors, readiness_errors

# The pathway actions that produce a referral, and the referral each one produces.
ACTION_KINDS = {
    "REPORT_CHILD_AT_RISK": (Kind.CHILD_AT_RISK,),
    "REPORT_ADULT_AT_RISK": (Kind.ADULT_AT_RISK,),
    "NRM_REFERRAL": (Kind.NRM_CHILD, Kind.NRM_ADULT),
    "DUTY_TO_NOTIFY": (Kind.DUTY_TO_NOTIFY,),
    "ICTA_REFERRAL": (Kind.ICTA,),
}


class ReferralInvalid(RuleBroken):
    """The answers do not pass; `errors` maps each field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("The referral has errors.", errors)


class WrongStatus(Conflict):
    """The step does not follow from where the referral is now."""


class AlreadySubmitted(WrongStatus):
    """A second submission of one referral (a double click): the first one stands."""


class NoCurrentConsent(WrongStatus):
    """An adult NRM referral without the person's current informed consent: it cannot be
    submitted (sources.md#ref-3-2). The message says why; the page says what to do instead."""


# How each kind can be submitted: a report to the local authority or the ICTG service by
# any route; the NRM referral and the Duty to Notify only through the Home Office's online
# form (sources.md#ref-3-3), so nothing is asked.
SUBMISSION_CHANNELS: dict[str, tuple[str, ...]] = {
    Kind.CHILD_AT_RISK: tuple(Channel.values),
    Kind.ADULT_AT_RISK: tuple(Channel.values),
    Kind.ICTA: tuple(Channel.values),
}


def kind_for(action: PathwayAction) -> str:
    kinds = ACTION_KINDS[action.code]
    if len(kinds) == 1:
        return kinds[0]
    # The pathway as it stands now: a lead's correction of the age counts.
    assessment = current_run(action.concern).result.get("assessment", {})
    return Kind.NRM_CHILD if assessment.get("treated_as_child", True) else Kind.NRM_ADULT


def _status(draft: ReferralDraft, by: User, status: str, **extra: Any) -> StatusChange:
    change = StatusChange.objects.create(
        draft=draft, status=status, at=extra.pop("at", None) or timezone.now(), by=by, **extra
    )
    follow_referral(draft)
    return change


def _audit(action: str, by: User, draft: ReferralDraft, event: str, **detail: Any) -> None:
    # Ids and codes only: the detail of an audit event never holds what the referral says.
    record(action, actor=by, target=draft, detail={"event": event, "kind": draft.kind, **detail})


@transaction.atomic
def start_referral(by: User, action: PathwayAction) -> ReferralDraft:
    """The referral for a pathway action, pre-filled; the same one if it was started before."""
    concern = action.concern
    if action.code not in ACTION_KINDS or not can_prepare(by, concern):
        raise PermissionDenied
    kind = kind_for(action)
    assert by.organisation is not None
    if not may_offer(kind, by.organisation):
        raise PermissionDenied
    existing = ReferralDraft.objects.filter(
        concern=concern, kind=kind, organisation_id=concern.organisation_id
    ).first()
    if existing is not None:
        return existing
    draft = ReferralDraft.objects.create(
        kind=kind,
        concern=concern,
        action=action,
        subject=concern.subject,
        organisation=concern.organisation,
        jurisdiction=concern.pathway_case.get("jurisdiction", "wales"),
        data={},
        created_by=by,
    )
    draft.data = _shaped(draft, initial_data(kind, concern, by), by)
    draft.save(update_fields=["data"])
    _status(draft, by, Status.DRAFT)
    _audit(AuditAction.CREATE, by, draft, "referral_started", concern=str(concern.pk))
    return draft


def _shaped(draft: ReferralDraft, data: dict[str, Any], by: User) -> dict[str, Any]:
    """A Duty to Notify about someone who has not agreed to be named keeps no identifying
    answer at all, not even hidden; once they agree, those answers come from the record."""
    if draft.kind != Kind.DUTY_TO_NOTIFY:
        return data
    identifying = [f for f in all_fields(draft.kind) if f.identifying]
    if data.get("named") != "yes":
        return {k: v for k, v in data.items() if k not in {f.name for f in identifying}}
    values = sources(draft.concern, by)
    merged = dict(data)
    for f in identifying:
        if merged.get(f.name) in ("", None, []):
            merged[f.name] = values.get(f.source, "")
    return merged


class StaleDraft(StaleSave):
    """Someone saved the referral after this page was opened: saving would drop their change."""

    def __init__(self, current_version: str) -> None:
        super().__init__(_("Someone saved this referral after you opened it."), current_version)


def draft_version(draft: ReferralDraft) -> str:
    """What the answers were when a page was opened, to tell a stale save from a fresh one."""
    saved = json.dumps([draft.data, str(draft.receiving_body_id)], sort_keys=True, default=str)
    return hashlib.sha256(saved.encode()).hexdigest()[:20]


@transaction.atomic
def update_draft(
    by: User,
    draft: ReferralDraft,
    data: dict[str, Any],
    receiving_body: Organisation | None = None,
    *,
    opened_version: str | None = None,
) -> ReferralDraft:
    """Save answers. Badly formed answers are refused; empty ones are fine until ready.
    Editing a draft that was marked ready takes it back to draft, to be checked again.
    With `opened_version` (from the page), a save over answers someone else saved since is
    refused with StaleDraft rather than silently dropping theirs."""
    if not can_edit(by, draft):
        raise PermissionDenied
    if opened_version is not None:
        # Locked so two saves from two tabs are checked one after the other.
        current = draft_version(ReferralDraft.objects.select_for_update().get(pk=draft.pk))
        if opened_version != current:
            raise StaleDraft(current)
    errors = format_errors(draft.kind, data, draft.subject)
    if errors:
        raise ReferralInvalid(errors)
    # Answers to questions this kind no longer asks (fields.RETIRED) are kept, not dropped.
    asked = {f.name for f in all_fields(draft.kind)}
    earlier = {k: v for k, v in draft.data.items() if k not in asked}
    data = _shaped(draft, {**earlier, **data}, by)
    changed = sorted(k for k in set(data) | set(draft.data) if data.get(k) != draft.data.get(k))
    if receiving_body != draft.receiving_body:
        changed.append("receiving_body")
    draft.data = data
    draft.receiving_body = receiving_body
    draft.save(update_fields=["data", "receiving_body", "updated_at"])
    if changed and draft.status == Status.READY:
        _status(draft, by, Status.DRAFT)
    elif "receiving_body" in changed:
        # Who may see the draft's open date changed with it.
        keep_open_deadlines(draft)
    _audit(AuditAction.CHANGE, by, draft, "referral_edited", fields=changed)
    return draft


@transaction.atomic
def mark_ready(by: User, draft: ReferralDraft) -> StatusChange:
    if not can_edit(by, draft):
        raise PermissionDenied
    if draft.status != Status.DRAFT:
        raise WrongStatus(_("Only a draft can be marked ready."))
    errors = readiness_errors(
        draft.kind,
        draft.data,
        draft.subject,
        consent_decision=current_consent_decision(draft.concern),
    )
    if errors:
        raise ReferralInvalid(errors)
    change = _status(draft, by, Status.READY)
    _audit(AuditAction.CHANGE, by, draft, "referral_ready")
    return change


def _training_gate_passes(by: User, draft: ReferralDraft) -> bool:
    policy = ReferralPolicy.objects.filter(organisation_id=draft.organisation_id).first()
    if draft.kind not in NRM_KINDS or policy is None:
        return True
    return not policy.nrm_submission_requires_training or is_first_responder_trained(by)


@transaction.atomic
def record_submission(
    by: User,
    draft: ReferralDraft,
    *,
    external_reference: str,
    submitted_at: datetime,
    channel: str = "",
) -> StatusChange:
    """Record that the referral went through its official channel. A report of a child or
    adult at risk says how it was made: one made by telephone is then confirmed in writing
    within 24 hours (deadlines.py). A referral that names a receiving organisation in Noddfa
    also arrives in its inbox (issue 18)."""
    _check_submission(by, draft)
    allowed = SUBMISSION_CHANNELS.get(draft.kind, ())
    if channel not in allowed and (channel or allowed):
        # Asked wherever there is more than one route; never for the NRM or the notice.
        if draft.kind in REPORT_KINDS:
            raise ReferralInvalid({"channel": _("Choose how the report was made")})
        raise ReferralInvalid({"channel": _("Choose how the referral was made")})
    return _submitted(by, draft, submitted_at, external_reference, channel)


@transaction.atomic
def send_through_noddfa(by: User, draft: ReferralDraft) -> StatusChange:
    """Send a referral marked ready to the receiving organisation it names, which uses
    Noddfa: the submission is recorded now, the person's case is shared with the receiver
    under the safeguarding basis, and the referral arrives in the receiver's inbox, all in
    this one transaction."""
    _check_submission(by, draft)
    if draft.receiving_body_id is None or draft.kind not in DELIVERED_KINDS:
        raise WrongStatus(_("Choose a receiving organisation in Noddfa first."))
    return _submitted(by, draft, timezone.now(), "", Channel.NODDFA)


def _lock(draft: ReferralDraft) -> None:
    """Hold the referral's row until the transaction ends: two steps on one referral (two
    clicks, two tabs) are taken one after the other, and the second sees the first."""
    ReferralDraft.objects.select_for_update().filter(pk=draft.pk).first()


def _check_submission(by: User, draft: ReferralDraft) -> None:
    if not can_submit(by, draft) or not _training_gate_passes(by, draft):
        raise PermissionDenied
    # One submission at a time: a second click waits for the first and then finds it made.
    _lock(draft)
    if draft.kind == Kind.NRM_ADULT:
        # Checked again now, not only when it was marked ready: consent can be withdrawn
        # in between, from another page or by another person (which also returns the draft
        # to draft), and the reason to give is the consent, not the status.
        problem = consent_blocker(draft)
        if problem:
            raise NoCurrentConsent(problem)
    if draft.status != Status.READY:
        if draft.status != Status.DRAFT:
            raise AlreadySubmitted(_("This referral is already submitted."))
        raise WrongStatus(_("Only a referral marked ready can be submitted."))


def _submitted(
    by: User, draft: ReferralDraft, at: datetime, external_reference: str, channel: str
) -> StatusChange:
    change = _status(
        draft,
        by,
        Status.SUBMITTED,
        at=at,
        external_reference=external_reference,
        channel=channel,
    )
    _audit(AuditAction.CHANGE, by, draft, "referral_submitted", channel=channel)
    _deliver(by, draft)
    _settle_hand_over(by, draft, change)
    # The submission, with its reference, is the evidence that the pathway action it was
    # prepared for is done: the action and its task close with it (ADR 18). A re-run since
    # may have replaced the action: its current successor, same code, is the one closed.
    # A hand-over is not the referral: its action closes when the first responder submits.
    if draft.action is not None and draft.kind not in HANDOVER_KINDS:
        close_from_evidence(
            by,
            draft.concern,
            draft.action.code,
            evidence=Evidence.REFERRAL_SUBMITTED,
            happened_at=change.at,
            reference=external_reference.strip() or draft.reference,
        )
    return change


@transaction.atomic
def record_written_confirmation(
    by: User, draft: ReferralDraft, *, confirmed_at: datetime, channel: str
) -> WrittenConfirmation:
    """Record that a report first made by telephone was confirmed in writing."""
    if not can_submit(by, draft):
        raise PermissionDenied
    submitted = draft.status_changes.filter(status=Status.SUBMITTED).order_by("-at").first()
    if (
        draft.kind not in REPORT_KINDS
        or submitted is None
        or submitted.channel != Channel.TELEPHONE
    ):
        raise WrongStatus(_("Only a report made by telephone is confirmed in writing."))
    if draft.written_confirmations.exists():
        raise WrongStatus(_("The written confirmation is already recorded."))
    if channel not in WRITTEN_CHANNELS:
        raise ReferralInvalid({"channel": _("Choose how it was confirmed in writing")})
    if confirmed_at < submitted.at or confirmed_at > timezone.now():
        raise ReferralInvalid(
            {"confirmed_at": _("The confirmation must be between the telephone report and now")}
        )
    confirmation = WrittenConfirmation.objects.create(
        draft=draft, confirmed_at=confirmed_at, channel=channel, by=by
    )
    _audit(AuditAction.CHANGE, by, draft, "report_confirmed_in_writing", channel=channel)
    follow_referral(draft)
    return confirmation


@transaction.atomic
def record_acknowledgement(
    by: User, draft: ReferralDraft, *, acknowledged_at: datetime, external_reference: str = ""
) -> StatusChange:
    if not can_record_reply(by, draft):
        raise PermissionDenied
    if draft.status != Status.SUBMITTED:
        raise WrongStatus(_("Only a submitted referral can be acknowledged."))
    change = _status(
        draft,
        by,
        Status.ACKNOWLEDGED,
        at=acknowledged_at,
        external_reference=external_reference,
    )
    _audit(AuditAction.CHANGE, by, draft, "referral_acknowledged")
    return change


@transaction.atomic
def record_response(
    by: User, draft: ReferralDraft, *, accepted: bool, reason: str, responded_at: datetime
) -> StatusChange:
    if not can_record_reply(by, draft):
        raise PermissionDenied
    if draft.status not in (Status.SUBMITTED, Status.ACKNOWLEDGED):
        raise WrongStatus(_("Only a submitted referral can be accepted or declined."))
    if not accepted and not reason.strip():
        raise ReferralInvalid({"reason": _("Give the reason it was declined")})
    status = Status.ACCEPTED if accepted else Status.DECLINED
    change = _status(draft, by, status, at=responded_at, reason=reason.strip())
    _audit(AuditAction.CHANGE, by, draft, f"referral_{status}")
    return change


_CG_OUTCOMES = {Outcome.TRAFFICKING, Outcome.SLAVERY, Outcome.INSUFFICIENT}
_RG_OUTCOMES = {Outcome.POSITIVE, Outcome.NEGATIVE}


def _decision_problem(
    draft: ReferralDraft, decision: str, outcome: str, decided_on: date
) -> str | None:
    earlier = list(draft.decisions.all())
    grounds = [d for d in earlier if d.decision == DecisionKind.REASONABLE_GROUNDS]
    submitted = draft.status_changes.filter(status=Status.SUBMITTED).first()
    if submitted is None:
        return _("An NRM decision can only follow a submitted referral.")
    if decided_on < timezone.localtime(submitted.at).date() or decided_on > timezone.localdate():
        return _("The decision date must be between the submission and today.")
    if decision == DecisionKind.REASONABLE_GROUNDS:
        if grounds:
            return _("A Reasonable Grounds decision is already recorded.")
        if outcome not in _RG_OUTCOMES:
            return _("A Reasonable Grounds decision is positive or negative.")
    elif decision == DecisionKind.CONCLUSIVE_GROUNDS:
        if not grounds or grounds[0].outcome != Outcome.POSITIVE:
            return _(
                "A Conclusive Grounds decision follows a positive Reasonable Grounds decision."
            )
        if outcome not in _CG_OUTCOMES:
            return _("Choose one of the three Conclusive Grounds outcomes.")
        # No Conclusive Grounds decision before the 30-day recovery period ends (3.6).
        if decided_on < recovery_period_end(grounds[0].decided_on):
            return _("A Conclusive Grounds decision cannot come before the recovery period ends.")
    elif decision == DecisionKind.RECONSIDERATION_REQUESTED:
        if not any(d.outcome in (Outcome.NEGATIVE, Outcome.INSUFFICIENT) for d in earlier):
            return _("Reconsideration can only be asked for after a negative decision.")
    elif decision == DecisionKind.RECONSIDERATION:
        if not any(d.decision == DecisionKind.RECONSIDERATION_REQUESTED for d in earlier):
            return _("Record the request for reconsideration first.")
        if outcome not in _RG_OUTCOMES | _CG_OUTCOMES:
            return _("Choose the outcome of the reconsideration.")
    return None


@transaction.atomic
def record_nrm_decision(
    by: User,
    draft: ReferralDraft,
    *,
    decision: str,
    outcome: str,
    decided_on: date,
    note: str = "",
) -> NrmDecision:
    if not can_record_decision(by, draft):
        raise PermissionDenied
    problem = _decision_problem(draft, decision, outcome, decided_on)
    if problem:
        raise WrongStatus(problem)
    row = NrmDecision.objects.create(
        draft=draft,
        decision=decision,
        outcome=outcome,
        decided_on=decided_on,
        note=note,
        recorded_by=by,
    )
    _audit(AuditAction.CREATE, by, draft, "nrm_decision", decision=decision, outcome=outcome)
    follow_referral(draft)
    return row


# What a re-run after a consent decision says, as message ids: the concern page shows them
# in the reader's language, and the retracted actions carry them as their reason.
CONSENT_REASONS = {
    ConsentDecision.CONSENTS: gettext_noop("Consent given: the person agreed to an NRM referral"),
    ConsentDecision.REFUSES: gettext_noop(
        "Consent refused: the person did not agree to an NRM referral"
    ),
    ConsentDecision.WITHDRAWN: gettext_noop(
        "Consent withdrawn: the person withdrew their agreement to an NRM referral"
    ),
}
_SENT = (Status.SUBMITTED, Status.ACKNOWLEDGED, Status.ACCEPTED, Status.DECLINED)


def _sent_actions(concern: Concern) -> set[int]:
    """Pathway actions whose referral has gone: acted on, even with no outcome recorded."""
    drafts = ReferralDraft.objects.filter(concern=concern, action__isnull=False)
    return set(drafts.filter(status_changes__status__in=_SENT).values_list("action_id", flat=True))


def _rerun_pathway(by: User, concern: Concern) -> PathwayRun | None:
    """The pathway again with the consent that now stands. An adult's NRM referral needs
    current informed consent (sources.md#ref-3-2), so a refusal or withdrawal retracts it even
    if it was started or sent: the record keeps it, with its outcomes, as earlier advice. A
    Duty to Notify already made stays when the person later agrees."""
    # The decision that stands is the latest made, whatever order they were typed in.
    decision = current_consent_decision(concern)
    if decision is None:
        raise RuntimeError("the pathway is re-run for consent only after a decision is recorded")
    standing = ConsentDecision(decision)
    agrees = standing == ConsentDecision.CONSENTS
    return rerun_pathway(
        by,
        concern,
        changes={"adult.consents_to_nrm": agrees},
        reason=CONSENT_REASONS[standing],
        trigger=PathwayRun.Trigger.CONSENT,
        acted_on=_sent_actions(concern),
        retract_even_if_done=() if agrees else ("NRM_REFERRAL",),
    )


@transaction.atomic
def record_consent(
    by: User,
    concern: Concern,
    *,
    explained_by: str,
    language: str,
    interpreter_used: bool,
    decision: str,
    decided_at: datetime,
    agrees_to_be_named: bool = False,
) -> ConsentRecord:
    if not can_record_consent(by, concern):
        raise PermissionDenied
    # The pathway as it stands: a lead's correction of the age (a re-run) counts.
    if current_run(concern).result.get("assessment", {}).get("treated_as_child", True):
        # Children never need to agree to an NRM referral (sources.md#ref-3-2).
        raise WrongStatus(_("Consent is recorded for adults only."))
    # One decision at a time per concern: two recorded at once are applied in turn, and the
    # pathway follows whichever was made last.
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    consent = ConsentRecord.objects.create(
        concern=concern,
        explained_by=explained_by,
        language=language,
        interpreter_used=interpreter_used,
        decision=decision,
        agrees_to_be_named=agrees_to_be_named,
        decided_at=decided_at,
        recorded_by=by,
    )
    run = _rerun_pathway(by, concern)
    returned = _return_ready_adult_nrm_to_draft(by, concern)
    # No run when the decision changes nothing the pathway reads (a refusal after a refusal,
    # or a decision older than the one that stands).
    changed = run.summary if run is not None else {}
    record(
        AuditAction.CREATE,
        actor=by,
        target=consent,
        detail={
            "event": "nrm_consent",
            "decision": decision,
            "pathway_run": run.number if run is not None else None,
            "actions_added": changed.get("added", []),
            "actions_retracted": changed.get("retracted", []),
            "nrm_drafts_returned_to_draft": returned,
        },
    )
    return consent


NO_CURRENT_CONSENT = gettext_noop(
    "Returned to draft: the person does not agree to an NRM referral now."
)


def _return_ready_adult_nrm_to_draft(by: User, concern: Concern) -> int:
    """An adult NRM referral marked ready is no longer ready once consent is refused or
    withdrawn: it goes back to draft, with the reason, so no list shows it as ready to send."""
    if current_consent_decision(concern) == ConsentDecision.CONSENTS:
        return 0
    returned = 0
    for draft in ReferralDraft.objects.filter(concern=concern, kind=Kind.NRM_ADULT):
        if draft.status == Status.READY:
            _status(draft, by, Status.DRAFT, reason=NO_CURRENT_CONSENT)
            _audit(AuditAction.CHANGE, by, draft, "returned_to_draft", reason="no_consent")
            returned += 1
    return returned


@transaction.atomic
def set_policy(by: User, *, nrm_submission_requires_training: bool) -> ReferralPolicy:
    if not can_set_policy(by) or by.organisation is None:
        raise PermissionDenied
    policy, _new = ReferralPolicy.objects.get_or_create(organisation=by.organisation)
    policy.nrm_submission_requires_training = nrm_submission_requires_training
    policy.updated_by = by
    policy.save()
    record(
        AuditAction.CHANGE,
        actor=by,
        target=policy,
        detail={"event": "referral_policy", "requires_training": nrm_submission_requires_training},
    )
    return policy


# The inbox (issue 18): a referral sent to an organisation that uses Noddfa arrives there.


def _share_reason(draft: ReferralDraft) -> str:
    # In the sender's language, like a reason they would have typed; it names no one.
    return _(
        "%(kind)s sent through Noddfa (referral %(reference)s): the receiving organisation "
        "needs the record to act on it."
    ) % {"kind": Kind(draft.kind).label, "reference": draft.reference}


def _deliver(by: User, draft: ReferralDraft) -> InboxItem | None:
    """Share the person's case with the receiving organisation the referral names and put
    the referral in its inbox; nothing for a receiver outside Noddfa (print, send, record the
    reference, as before). Once only: the inbox item is unique to the referral."""
    receiver = draft.receiving_body
    if receiver is None or draft.kind not in DELIVERED_KINDS:
        return None
    existing = InboxItem.objects.filter(draft=draft).first()
    if existing is not None:
        return existing
    share_with_organisation(
        by,
        draft.subject,
        receiver,
        reason=_share_reason(draft),
        lawful_basis=LawfulBasis.SAFEGUARDING,
        for_referral=str(draft.pk),
    )
    item = InboxItem.objects.create(
        draft=draft, receiver=receiver, received_at=timezone.now(), sent_by=by
    )
    _audit(AuditAction.SHARE, by, draft, "referral_delivered", receiver_id=receiver.pk)
    _tell_the_receivers(item)
    return item


def _tell_the_receivers(item: InboxItem) -> None:
    """An email to each person who answers the receiver's inbox, queued with the delivery so
    both happen or neither: a referral nobody is told about waits unread for its deadline.
    It names the kind and reference only, never the person, since email leaves Noddfa."""
    link = reverse("referrals:inbox_item", args=[item.pk])
    answerers = User.objects.filter(
        organisation=item.receiver, role__in=RECEIVING_ROLES, is_active=True
    ).exclude(email="")
    enqueue_many([_arrival_email(person, item, link) for person in answerers])


def _arrival_email(person: User, item: InboxItem, link: str) -> tuple[str, str, str]:
    with translation.override(person.language):
        subject = _("Noddfa: a referral has arrived in your inbox")
        body = _(
            "%(kind)s %(reference)s has arrived in your organisation's Noddfa inbox. "
            "Sign in to read it: %(link)s"
        ) % {"kind": Kind(item.draft.kind).label, "reference": item.draft.reference, "link": link}
    return (person.email, subject, body)


def _locked_item(item: InboxItem) -> InboxItem:
    """The inbox item as it is now, its referral's row held until the transaction ends."""
    _lock(item.draft)
    return InboxItem.objects.select_related("draft", "receiver").get(pk=item.pk)


def _acknowledge(by: User, draft: ReferralDraft) -> StatusChange:
    change = _status(draft, by, Status.ACKNOWLEDGED)
    _audit(AuditAction.CHANGE, by, draft, "referral_acknowledged", in_inbox=True)
    return change


@transaction.atomic
def acknowledge_received(by: User, item: InboxItem) -> StatusChange:
    """The receiving organisation says it has the referral: who, and when (now)."""
    if not can_answer_for_receiver(by, item):
        raise PermissionDenied
    item = _locked_item(item)
    if item.draft.status != Status.SUBMITTED:
        raise WrongStatus(_("This referral is already acknowledged."))
    return _acknowledge(by, item.draft)


@transaction.atomic
def decide_received(by: User, item: InboxItem, *, decision: str, reason: str = "") -> StatusChange:
    """The receiving organisation's decision: for a report of a child at risk in Wales, the
    decision recorded within one working day (strategy discussion, assessment, information
    and advice, or no further action with the reason). Acknowledges it first if need be."""
    if not can_answer_for_receiver(by, item):
        raise PermissionDenied
    item = _locked_item(item)
    draft = item.draft
    if draft.status not in (Status.SUBMITTED, Status.ACKNOWLEDGED):
        raise WrongStatus(_("A decision is already recorded for this referral."))
    if decision not in DECISIONS_FOR.get(draft.kind, ()):
        raise ReferralInvalid({"decision": _("Choose the decision")})
    reason = reason.strip()
    if decision == ReceiverDecision.NO_FURTHER_ACTION and not reason:
        raise ReferralInvalid({"reason": _("Give the reason for no further action")})
    if draft.status == Status.SUBMITTED:
        _acknowledge(by, draft)
    status = Status.DECLINED if decision == ReceiverDecision.NO_FURTHER_ACTION else Status.ACCEPTED
    change = _status(draft, by, status, decision=decision, reason=reason)
    _audit(AuditAction.CHANGE, by, draft, "referral_decided", decision=decision)
    return change


# Hand-over to a first responder (issue 18, item 2).

HAND_OVER_FOR: dict[str, str] = {Kind.DUTY_TO_NOTIFY: Kind.DTN_HANDOVER}


def hand_over_kind(kind: str) -> str:
    """The hand-over that stands in for a referral the organisation may not make."""
    return HAND_OVER_FOR.get(kind, Kind.NRM_HANDOVER)


@transaction.atomic
def start_hand_over(
    by: User, action: PathwayAction, receiver: Organisation | None
) -> ReferralDraft:
    """What an organisation that may not make the NRM referral (or the Duty to Notify)
    prepares for a first responder: pre-filled, naming the first responder in Noddfa it goes
    to (or none, to print and give to one outside). The same one if it was started before."""
    concern = action.concern
    if action.code not in ACTION_KINDS or not can_prepare(by, concern):
        raise PermissionDenied
    assert by.organisation is not None
    target = kind_for(action)
    if not needs_hand_over(target, by.organisation):
        raise PermissionDenied
    if (
        receiver is not None
        and not receivers_for(hand_over_kind(target), by.organisation_id)
        .filter(pk=receiver.pk)
        .exists()
    ):
        raise ReferralInvalid({"receiver": _("Choose the police or a local authority")})
    kind = hand_over_kind(target)
    existing = ReferralDraft.objects.filter(
        concern=concern, kind=kind, organisation_id=concern.organisation_id
    ).first()
    if existing is not None:
        return existing
    draft = ReferralDraft.objects.create(
        kind=kind,
        concern=concern,
        action=action,
        subject=concern.subject,
        organisation=concern.organisation,
        receiving_body=receiver,
        jurisdiction=concern.pathway_case.get("jurisdiction", "wales"),
        data=initial_data(kind, concern, by),
        created_by=by,
    )
    _status(draft, by, Status.DRAFT)
    _audit(AuditAction.CREATE, by, draft, "hand_over_started", concern=str(concern.pk))
    return draft


# The hand-over's answers the first responder's own referral takes; who refers is itself.
_REFERRER_FIELDS = frozenset({"referrer_name", "referrer_email", "organisation"})


@transaction.atomic
def take_up_hand_over(by: User, item: InboxItem) -> ReferralDraft:
    """The first responder makes the referral itself: a draft of its own about the same
    concern, pre-filled from the hand-over and from its own details as first responder. The
    same draft if it was taken up before (a second click)."""
    if not can_take_up(by, item):
        raise PermissionDenied
    item = _locked_item(item)
    if item.taken_up_as_id is not None:
        assert item.taken_up_as is not None
        return item.taken_up_as
    hand_over = item.draft
    if hand_over.status not in (Status.SUBMITTED, Status.ACKNOWLEDGED):
        raise WrongStatus(_("A decision is already recorded for this referral."))
    concern = hand_over.concern
    kind: str
    if hand_over.kind == Kind.DTN_HANDOVER:
        kind = Kind.DUTY_TO_NOTIFY
    elif hand_over.action is not None:
        kind = kind_for(hand_over.action)
    else:
        kind = Kind.NRM_CHILD
    assert by.organisation is not None
    draft = ReferralDraft.objects.create(
        kind=kind,
        concern=concern,
        action=None,
        subject=concern.subject,
        organisation=by.organisation,
        jurisdiction=hand_over.jurisdiction,
        data={},
        created_by=by,
    )
    data = initial_data(kind, concern, by)
    for name, value in hand_over.data.items():
        if name in data and name not in _REFERRER_FIELDS and value not in ("", None, []):
            data[name] = value
    draft.data = _shaped(draft, data, by)
    draft.save(update_fields=["data"])
    _status(draft, by, Status.DRAFT)
    _audit(AuditAction.CREATE, by, draft, "hand_over_taken_up", hand_over=str(hand_over.pk))
    item.taken_up_as = draft
    item.save(update_fields=["taken_up_as"])
    if hand_over.status == Status.SUBMITTED:
        _acknowledge(by, hand_over)
    return draft


def _settle_hand_over(by: User, draft: ReferralDraft, submitted: StatusChange) -> None:
    """A first responder's submission of a referral it took up from a hand-over: the
    referrer's hand-over is settled with it (its reference), and the referrer's pathway action
    closes from that evidence."""
    item = InboxItem.objects.filter(taken_up_as=draft).select_related("draft__action").first()
    if item is None:
        return
    hand_over = item.draft
    if hand_over.status not in (Status.SUBMITTED, Status.ACKNOWLEDGED):
        return
    decision = (
        ReceiverDecision.NOTICE_SUBMITTED
        if draft.kind == Kind.DUTY_TO_NOTIFY
        else ReceiverDecision.NRM_SUBMITTED
    )
    if hand_over.status == Status.SUBMITTED:
        _acknowledge(by, hand_over)
    _status(
        hand_over,
        by,
        Status.ACCEPTED,
        at=submitted.at,
        decision=decision,
        external_reference=submitted.external_reference,
    )
    _audit(AuditAction.CHANGE, by, hand_over, "referral_decided", decision=decision)
    if hand_over.action is not None:
        close_from_evidence(
            by,
            hand_over.concern,
            hand_over.action.code,
            evidence=Evidence.REFERRAL_SUBMITTED,
            happened_at=submitted.at,
            reference=submitted.external_reference.strip() or draft.reference,
        )
