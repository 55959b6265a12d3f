"""Writing concerns and everything that follows them: one transaction and one audit event each."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import appended_together, record
from noddfa.core.errors import Conflict, RuleBroken
from noddfa.core.outbox import enqueue_many
from noddfa.pathway import evaluate
from noddfa.people.models import Person
from noddfa.people.permissions import can_view_person

from .body_map import clean_entries
from .drafts import without_nul_in
from .models import (
    ActionOutcome,
    Addendum,
    Alert,
    Closure,
    Concern,
    ConcernDraft,
    Evidence,
    Involvement,
    LeadReview,
    PathwayAction,
    PathwayRun,
)
from .pathway_case import RecordedFacts, build_case, deadline
from .permissions import (
    can_add_addendum,
    can_assign,
    can_close,
    can_record_concern,
    can_record_outcome,
    can_rerun_pathway,
    can_review,
    can_view_concern,
)
from .signals import actions_changed, concern_recorded


@dataclass(frozen=True)
class ConcernReport:
    """Everything a practitioner records about one concern, as a service call receives it."""

    subject: Person
    observed_at: datetime
    observed_where: str
    immediate_danger: str
    account: str
    facts: RecordedFacts
    quotes: list[str] = field(default_factory=list)
    body_map: list[dict[str, str]] = field(default_factory=list)
    involved: list[tuple[Person, str]] = field(default_factory=list)


class AlreadyRecorded(Exception):
    """The form instance was submitted already: its concern stands, nothing more is recorded."""

    def __init__(self, concern_id: uuid.UUID) -> None:
        super().__init__("This form was submitted already.")
        self.concern_id = concern_id


class AlreadyClosed(Conflict):
    """Someone closed the concern first: their closure stands."""


@transaction.atomic
def save_draft(by: User, data: dict[str, Any], draft: ConcernDraft | None = None) -> ConcernDraft:
    if not can_record_concern(by) or by.organisation is None:
        raise PermissionDenied
    if draft is None:
        draft = ConcernDraft(author=by, organisation=by.organisation)
    elif draft.author_id != by.pk:
        raise PermissionDenied
    elif draft.concern_id is not None:
        # A late autosave never brings a submitted draft back.
        raise AlreadyRecorded(draft.concern_id)
    draft.data = without_nul_in(data)
    draft.save()
    return draft


def draft_for_form(by: User, draft_id: uuid.UUID | None, form_token: uuid.UUID) -> ConcernDraft:
    """The draft one form instance writes to, locked until the caller's transaction ends.

    The first autosave or submission of a form instance claims the draft it was opened on; a
    second tab opened on the same draft, or a form whose draft is gone, gets a draft of its
    own carrying the person it is about. Two requests from one form instance at once find the
    same row (its token is unique) and take turns on its lock.
    """
    if not can_record_concern(by) or by.organisation is None:
        raise PermissionDenied
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("draft_for_form must run inside the caller's transaction")
    mine = ConcernDraft.objects.filter(author=by)
    if draft_id is not None and not mine.filter(form_token=form_token).exists():
        mine.filter(pk=draft_id, form_token__isnull=True, concern__isnull=True).update(
            form_token=form_token
        )
    origin = mine.filter(pk=draft_id).first() if draft_id is not None else None
    start = {"subject": origin.data["subject"]} if origin and "subject" in origin.data else {}
    draft, _created = ConcernDraft.objects.get_or_create(
        author=by,
        form_token=form_token,
        defaults={"organisation": by.organisation, "data": start},
    )
    return ConcernDraft.objects.select_for_update().get(pk=draft.pk)


@transaction.atomic
def autosave_draft(
    by: User, draft_id: uuid.UUID, form_token: uuid.UUID, data: dict[str, Any]
) -> ConcernDraft:
    """Keep what one form instance holds now. Raises AlreadyRecorded once it was submitted."""
    draft = draft_for_form(by, draft_id, form_token)
    if "subject" in draft.data:
        data = {**data, "subject": draft.data["subject"]}
    return save_draft(by, data, draft)


def _new_action(run: PathwayRun, position: int, listed: Mapping[str, Any]) -> PathwayAction:
    return PathwayAction(
        concern=run.concern,
        code=listed["code"],
        priority=listed["priority"],
        position=position,
        who=listed["who"],
        due=listed["due"],
        # The clock starts when the pathway first said so: the recording, or the re-run that
        # brought the action in.
        due_at=deadline(listed["due"], run.ran_at, run.case["jurisdiction"]),
        for_referrer=listed.get("for_referrer", True),
        listed_by=run,
    )


def _first_run(by: User, concern: Concern) -> PathwayRun:
    run = PathwayRun.objects.create(
        concern=concern,
        number=1,
        ran_at=concern.recorded_at,
        ran_by=by,
        trigger=PathwayRun.Trigger.RECORDED,
        case=concern.pathway_case,
        result=concern.pathway_result,
        summary={"added": [action["code"] for action in concern.pathway_result["actions"]]},
    )
    PathwayAction.objects.bulk_create(
        _new_action(run, position, listed)
        for position, listed in enumerate(concern.pathway_result["actions"])
    )
    return run


def _alert_leads(concern: Concern) -> None:
    leads = list(
        User.objects.filter(
            organisation_id=concern.organisation_id,
            role=Role.SAFEGUARDING_LEAD,
            is_active=True,
        ).exclude(pk=concern.recorded_by_id)
    )
    Alert.objects.bulk_create(Alert(recipient=lead, concern=concern) for lead in leads)
    link = reverse("concerns:detail", args=[concern.pk])
    messages = []
    for lead in leads:
        # The email says only that there is a concern and where to read it: no names.
        with override(lead.language):
            subject = _("Noddfa: a new concern needs your review")
            body = _(
                "A concern was recorded in your organisation. "
                "Sign in to Noddfa to review it: %(link)s"
            ) % {"link": link}
        messages.append((lead.email, subject, body))
    # Into the outbox in this transaction; `noddfa send_mail` sends it, never this request.
    enqueue_many(messages)


def _complete(
    by: User,
    action: PathwayAction,
    *,
    evidence: str,
    happened_at: datetime,
    reference: str = "",
) -> ActionOutcome | None:
    """Record an action done from the act that is its evidence, once: an action retracted, or
    already given an outcome, is left as it is. Sends no signal: the caller does, once."""
    if not action.is_current or action.outcomes.exists():
        return None
    outcome = ActionOutcome.objects.create(
        action=action,
        status=ActionOutcome.Status.DONE,
        happened_at=happened_at,
        reference=reference,
        evidence=evidence,
        recorded_by=by,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=outcome,
        detail={"action": action.code, "evidence": evidence},
    )
    return outcome


@transaction.atomic
def close_from_evidence(
    by: User,
    concern: Concern,
    code: str,
    *,
    evidence: str,
    happened_at: datetime,
    reference: str = "",
) -> ActionOutcome | None:
    """Record the concern's current action `code` as done because of an act `by` was allowed
    to do and has just done (a referral submitted with its reference, say): the caller has
    checked that permission. Once only; None when there is no such open action."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    action = concern.actions.filter(code=code).first()
    if action is None:
        return None
    outcome = _complete(by, action, evidence=evidence, happened_at=happened_at, reference=reference)
    if outcome is not None:
        actions_changed.send(sender=Concern, concern=concern)
    return outcome


