"""Reading concerns: the lead's queue, one concern, and a person's chronology."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.people.models import Person
from noddfa.people.selectors import memberships_of

from .models import (
    ActionOutcome,
    Addendum,
    Alert,
    Closure,
    Concern,
    ConcernDraft,
    LeadReview,
    PathwayAction,
    PathwayRun,
)
from .permissions import concerns_visible_to


def concern_for_viewing(user: User, concern_id: uuid.UUID) -> Concern:
    """One concern the user may see (audited), or 404 exactly as if it did not exist."""
    concern = (
        concerns_visible_to(user)
        .select_related("subject", "organisation", "recorded_by")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise Http404
    record(AuditAction.VIEW, actor=user, target=concern)
    return concern


def action_for(user: User, action_id: int) -> PathwayAction:
    action = (
        PathwayAction.objects.filter(concern__in=concerns_visible_to(user), pk=action_id)
        .select_related("concern")
        .first()
    )
    if action is None:
        raise Http404
    return action


@dataclass(frozen=True)
class EarlierAdvice:
    """An action a later run of the pathway retracted or replaced, with everything done on it."""

    action: PathwayAction
    detail: dict[str, Any]
    outcomes: list[ActionOutcome]
    # Why it stopped being the advice, in the reader's language where Noddfa wrote it.
    reason: str
    replaced_by: PathwayAction | None


@dataclass(frozen=True)
class OpenQuestion:
    """A fact not known yet that could change the pathway, and why it matters."""

    field: str
    why: str


@dataclass(frozen=True)
class ConcernPathway:
    """What a concern's pathway says now, and what it said before."""

    run: PathwayRun
    runs: list[PathwayRun]
    current: list[PathwayAction]
    # The engine's full entry (why, legal basis, source) for each action, by action id, from
    # the run that listed it.
    details: dict[int, dict[str, Any]]
    # Current actions the latest run no longer lists but which were already done, by id.
    kept: set[int]
    earlier: list[EarlierAdvice]
    open_questions: list[OpenQuestion]

    @property
    def assessment(self) -> dict[str, Any]:
        return dict(self.run.result.get("assessment", {}))

    @property
    def ruleset(self) -> str:
        return str(self.run.result.get("ruleset", ""))

    @property
    def rerun(self) -> bool:
        return self.run.number > 1


def open_questions(result: dict[str, Any]) -> list[OpenQuestion]:
    welsh = get_language() == "cy"
    return [
        OpenQuestion(
            field=str(question.get("field", "")),
            why=str((question.get("why_cy") if welsh else None) or question.get("why", "")),
        )
        for question in result.get("assessment", {}).get("open_questions", [])
    ]


def _detail(action: PathwayAction, fallback: dict[str, Any]) -> dict[str, Any]:
    listed = action.listed_by.result["actions"] if action.listed_by is not None else []
    entries = {entry["code"]: entry for entry in listed}
    return dict(entries.get(action.code) or fallback.get(action.code) or {})


def pathway_of(concern: Concern) -> ConcernPathway:
    """The concern's pathway for its page: current actions in the engine's order, retracted
    and replaced ones as earlier advice with their outcomes, and the facts still unknown.
    The caller has already checked the concern may be seen."""
    runs = list(concern.runs.order_by("number"))
    run = runs[-1]
    original = {entry["code"]: entry for entry in concern.pathway_result.get("actions", [])}
    everything = list(
        PathwayAction.history.filter(concern=concern)
        .select_related("assigned_to", "listed_by", "retracted_by", "retracted_by_run")
        .prefetch_related("outcomes__recorded_by")
        .order_by("priority", "position", "pk")
    )
    by_id = {action.pk: action for action in everything}
    current = [action for action in everything if action.is_current]
    listed_now = {entry["code"] for entry in run.result.get("actions", [])}
    earlier = [
        EarlierAdvice(
            action=action,
            detail=_detail(action, original),
            outcomes=list(action.outcomes.all()),
            reason=_(action.retracted_reason) if action.retracted_reason else "",
            replaced_by=by_id.get(action.superseded_by_id) if action.superseded_by_id else None,
        )
        # The latest retraction first; within one, in the order the advice was given.
        for action in sorted(
            (action for action in everything if action.retracted_at is not None),
            key=lambda action: (
                -action.retracted_at.timestamp(),  # type: ignore[union-attr]
                action.priority,
                action.position,
            ),
        )
    ]
    return ConcernPathway(
        run=run,
        runs=runs,
        current=current,
        details={action.pk: _detail(action, original) for action in everything},
        kept={action.pk for action in current if action.code not in listed_now},
        earlier=earlier,
        open_questions=open_questions(run.result),
    )


