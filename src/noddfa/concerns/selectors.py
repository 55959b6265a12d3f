"""Reading concerns: the lead's queue, one concern, and a person's chronology."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from noddfa.accounts.models import Role, User
from noddfa.audit import reads

from .models import (
    ActionOutcome,
    Alert,
    Closure,
    Concern,
    ConcernDraft,
    Danger,
    LeadReview,
    PathwayAction,
    PathwayRun,
)
from .permissions import REVIEWING_ROLES, concerns_visible_to


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
    reads.read(user, "concern", target=concern)
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
    for action in everything:
        # Each action's page row asks who recorded its concern: the concern is this one, so
        # it is not fetched again once per action.
        action.concern = concern
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
                -action.retracted_at.timestamp(),  # type: ignore[union-attr]  # only retracted ones
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


def review_queue(user: User, *, page: str = "") -> QuerySet[Concern]:
    """Open concerns for review: someone in immediate danger first, then overdue actions, then
    oldest. An action is overdue only once its deadline has passed, and the deadline of one due
    "immediately" holds its grace (ADR 18), so a concern just saved has none. The site's queue
    also puts a person missing now first (casework knows that, and sits above this app).
    With `page`, an audited read: the queue shows names, risk levels and reasons."""
    if page:
        reads.read(user, page)
    concerns = concerns_visible_to(user).filter(closure__isnull=True)
    if user.role != Role.LA_SAFEGUARDING_TEAM:
        concerns = concerns.filter(organisation=user.organisation_id)
    latest_review = LeadReview.objects.filter(concern=OuterRef("pk")).order_by("-reviewed_at")
    overdue = PathwayAction.objects.filter(
        concern=OuterRef("pk"), due_at__lt=timezone.now(), for_referrer=True
    ).exclude(outcomes__isnull=False)
    overdue_current = (
        PathwayAction.objects.filter(
            concern=OuterRef("pk"),
            due_at__lt=timezone.now(),
            for_referrer=True,
            outcomes__isnull=True,
        )
        .order_by()
        .values("concern")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return (
        concerns.select_related("subject", "organisation")
        .annotate(
            in_danger=Case(
                When(immediate_danger=Danger.YES, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            risk_level=Subquery(latest_review.values("risk_level")[:1]),
            risk_reason=Subquery(latest_review.values("risk_reason")[:1]),
            has_overdue=Exists(overdue),
            # A count per row rather than a GROUP BY over every open concern: the database
            # orders by the cheap marks above and counts only for the page it returns.
            overdue_count=Coalesce(Subquery(overdue_current[:1]), 0, output_field=IntegerField()),
        )
        .order_by("-in_danger", "-has_overdue", "recorded_at")
    )


def recorded_message(concern: Concern) -> str:
    """What the page says once a concern is recorded. It never claims more than the list of
    actions below it shows: an alert to the leads is not telling them (ADR 18)."""
    tell = concern.actions.filter(code="INFORM_SAFEGUARDING_LEAD").first()
    alerted = Alert.objects.filter(concern=concern).exists()
    if tell is None or tell.outcomes.exists():
        if alerted:
            return _("The concern is recorded and the safeguarding leads have been sent an alert.")
        return _("The concern is recorded.")
    if alerted:
        return _(
            "The concern is recorded and your safeguarding lead has been sent an alert. An "
            "alert is not a conversation: telling them stays on the list until they review "
            "the concern or you record that you told them."
        )
    return _(
        "The concern is recorded. Nobody else in your organisation is a safeguarding lead in "
        "Noddfa, so nobody was alerted: tell your safeguarding lead yourself."
    )


def unfinished_drafts(user: User) -> list[ConcernDraft]:
    """The user's own drafts that hold more than the person they are about."""
    return [
        draft
        for draft in ConcernDraft.objects.filter(author=user, concern__isnull=True)
        if set(draft.data) - {"subject"}
    ]


def alerts_waiting(user: User) -> QuerySet[Alert]:
    """The user's new-concern alerts still waiting, newest first, about concerns they may see.

    An alert tells the leads that a concern needs someone; once any lead has it in hand it is
    read for all of them: once the concern is reviewed or closed, once a lead of the recording
    organisation has assigned one of its actions or recorded an outcome. Otherwise a lead in a
    large force would keep every alert any colleague ever dealt with (issue 22)."""
    concern = OuterRef("concern")
    reviewed = LeadReview.objects.filter(concern=concern)
    assigned = PathwayAction.history.filter(concern=concern, assigned_to__isnull=False)
    acted = ActionOutcome.objects.filter(
        action__concern=concern,
        recorded_by__role__in=REVIEWING_ROLES,
        recorded_by__organisation=OuterRef("concern__organisation"),
    )
    closed = Closure.objects.filter(concern=concern)
    # Each condition an EXISTS on the alert's concern, so the database starts from the lead's
    # own waiting alerts (an index) rather than from every concern ever recorded.
    return (
        Alert.objects.filter(recipient=user, read_at__isnull=True)
        .filter(concern__in=concerns_visible_to(user))
        .exclude(Exists(closed))
        .exclude(Exists(reviewed))
        .exclude(Exists(assigned))
        .exclude(Exists(acted))
        .select_related("concern__subject")
        .order_by("-created_at", "-pk")
    )


def unread_alerts(user: User, *, page: str = "") -> list[Alert]:
    """The user's alerts still waiting (`alerts_waiting`). With `page`, an audited read when
    there is any: each alert names the person it is about."""
    alerts = list(alerts_waiting(user))
    if page and alerts:
        reads.read(user, page, alerts=len(alerts))
    return alerts
