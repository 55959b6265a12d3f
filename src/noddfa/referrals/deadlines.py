"""When the next things about a referral are due, counted in working days of its nation.

The periods and their sources (docs/domain reference.md):
- a report of a child at risk: the local authority decides and records what happens next
  within 1 working day of receiving it, in every case (Wales Safeguarding Procedures,
  children C3; sources.md#ref-4-2);
- a report of an adult at risk: s126 enquiries are normally finished within 7 working days of
  the report (WSP adults A3, sources.md#ref-4-2);
- a report of a child or adult at risk made by telephone: the referrer confirms it in writing
  within 24 hours (WSP children C3 and adults A3; issue 14 item 9);
- a report of a child or adult at risk with no acknowledgement within 7 working days: the
  referrer follows it up (WSP children C3 and adults A3; issue 14 item 9);
- an NRM referral: the Reasonable Grounds decision is expected within 5 working days
  (DDM guidance, sources.md#ref-3-5);
- after a positive Reasonable Grounds decision: a recovery period of at least 30 calendar
  days, with no Conclusive Grounds decision before it ends (NABA 2022 s61, sources.md#ref-3-6).
Before submission, the draft is due when the pathway action it came from is due.

The two referrer's clocks of the Wales procedures (confirm in writing, follow up) are kept to
referrals made in Wales: the England procedures were not checked for them.
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
    Channel,
    DecisionKind,
    Kind,
    NrmDecision,
    ReferralDraft,
    Status,
    StatusChange,
)

Text = str | Promise

REPLY_WORKING_DAYS: dict[str, tuple[int, Text]] = {
    Kind.CHILD_AT_RISK: (1, _("Local authority decision on the report")),
    Kind.ADULT_AT_RISK: (7, _("Local authority enquiries finished")),
    Kind.NRM_CHILD: (5, _("Reasonable Grounds decision expected")),
    Kind.NRM_ADULT: (5, _("Reasonable Grounds decision expected")),
}
RECOVERY_DAYS = 30
# Reports of a child or adult at risk to the local authority (SSWBA 2014 s128, s130).
REPORT_KINDS = frozenset({Kind.CHILD_AT_RISK, Kind.ADULT_AT_RISK})
CONFIRM_IN_WRITING_HOURS = 24
ACKNOWLEDGEMENT_WORKING_DAYS = 7

WSP_CHILDREN = _("Wales Safeguarding Procedures, children C3")
WSP_ADULTS = _("Wales Safeguarding Procedures, adults A3")
REPLY_SOURCES: dict[str, Text] = {
    Kind.CHILD_AT_RISK: WSP_CHILDREN,
    Kind.ADULT_AT_RISK: WSP_ADULTS,
    Kind.NRM_CHILD: _("Home Office guidance for decision makers (Reasonable Grounds)"),
    Kind.NRM_ADULT: _("Home Office guidance for decision makers (Reasonable Grounds)"),
}
REPLY_WHO: dict[str, Text] = {
    Kind.CHILD_AT_RISK: _("The local authority"),
    Kind.ADULT_AT_RISK: _("The local authority"),
    Kind.NRM_CHILD: _("The competent authority"),
    Kind.NRM_ADULT: _("The competent authority"),
}
REFERRER: Text = _("The referrer")

# The keys of the deadlines a submitted referral can have; each becomes at most one task.
SUBMIT = "submit"
REPLY = "reply"
CONFIRM_IN_WRITING = "confirm_in_writing"
FOLLOW_UP = "follow_up"
RECOVERY = "recovery"
TASK_KEYS = (REPLY, CONFIRM_IN_WRITING, FOLLOW_UP)


@dataclass(frozen=True)
class Deadline:
    draft: ReferralDraft
    label: Text
    due: datetime
    # Some dates are not deadlines to miss but earliest dates, like the recovery period.
    can_be_overdue: bool = True
    key: str = REPLY
    # Whose step it is, and where the period comes from, for the reader to check.
    who: Text = ""
    source: Text = ""

    @property
    def overdue(self) -> bool:
        return self.can_be_overdue and self.due < timezone.now()


def recovery_period_end(decided_on: date) -> date:
    return decided_on + timedelta(days=RECOVERY_DAYS)


def _submitted(draft: ReferralDraft) -> StatusChange | None:
    submitted = [c for c in draft.status_changes.all() if c.status == Status.SUBMITTED]
    return max(submitted, key=lambda change: change.at, default=None)


def deadlines_of(draft: ReferralDraft) -> list[Deadline]:
    """Every date still open on one referral, soonest first.

    Reads only the draft's status changes, decisions and written confirmations, so a list of
    drafts fetched with those asks the database nothing more."""
    status = draft.status
    if status in (Status.DRAFT, Status.READY):
        if draft.action is not None and draft.action.due_at is not None:
            return [
                Deadline(
                    draft, _("Submit the referral"), draft.action.due_at, key=SUBMIT, who=REFERRER
                )
            ]
        return []
    submitted = _submitted(draft)
    found = [
        d
        for d in (
            _reply(draft, status, submitted),
            _confirm_in_writing(draft, submitted),
            _follow_up(draft, status, submitted),
        )
        if d is not None
    ]
    return sorted(found, key=lambda d: d.due)


def next_deadline(draft: ReferralDraft) -> Deadline | None:
    """The soonest open date on a referral."""
    return next(iter(deadlines_of(draft)), None)


def _reply(draft: ReferralDraft, status: str, submitted: StatusChange | None) -> Deadline | None:
    """What the receiving body owes: its decision, or after a positive Reasonable Grounds
    decision the end of the recovery period."""
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
        or submitted is None
    ):
        return None
    days, label = REPLY_WORKING_DAYS[draft.kind]
    # Counted on the local clock, so a deadline across the change to summer time keeps
    # its hour.
    start = timezone.localtime(submitted.at)
    source = REPLY_SOURCES[draft.kind]
    if draft.kind in REPORT_KINDS and draft.jurisdiction != "wales":
        source = _("As in the Wales procedures; the England period is not yet checked")
    return Deadline(
        draft,
        label,
        add_working_days(start, days, draft.jurisdiction),
        key=REPLY,
        who=REPLY_WHO[draft.kind],
        source=source,
    )


def _confirm_in_writing(draft: ReferralDraft, submitted: StatusChange | None) -> Deadline | None:
    """A report made by telephone is confirmed in writing within 24 hours, until a written
    confirmation is recorded."""
    if (
        draft.kind not in REPORT_KINDS
        or draft.jurisdiction != "wales"
        or submitted is None
        or submitted.channel != Channel.TELEPHONE
        or draft.written_confirmations.all()
    ):
        return None
    return Deadline(
        draft,
        _("Confirm the report in writing"),
        submitted.at + timedelta(hours=CONFIRM_IN_WRITING_HOURS),
        key=CONFIRM_IN_WRITING,
        who=REFERRER,
        source=WSP_CHILDREN if draft.kind == Kind.CHILD_AT_RISK else WSP_ADULTS,
    )


def _follow_up(
    draft: ReferralDraft, status: str, submitted: StatusChange | None
) -> Deadline | None:
    """With no acknowledgement within 7 working days, the referrer follows the report up.
    Any acknowledgement or decision recorded ends it."""
    if (
        draft.kind not in REPORT_KINDS
        or draft.jurisdiction != "wales"
        or status != Status.SUBMITTED
        or submitted is None
    ):
        return None
    start = timezone.localtime(submitted.at)
    return Deadline(
        draft,
        _("No acknowledgement yet: follow up the report"),
        add_working_days(start, ACKNOWLEDGEMENT_WORKING_DAYS, draft.jurisdiction),
        key=FOLLOW_UP,
        who=REFERRER,
        source=WSP_CHILDREN if draft.kind == Kind.CHILD_AT_RISK else WSP_ADULTS,
    )


def _after_reasonable_grounds(
    draft: ReferralDraft, grounds: NrmDecision, decisions: list[NrmDecision]
) -> Deadline | None:
    if grounds.outcome != "positive":
        return None
    if any(d.decision == DecisionKind.CONCLUSIVE_GROUNDS for d in decisions):
        return None
    end = recovery_period_end(grounds.decided_on)
    due = timezone.make_aware(datetime.combine(end, datetime.min.time()))
    return Deadline(
        draft,
        _("Recovery period ends"),
        due,
        can_be_overdue=False,
        key=RECOVERY,
        who=_("The competent authority"),
        source=_("Nationality and Borders Act 2022, section 61"),
    )