def latest_outcomes(concern: Concern) -> dict[int, ActionOutcome]:
    latest: dict[int, ActionOutcome] = {}
    for outcome in ActionOutcome.objects.filter(action__concern=concern).select_related(
        "recorded_by"
    ):
        latest[outcome.action_id] = outcome
    return latest


def review_queue(user: User) -> QuerySet[Concern]:
    """Open concerns for review: overdue actions first, then highest risk, then oldest."""
    concerns = concerns_visible_to(user).filter(closure__isnull=True)
    if user.role != Role.LA_SAFEGUARDING_TEAM:
        concerns = concerns.filter(organisation_id=user.organisation_id)
    latest_review = LeadReview.objects.filter(concern=OuterRef("pk")).order_by("-reviewed_at")
    overdue = PathwayAction.objects.filter(
        concern=OuterRef("pk"), due_at__lt=timezone.now(), for_referrer=True
    ).exclude(outcomes__isnull=False)
    return (
        concerns.select_related("subject", "organisation")
        .annotate(
            risk_level=Subquery(latest_review.values("risk_level")[:1]),
            risk_reason=Subquery(latest_review.values("risk_reason")[:1]),
            has_overdue=Exists(overdue),
            overdue_count=Count(
                "actions",
                filter=Q(
                    actions__retracted_at__isnull=True,
                    actions__due_at__lt=timezone.now(),
                    actions__for_referrer=True,
                    actions__outcomes__isnull=True,
                ),
                distinct=True,
            ),
        )
        .order_by("-has_overdue", "recorded_at")
    )


# When two things share a moment, they read in the order they can happen.
_KIND_ORDER = (
    "sharing",
    "concern",
    "addendum",
    "review",
    "action",
    "referral",
    "plan",
    "missing",
    "case",
    "closure",
)


@dataclass(frozen=True)
class ChronologyEntry:
    at: datetime
    kind: str
    organisation: str
    by: str
    summary: str
    concern_id: uuid.UUID | None = None


def _joined_to(person: Person) -> QuerySet[Person]:
    # A person's chronology gathers every record joined to them in a shared case.
    return Person.objects.filter(Q(pk=person.pk) | Q(cases__people=person)).values("pk")


def chronology(user: User, person: Person, kinds: set[str] | None = None) -> list[ChronologyEntry]:
    """Everything recorded about the person that the user may see, oldest first."""
    concerns = concerns_visible_to(user).filter(subject__in=_joined_to(person))
    entries: list[ChronologyEntry] = []
    for concern in concerns.select_related("organisation", "recorded_by"):
        entries.append(
            ChronologyEntry(
                concern.observed_at,
                "concern",
                concern.organisation.name,
                concern.recorded_by.full_name,
                f"{concern.observed_where}: {concern.account}",
                concern.pk,
            )
        )
    for addendum in Addendum.objects.filter(concern__in=concerns).select_related(
        "concern__organisation", "added_by"
    ):
        entries.append(
            ChronologyEntry(
                addendum.added_at,
                "addendum",
                addendum.concern.organisation.name,
                addendum.added_by.full_name,
                f"{addendum.reason}: {addendum.text}",
                addendum.concern_id,
            )
        )
    for review in LeadReview.objects.filter(concern__in=concerns).select_related(
        "concern__organisation", "reviewed_by"
    ):
        entries.append(
            ChronologyEntry(
                review.reviewed_at,
                "review",
                review.concern.organisation.name,
                review.reviewed_by.full_name,
                f"{review.get_risk_level_display()} ({review.risk_reason}): {review.decision}",
                review.concern_id,
            )
        )
    for outcome in ActionOutcome.objects.filter(action__concern__in=concerns).select_related(
        "action__concern__organisation", "recorded_by"
    ):
        detail = outcome.reference or outcome.reason
        entries.append(
            ChronologyEntry(
                outcome.happened_at,
                "action",
                outcome.action.concern.organisation.name,
                outcome.recorded_by.full_name,
                f"{outcome.action.code}: {outcome.get_status_display()}"
                + (f" ({detail})" if detail else ""),
                outcome.action.concern_id,
            )
        )
    for run in PathwayRun.objects.filter(concern__in=concerns, number__gt=1).select_related(
        "concern__organisation", "ran_by"
    ):
        entries.append(
            ChronologyEntry(
                run.ran_at,
                "action",
                run.concern.organisation.name,
                run.ran_by.full_name,
                _rerun_summary(run),
                run.concern_id,
            )
        )
    for closure in Closure.objects.filter(concern__in=concerns).select_related(
        "concern__organisation", "closed_by"
    ):
        entries.append(
            ChronologyEntry(
                closure.closed_at,
                "closure",
                closure.concern.organisation.name,
                closure.closed_by.full_name,
                f"{closure.get_outcome_display()}: {closure.reason}",
                closure.concern_id,
            )
        )
    entries += _referral_entries(concerns)
    entries += _keeping_safe_entries(person)
    for membership in memberships_of(person):
        entries.append(
            ChronologyEntry(
                membership.decided_at,
                "sharing",
                membership.organisation.name,
                membership.decided_by.full_name,
                membership.reason,
            )
        )
    if kinds:
        entries = [entry for entry in entries if entry.kind in kinds]
    return sorted(entries, key=lambda entry: (entry.at, _KIND_ORDER.index(entry.kind)))