def _close_from_recording(by: User, concern: Concern) -> None:
    """What recording the concern itself is the evidence of: the concern is recorded, and a
    concern recorded by a safeguarding lead has told a safeguarding lead. An alert to the leads
    is not the same as telling them (it may sit unread), so it closes nothing."""
    done = {"RECORD_CONCERN": Evidence.CONCERN_RECORDED}
    if by.role == Role.SAFEGUARDING_LEAD:
        done["INFORM_SAFEGUARDING_LEAD"] = Evidence.RECORDED_BY_LEAD
    for action in concern.actions.filter(code__in=done):
        _complete(by, action, evidence=done[action.code], happened_at=concern.recorded_at)


@transaction.atomic
def record_concern(by: User, report: ConcernReport, draft: ConcernDraft | None = None) -> Concern:
    """Record the concern, work out the pathway, list its actions and alert the leads."""
    # Its dozen audit events join the chain together at the end, so the chain's lock is held
    # for the commit only, not while the pathway runs and the tasks are made.
    with appended_together():
        return _record_concern(by, report, draft)


def _record_concern(by: User, report: ConcernReport, draft: ConcernDraft | None) -> Concern:
    if not can_record_concern(by) or by.organisation is None:
        raise PermissionDenied
    if not can_view_person(by, report.subject):
        raise PermissionDenied
    if draft is not None and draft.concern_id is not None:
        raise AlreadyRecorded(draft.concern_id)
    now = timezone.now()
    case = build_case(report.facts, report.subject, by.organisation, timezone.localdate(now))
    concern = Concern.objects.create(
        organisation=by.organisation,
        subject=report.subject,
        recorded_by=by,
        recorded_at=now,
        observed_at=report.observed_at,
        observed_where=report.observed_where,
        immediate_danger=report.immediate_danger,
        account=report.account,
        quotes=report.quotes,
        indicators=report.facts.indicators,
        body_map=clean_entries(report.body_map),
        pathway_case=case,
        pathway_result=evaluate(case),
    )
    Involvement.objects.bulk_create(
        Involvement(concern=concern, person=person, role=role) for person, role in report.involved
    )
    _first_run(by, concern)
    _close_from_recording(by, concern)
    actions_changed.send(sender=Concern, concern=concern)
    _alert_leads(concern)
    if draft is not None:
        _consume(by, draft, concern)
    concern_recorded.send(sender=Concern, concern=concern, draft=draft, by=by)
    record(AuditAction.CREATE, actor=by, target=concern)
    return concern


