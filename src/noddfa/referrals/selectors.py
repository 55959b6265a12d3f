"""Reading referrals: one referral, a concern's referrals, and the deadlines for the queue."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit import reads
from noddfa.concerns.models import Concern
from noddfa.core.working_days import add_working_days

from .deadlines import ACKNOWLEDGEMENT_WORKING_DAYS, Deadline, deadlines_of
from .models import (
    ConsentDecision,
    ConsentRecord,
    InboxItem,
    Kind,
    OpenDeadline,
    ReferralDraft,
    Status,
    StatusChange,
)
from .permissions import inbox_visible_to, referral_visibility, referrals_visible_to
from .validation import consent_problem

logger = logging.getLogger(__name__)


def referral_for_viewing(
    user: User, draft_id: uuid.UUID, *, audit: bool = True, export: str = ""
) -> ReferralDraft:
    """One referral the user may see (audited), or 404 exactly as if it did not exist.
    `export` names the format of a download, audited as an export rather than a view."""
    draft = (
        referrals_visible_to(user)
        .select_related("concern", "subject", "organisation", "receiving_body", "action")
        .filter(pk=draft_id)
        .first()
    )
    if draft is None:
        raise Http404
    if export:
        reads.exported(
            user, target=draft, event="referral_exported", kind=draft.kind, format=export
        )
    elif audit:
        reads.read(user, "referral", target=draft, kind=draft.kind)
    return draft


def referrals_of(user: User, concern: Concern) -> QuerySet[ReferralDraft]:
    return referrals_visible_to(user).filter(concern=concern)


def my_referrals(user: User, *, page: str = "") -> QuerySet[ReferralDraft]:
    """The referrals the user's organisation made or received. Each row's status is read from
    its status changes, fetched once for the whole page (or list) rather than once a row."""
    if page:
        reads.read(user, page)
    # The people are fetched for the page's rows only: joined in, the database would read
    # every person to sort the organisation's referrals before taking a page of them.
    return (
        referrals_visible_to(user)
        .select_related("organisation", "receiving_body")
        .prefetch_related("subject", "status_changes")
    )


def open_deadlines(user: User, *, page: str = "") -> QuerySet[OpenDeadline]:
    """The open dates on the referrals the user's organisation made or received, overdue
    first, then the soonest: ordered and paged in the database from the stored dates, so a
    page costs the same whatever the history (issue 22). With `page`, an audited read."""
    if page:
        reads.read(user, page)
    visible = referral_visibility(user)
    if visible is None:
        return OpenDeadline.objects.none()
    overdue_first = Case(
        When(can_be_overdue=True, due__lt=timezone.now(), then=Value(0)), default=Value(1)
    )
    return OpenDeadline.objects.filter(visible).order_by(overdue_first, "due", "pk")


def as_deadlines(rows: Iterable[OpenDeadline]) -> list[Deadline]:
    """The stored dates as the lists show them (who, what, the source), in the same order,
    in a fixed number of queries. The wording comes from `deadlines_of`, worked out afresh for
    these referrals alone; a stored date it no longer gives is left out (and logged, for
    `noddfa referral_deadlines`)."""
    rows = list(rows)
    drafts = (
        ReferralDraft.objects.filter(pk__in={row.draft_id for row in rows})
        .select_related("action")
        .prefetch_related("status_changes", "decisions", "written_confirmations")
    )
    worked_out = {
        (deadline.draft.pk, deadline.key): deadline
        for draft in drafts
        for deadline in deadlines_of(draft)
    }
    shown = []
    for row in rows:
        deadline = worked_out.get((row.draft_id, row.key))
        if deadline is None:
            logger.warning("A stored referral deadline is out of date: %s %s", row.pk, row.key)
            continue
        shown.append(deadline)
    return shown


def referral_deadlines(user: User, *, page: str = "") -> list[Deadline]:
    """Every open date on the referrals the user's organisation made or received, overdue
    first. With `page`, an audited read (the list names each referral)."""
    return as_deadlines(open_deadlines(user, page=page))


# How many deadlines the referrals list and the review queue show before linking to the list.
DEADLINES_SHOWN = 10


def first_deadlines(user: User) -> dict[str, Any]:
    """The first referral deadlines (overdue first) and how many there are, for a page that
    shows a few and links to the whole list."""
    rows = open_deadlines(user)
    return {"deadlines": as_deadlines(rows[:DEADLINES_SHOWN]), "deadlines_total": rows.count()}


def current_consent(concern: Concern) -> ConsentRecord | None:
    """The adult's latest decision about an NRM referral, by when they made it: a later
    refusal or withdrawal replaces an earlier agreement (sources.md#ref-3-2)."""
    return concern.consents.order_by("-decided_at", "-recorded_at").first()


def current_consent_decision(concern: Concern) -> str | None:
    consent = current_consent(concern)
    return consent.decision if consent is not None else None


def has_current_consent(concern: Concern) -> bool:
    return current_consent_decision(concern) == ConsentDecision.CONSENTS


def consent_blocker(draft: ReferralDraft) -> str | None:
    """Why an adult NRM referral cannot be marked ready or submitted now for want of
    current informed consent, or None: the draft's answer and the person's latest recorded
    decision must both be that they agree (sources.md#ref-3-2)."""
    if draft.kind != Kind.NRM_ADULT:
        return None
    return consent_problem(draft.kind, draft.data, current_consent_decision(draft.concern))


def duty_to_notify_of(concern: Concern) -> ReferralDraft | None:
    """The concern's Duty to Notify, if one was started: what an adult NRM turns into when
    the person does not agree (sources.md#ref-3-3)."""
    return ReferralDraft.objects.filter(
        concern=concern, kind=Kind.DUTY_TO_NOTIFY, organisation_id=concern.organisation_id
    ).first()


# The inbox (issue 18).


@dataclass(frozen=True)
class Delivery:
    """A referral as it stands in the receiver's inbox, for either side to read: when it
    arrived, who acknowledged it and when, the decision, and whether the acknowledgement is
    late (7 working days, as the Wales procedures expect of a report; issue 14 item 9)."""

    item: InboxItem
    acknowledged: StatusChange | None
    decided: StatusChange | None
    late_after: datetime

    @property
    def late(self) -> bool:
        return self.acknowledged is None and self.late_after < timezone.now()


def delivery(item: InboxItem) -> Delivery:
    changes = sorted(item.draft.status_changes.all(), key=lambda change: change.pk)
    acknowledged = next((c for c in changes if c.status == Status.ACKNOWLEDGED), None)
    decided = next((c for c in changes if c.status in (Status.ACCEPTED, Status.DECLINED)), None)
    received = timezone.localtime(item.received_at)
    jurisdiction = item.draft.jurisdiction if item.draft.jurisdiction == "england" else "wales"
    late_after = add_working_days(received, ACKNOWLEDGEMENT_WORKING_DAYS, jurisdiction)
    return Delivery(item, acknowledged, decided, late_after)


def delivery_of(draft: ReferralDraft) -> Delivery | None:
    """The referral's arrival in an inbox in Noddfa, or None when it went outside Noddfa."""
    item = (
        InboxItem.objects.filter(draft=draft)
        .select_related("receiver", "sent_by", "draft", "taken_up_as")
        .prefetch_related("draft__status_changes__by__organisation")
        .first()
    )
    return delivery(item) if item is not None else None


def deliveries_of(drafts: list[ReferralDraft]) -> dict[uuid.UUID, Delivery]:
    """Each of these referrals that went to an inbox in Noddfa, by the referral's id, in one
    query: what the referrer's concern page shows beside each (decision, late)."""
    items = (
        InboxItem.objects.filter(draft__in=drafts)
        .select_related("receiver", "draft")
        .prefetch_related("draft__status_changes__by")
    )
    return {item.draft_id: delivery(item) for item in items}


def inbox(user: User, *, page: str = "") -> list[Delivery]:
    """What arrived at the user's organisation, newest first (audited as a list)."""
    if page:
        reads.read(user, page)
    items = (
        inbox_visible_to(user)
        .select_related("draft__subject", "draft__organisation", "sent_by", "taken_up_as")
        .prefetch_related("draft__status_changes__by")
    )
    return [delivery(item) for item in items]


def inbox_item_for(user: User, item_id: uuid.UUID, *, audit: bool = True) -> InboxItem:
    """One item of the user's organisation's inbox (audited), or 404 exactly as if it did
    not exist: an organisation that was not the receiver finds nothing here."""
    item = (
        inbox_visible_to(user)
        .select_related("draft__subject", "draft__organisation", "draft__concern", "sent_by")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    if audit:
        reads.read(user, "referral_inbox_item", target=item.draft, kind=item.draft.kind)
    return item