def _rerun_summary(run: PathwayRun) -> str:
    """What a later run of the pathway changed, in the reader's language."""
    from .forms import action_label

    parts = [_("Pathway worked out again: %(reason)s") % {"reason": _(run.reason)}]
    gone = run.summary.get("retracted", [])
    new = run.summary.get("added", [])
    if gone:
        labels = ", ".join(action_label(code) for code in gone)
        parts.append(_("no longer advised: %(actions)s") % {"actions": labels})
    if new:
        labels = ", ".join(action_label(code) for code in new)
        parts.append(_("now advised: %(actions)s") % {"actions": labels})
    return "; ".join(parts)


def _referral_entries(concerns: QuerySet[Concern]) -> list[ChronologyEntry]:
    """Each status change of a referral about the visible concerns: what was sent, when.
    External references and reasons stay on the referral, which only its organisation and
    its receiving body can open."""
    # Imported here: the referrals app builds on concerns, not the other way round.
    from noddfa.referrals.models import StatusChange

    entries = []
    for change in StatusChange.objects.filter(draft__concern__in=concerns).select_related(
        "draft__organisation", "by"
    ):
        entries.append(
            ChronologyEntry(
                change.at,
                "referral",
                change.draft.organisation.name,
                change.by.full_name,
                f"{change.draft.get_kind_display()}: {change.get_status_display()}",
                change.draft.concern_id,
            )
        )
    return entries


def _keeping_safe_entries(person: Person) -> list[ChronologyEntry]:
    """Safety plan versions, missing episodes and returns, and case status changes. Anyone
    who may see the person may read their casework, so no filter beyond the person."""
    from noddfa.casework.models import CaseStatusChange, MissingReturn, SafetyPlanVersion

    entries = []
    for version in SafetyPlanVersion.objects.filter(plan__casefile__person=person).select_related(
        "plan__casefile__organisation", "created_by"
    ):
        entries.append(
            ChronologyEntry(
                version.created_at,
                "plan",
                version.plan.casefile.organisation.name,
                version.created_by.full_name,
                _("Safety plan version %(number)s: %(reason)s")
                % {"number": version.number, "reason": version.change_reason},
            )
        )
    for episode in person.missing_episodes.select_related("casefile__organisation", "reported_by"):
        entries.append(
            ChronologyEntry(
                episode.last_seen_at,
                "missing",
                episode.casefile.organisation.name,
                episode.reported_by.full_name,
                _("Went missing from %(place)s (risk: %(risk)s)")
                % {"place": episode.last_seen_where, "risk": episode.get_risk_display()},
            )
        )
    for back in MissingReturn.objects.filter(episode__person=person).select_related(
        "episode__casefile__organisation", "recorded_by"
    ):
        interview = (
            _("return interview held")
            if back.interview_held
            else (
                _("return interview offered, not held")
                if back.interview_offered
                else _("no return interview offered")
            )
        )
        entries.append(
            ChronologyEntry(
                back.returned_at,
                "missing",
                back.episode.casefile.organisation.name,
                back.recorded_by.full_name,
                _("Returned from missing; %(interview)s") % {"interview": interview},
            )
        )
    for change in CaseStatusChange.objects.filter(casefile__person=person).select_related(
        "casefile__organisation", "changed_by"
    ):
        summary = change.get_status_display()
        if change.outcome:
            summary += f": {change.get_outcome_display()}"
        if change.reason:
            summary += f" ({change.reason})"
        entries.append(
            ChronologyEntry(
                change.changed_at,
                "case",
                change.casefile.organisation.name,
                change.changed_by.full_name,
                summary,
            )
        )
    return entries


def unfinished_drafts(user: User) -> list[ConcernDraft]:
    """The user's own drafts that hold more than the person they are about."""
    return [
        draft
        for draft in ConcernDraft.objects.filter(author=user, concern__isnull=True)
        if set(draft.data) - {"subject"}
    ]


def unread_alerts(user: User) -> QuerySet[Alert]:
    return (
        Alert.objects.filter(recipient=user, read_at__isnull=True)
        .filter(concern__in=concerns_visible_to(user))
        .select_related("concern__subject")
    )
