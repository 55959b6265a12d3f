"""When the next thing about a referral is due, counted in working days of its nation.

The periods and their sources (docs/domain reference.md):
- a report of a child at risk: the local authority decides and records next steps within
  1 working day of receiving it (Wales Safeguarding Procedures, reference.md 4.2);
- a report of an adult at risk: s126 enquiries are normally finished within 7 working days of
  the report (WSP, reference.md 4.2);
- an NRM referral: the Reasonable Grounds decision is expected within 5 working days
  (DDM guidance, reference.md 3.5);
- after a positive Reasonable Grounds decision: a recovery period of at least 30 calendar
  days, with no Conclusive Grounds decision before it ends (NABA 2022 s61, reference.md 3.6).
Before submission, the draft is due when the pathway action it came from is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.core.working_days import add_working_days

from .models import (
    NRM_KINDS,
    DecisionKind,
    Kind,
    NrmDecision,
    ReferralDraft,
    Status,
    StatusChange,
)

REPLY_WORKING_DAYS: dict[str, tuple[int, str | Promise]] = {
    Kind.CHILD_AT_RISK: (1, _("Local authority decision on the report")),
    Kind.ADULT_AT_RISK: (7, _("Local authority enquiries finished")),
    Kind.NRM_CHILD: (5, _("Reasonable Grounds decision expected")),
    Kind.NRM_ADULT: (5, _("Reasonable Grounds decision expected")),
}
RECOVERY_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    draft: ReferralDraft
    label: str | Promise
    due: datetime
    # Some dates are not deadlines to miss but earliest dates, like the recovery period.
    can_be_overdue: bool = True

    @property
    def overdue(self) -> bool:
        return self.can_be_overdue and self.due < timezone.now()


def recovery_period_end(decided_on: date) -> date:
    return decided_on + timedelta(days=RECOVERY_DAYS)


def _submitted(draft: ReferralDraft) -> StatusChange | None:
    submitted = [c for c in draft.status_changes.all() if c.status == Status.SUBMITTED]
    return max(submitted, key=lambda change: change.at, default=None)


def next_deadline(draft: ReferralDraft) -> Deadline | None:
    status = draft.status
    if status in (Status.DRAFT, Status.READY):
        if draft.action is not None and draft.action.due_at is not None:
            return Deadline(draft, _("Submit the referral"), draft.action.due_at)
        return None
    if status in (Status.ACCEPTED, Status.DECLINED) and draft.kind not in NRM_KINDS:
        return None
    decisions = list(draft.decisions.all())
    if draft.kind in NRM_KINDS:
        grounds = [d for d in decisions if d.decision == DecisionKind.REASONABLE_GROUNDS]
        if grounds:
            return _after_reasonable_grounds(draft, grounds[-1], decisions)
    # An acknowledgement is not the decision: the reply is still due when it was.
    if (
        status not in (Status.SUBMITTED, Status.ACKNOWLEDGED)
        or draft.kind not in REPLY_WORKING_DAYS
    ):
        return None
    submitted = _submitted(draft)
    if submitted is None:
        return None
    days, label = REPLY_WORKING_DAYS[draft.kind]
    # Counted on the local clock, so a deadline across the change to summer time keeps
    # its hour.
    start = timezone.localtime(submitted.at)
    return Deadline(draft, label, add_working_days(start, days, draft.jurisdiction))


def _after_reasonable_grounds(
    draft: ReferralDraft, grounds: NrmDecision, decisions: list[NrmDecision]
) -> Deadline | None:
    if grounds.outcome != "positive":
        return None
    if any(d.decision == DecisionKind.CONCLUSIVE_GROUNDS for d in decisions):
        return None
    end = recovery_period_end(grounds.decided_on)
    due = timezone.make_aware(datetime.combine(end, datetime.min.time()))
    return Deadline(draft, _("Recovery period ends"), due, can_be_overdue=False)


def deadlines_for(drafts: list[ReferralDraft]) -> list[Deadline]:
    """Overdue first, then the soonest."""
    found = [d for draft in drafts if (d := next_deadline(draft)) is not None]
    return sorted(found, key=lambda d: (not d.overdue, d.due))
