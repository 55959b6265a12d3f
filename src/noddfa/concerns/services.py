"""Writing concerns and everything that follows them: one transaction and one audit event each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from noddfa.accounts.models import Role, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.casework.services import follow_pathway_actions
from noddfa.pathway import evaluate
from noddfa.people.models import Person
from noddfa.people.permissions import can_view_person

from .body_map import clean_entries
from .models import (
    ActionOutcome,
    Addendum,
    Alert,
    Closure,
    Concern,
    ConcernDraft,
    Involvement,
    LeadReview,
    PathwayAction,
)
from .pathway_case import RecordedFacts, build_case, deadline
from .permissions import (
    can_add_addendum,
    can_assign,
    can_close,
    can_record_concern,
    can_record_outcome,
    can_review,
    can_view_concern,
)


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


@transaction.atomic
def save_draft(by: User, data: dict[str, Any], draft: ConcernDraft | None = None) -> ConcernDraft:
    if not can_record_concern(by) or by.organisation is None:
        raise PermissionDenied
    if draft is None:
        draft = ConcernDraft(author=by, organisation=by.organisation)
    elif draft.author_id != by.pk:
        raise PermissionDenied
    draft.data = data
    draft.save()
    return draft


def _create_actions(concern: Concern) -> None:
    actions = concern.pathway_result["actions"]
    PathwayAction.objects.bulk_create(
        PathwayAction(
            concern=concern,
            code=action["code"],
            priority=action["priority"],
            who=action["who"],
            due=action["due"],
            due_at=deadline(
                action["due"], concern.recorded_at, concern.pathway_case["jurisdiction"]
            ),
            for_referrer=action.get("for_referrer", True),
        )
        for action in actions
    )


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
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [lead.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


@transaction.atomic
def record_concern(by: User, report: ConcernReport, draft: ConcernDraft | None = None) -> Concern:
    """Record the concern, work out the pathway, list its actions and alert the leads."""
    if not can_record_concern(by) or by.organisation is None:
        raise PermissionDenied
    if not can_view_person(by, report.subject):
        raise PermissionDenied
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
    _create_actions(concern)
    follow_pathway_actions(concern)
    _alert_leads(concern)
    if draft is not None and draft.author_id == by.pk:
        draft.delete()
    record(AuditAction.CREATE, actor=by, target=concern)
    return concern


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
    return review


@transaction.atomic
def assign_action(by: User, action: PathwayAction, assignee: User | None) -> PathwayAction:
    concern = action.concern
    if not can_assign(by, concern):
        raise PermissionDenied
    if assignee is not None and assignee.organisation_id != concern.organisation_id:
        raise PermissionDenied
    action.assigned_to = assignee
    action.save(update_fields=["assigned_to"])
    follow_pathway_actions(concern)
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
    if status == ActionOutcome.Status.NOT_DONE and not reason.strip():
        raise ValueError("A reason is needed when an action is not done.")
    outcome = ActionOutcome.objects.create(
        action=action,
        status=status,
        happened_at=happened_at,
        reference=reference,
        reason=reason,
        recorded_by=by,
    )
    record(AuditAction.CREATE, actor=by, target=outcome, detail={"action": action.code})
    follow_pathway_actions(action.concern)
    return outcome


@transaction.atomic
def close_concern(by: User, concern: Concern, *, outcome: str, reason: str) -> Closure:
    if not can_close(by, concern):
        raise PermissionDenied
    if hasattr(concern, "closure"):
        raise ValueError("This concern is already closed.")
    closure = Closure.objects.create(concern=concern, closed_by=by, outcome=outcome, reason=reason)
    record(AuditAction.CREATE, actor=by, target=closure, detail={"concern": str(concern.pk)})
    return closure