def _consume(by: User, draft: ConcernDraft, concern: Concern) -> None:
    # Consumed once, in the transaction that records the concern: a second submission of the
    # same form instance finds the concern, and what was typed is no longer kept twice. Only
    # whom it was about stays, for another tab still open on the same draft.
    kept = {"subject": [str(concern.subject_id)]}
    consumed = ConcernDraft.objects.filter(pk=draft.pk, author=by, concern__isnull=True).update(
        concern=concern, data=kept, updated_at=timezone.now()
    )
    if not consumed:
        first = ConcernDraft.objects.filter(pk=draft.pk).values_list("concern", flat=True).first()
        if first is None:
            raise PermissionDenied
        # Raising rolls back everything this submission wrote.
        raise AlreadyRecorded(first)
    draft.concern = concern
    draft.data = kept


@transaction.atomic
def add_addendum(by: User, concern: Concern, *, reason: str, text: str) -> Addendum:
    if not can_add_addendum(by, concern):
        raise PermissionDenied
    addendum = Addendum.objects.create(concern=concern, added_by=by, reason=reason, text=text)
    record(AuditAction.CREATE, actor=by, target=addendum, detail={"concern": str(concern.pk)})
    return addendum


@transaction.atomic
def review_concern(
    by: User, concern: Concern, *, risk_level: str, risk_reason: str, decision: str
) -> LeadReview:
    if not can_review(by) or not can_view_concern(by, concern):
        raise PermissionDenied
    review = LeadReview.objects.create(
        concern=concern,
        reviewed_by=by,
        risk_level=risk_level,
        risk_reason=risk_reason,
        decision=decision,
    )
    Alert.objects.filter(concern=concern, recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    record(AuditAction.CREATE, actor=by, target=review, detail={"concern": str(concern.pk)})
    if by.organisation_id == concern.organisation_id:
        # The recording organisation's own lead has the concern in hand: that is "tell your
        # safeguarding lead" done. A review by another organisation (the local authority on a
        # shared case) is not the recorder's lead knowing.
        close_from_evidence(
            by,
            concern,
            "INFORM_SAFEGUARDING_LEAD",
            evidence=Evidence.LEAD_REVIEWED,
            happened_at=review.reviewed_at,
        )
    return review


@transaction.atomic
def assign_action(by: User, action: PathwayAction, assignee: User | None) -> PathwayAction:
    concern = action.concern
    if not can_assign(by, concern):
        raise PermissionDenied
    if not action.is_current:
        raise Conflict(_("This action was retracted: it is kept as earlier advice."))
    if assignee is not None and assignee.organisation_id != concern.organisation_id:
        raise PermissionDenied
    action.assigned_to = assignee
    action.save(update_fields=["assigned_to"])
    actions_changed.send(sender=Concern, concern=concern)
    record(
        AuditAction.CHANGE,
        actor=by,
        target=action,
        detail={"assigned_to": assignee.pk if assignee else None},
    )
    return action


@transaction.atomic
def record_outcome(
    by: User,
    action: PathwayAction,
    *,
    status: str,
    happened_at: datetime,
    reference: str = "",
    reason: str = "",
) -> ActionOutcome:
    if not can_record_outcome(by, action):
        raise PermissionDenied
    if not action.is_current:
        raise Conflict(_("This action was retracted: it is kept as earlier advice."))
    if status == ActionOutcome.Status.NOT_DONE and not reason.strip():
        raise RuleBroken(
            _("Say why the action was not done."), {"reason": _("Say why the action was not done.")}
        )
    outcome = ActionOutcome.objects.create(
        action=action,
        status=status,
        happened_at=happened_at,
        reference=reference,
        reason=reason,
        recorded_by=by,
    )
    record(AuditAction.CREATE, actor=by, target=outcome, detail={"action": action.code})
    actions_changed.send(sender=Concern, concern=action.concern)
    return outcome


@transaction.atomic
def close_concern(by: User, concern: Concern, *, outcome: str, reason: str) -> Closure:
    if not can_close(by, concern):
        raise PermissionDenied
    # Two leads closing at once take turns on the concern's row; the second finds the first
    # closure. The unique closure per concern is the last word if a lock was not taken.
    Concern.objects.select_for_update().filter(pk=concern.pk).first()
    if Closure.objects.filter(concern=concern).exists():
        raise AlreadyClosed(_("This concern was already closed."))
    try:
        with transaction.atomic():
            closure = Closure.objects.create(
                concern=concern, closed_by=by, outcome=outcome, reason=reason
            )
    except IntegrityError as error:
        raise AlreadyClosed(_("This concern was already closed.")) from error
    record(AuditAction.CREATE, actor=by, target=closure, detail={"concern": str(concern.pk)})
    return closure


# Re-running the pathway ---------------------------------------------------------------------


def current_run(concern: Concern) -> PathwayRun:
    """The concern's latest pathway run: what the pathway says now."""
    return concern.runs.latest()


def apply_changes(case: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The case with some facts changed. A key is a case field, dotted below its section
    ("adult.consents_to_nrm", "elements.means"); None or an empty list makes the fact not known
    again, which the contract reads as unknown, never as no."""
    updated = copy.deepcopy(dict(case))
    for path, value in changes.items():
        section, _dot, name = path.partition(".")
        if not section or "." in name:
            raise ValueError(f"{path}: not a case field")
        unknown = value is None or value == []
        if not name:
            if section == "jurisdiction" and unknown:
                raise ValueError("jurisdiction: needed")
            if unknown:
                updated.pop(section, None)
            else:
                updated[section] = value
            continue
        part = updated.setdefault(section, {})
        if not isinstance(part, dict):
            raise ValueError(f"{section}: not a section of the case")
        if unknown:
            part.pop(name, None)
        else:
            part[name] = value
    return updated


def _same_advice(action: PathwayAction, listed: Mapping[str, Any]) -> bool:
    return (action.who, action.priority, action.due, action.for_referrer) == (
        listed["who"],
        listed["priority"],
        listed["due"],
        listed.get("for_referrer", True),
    )


def _done(action: PathwayAction) -> bool:
    outcomes = sorted(action.outcomes.all(), key=lambda o: (o.recorded_at, o.pk))
    return bool(outcomes) and outcomes[-1].status == ActionOutcome.Status.DONE


@dataclass
class _Plan:
    """What a run does to the current actions, worked out before anything is written."""

    retract: list[PathwayAction] = field(default_factory=list)
    # Current action -> its place in the new list, for those the new list states differently.
    supersede: list[tuple[PathwayAction, int]] = field(default_factory=list)
    add: list[int] = field(default_factory=list)
    # Action -> new position, for those that stay current.
    move: dict[int, int] = field(default_factory=dict)
    kept: list[PathwayAction] = field(default_factory=list)

    def summary(self, listed: list[dict[str, Any]]) -> dict[str, list[str]]:
        return {
            "added": [listed[i]["code"] for i in self.add],
            "retracted": [action.code for action in self.retract],
            "superseded": [action.code for action, _i in self.supersede],
            "kept": [action.code for action in self.kept],
        }


def _plan(
    current: list[PathwayAction],
    listed: list[dict[str, Any]],
    *,
    acted_on: Collection[int],
    retract_even_if_done: Collection[str],
) -> _Plan:
    plan = _Plan()
    place = {action["code"]: i for i, action in enumerate(listed)}
    after = len(listed)
    for action in current:
        done = action.pk in acted_on or _done(action)
        i = place.get(action.code)
        if i is not None and _same_advice(action, listed[i]):
            plan.move[action.pk] = i
        elif i is not None and done:
            # Done already: the advice changed afterwards, but what was done stands.
            plan.move[action.pk] = i
            plan.kept.append(action)
        elif i is not None:
            plan.supersede.append((action, i))
        elif done and action.code not in retract_even_if_done:
            plan.move[action.pk] = after
            after += 1
            plan.kept.append(action)
        else:
            plan.retract.append(action)
    have = {action.code for action in current}
    plan.add = [i for i, action in enumerate(listed) if action["code"] not in have]
    return plan


@transaction.atomic
def rerun_pathway(
    by: User,
    concern: Concern,
    *,
    changes: Mapping[str, Any],
    reason: str,
    trigger: str = PathwayRun.Trigger.CORRECTION,
    acted_on: Collection[int] = (),
    retract_even_if_done: Collection[str] = (),
) -> PathwayRun | None:
    """Run the pathway again on the latest case with `changes` applied, and make the concern's
    actions follow its answer, all in one transaction.

    Actions the answer no longer lists are retracted with `reason`; actions it lists with a
    different who, priority or due are superseded by new ones; new ones are added. Nothing is
    deleted: a retracted action keeps its outcomes. An action already done (its latest outcome,
    or an id in `acted_on`: a referral for it submitted, say) is kept where the answer drops or
    restates it, unless its code is in `retract_even_if_done` (an adult's NRM referral when
    consent is not given). The concern row is locked first, so two re-runs at once follow one
    another and each builds on the other's facts.

    Returns the new run, or None when the case and the answer are as they were (no run is
    written then).
    """
    if not can_rerun_pathway(by, concern, correction=trigger == PathwayRun.Trigger.CORRECTION):
        raise PermissionDenied
    if not reason.strip():
        raise RuleBroken(_("Give the reason for working the pathway out again."))
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    latest = current_run(concern)
    case = apply_changes(latest.case, changes)
    result = evaluate(case)
    if case == latest.case and result == latest.result:
        return None
    listed = list(cast(list[dict[str, Any]], result["actions"]))
    current = list(
        PathwayAction.objects.filter(concern=concern)
        .select_for_update()
        .prefetch_related("outcomes")
        .order_by("pk")
    )
    plan = _plan(
        current, listed, acted_on=set(acted_on), retract_even_if_done=set(retract_even_if_done)
    )
    run = PathwayRun.objects.create(
        concern=concern,
        number=latest.number + 1,
        ran_at=timezone.now(),
        ran_by=by,
        trigger=trigger,
        reason=reason.strip(),
        changed=sorted(changes),
        case=case,
        result=result,
        summary=plan.summary(listed),
    )
    # Retract first: the one current action per code must be free before its successor exists.
    gone = plan.retract + [action for action, _i in plan.supersede]
    PathwayAction.objects.filter(pk__in=[action.pk for action in gone]).update(
        retracted_at=run.ran_at,
        retracted_by=by,
        retracted_reason=run.reason,
        retracted_by_run=run,
    )
    for pk, position in plan.move.items():
        PathwayAction.objects.filter(pk=pk).exclude(position=position).update(position=position)
    for i in plan.add:
        _new_action(run, i, listed[i]).save()
    for old, i in plan.supersede:
        successor = _new_action(run, i, listed[i])
        # The person it was handed to keeps it; a deadline whose wording did not change keeps
        # the clock that was already running.
        successor.assigned_to_id = old.assigned_to_id
        if successor.due == old.due:
            successor.due_at = old.due_at
        successor.save()
        PathwayAction.history.filter(pk=old.pk).update(superseded_by=successor)
    actions_changed.send(sender=Concern, concern=concern)
    record(
        AuditAction.CREATE,
        actor=by,
        target=run,
        detail={
            "event": "pathway_rerun",
            "concern": str(concern.pk),
            "number": run.number,
            "trigger": trigger,
            "changed": run.changed,
            **run.summary,
        },
    )
    return run
