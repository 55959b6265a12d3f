"""The referrals part of a concern's page, for the concerns template to include."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern
from noddfa.concerns.services import current_run

from ..models import Kind, ReferralDraft, Status
from ..permissions import (
    can_list_referrals,
    can_prepare,
    can_record_consent,
    inbox_visible_to,
    may_offer,
    needs_hand_over,
)
from ..selectors import Delivery, deliveries_of, referrals_of
from ..services import ACTION_KINDS, hand_over_kind, kind_for

register = template.Library()


@dataclass(frozen=True)
class ReferralLine:
    """One referral on the concern's page, with where it stands in a receiver's inbox."""

    draft: ReferralDraft
    arrived: Delivery | None


@dataclass(frozen=True)
class ConcernReferrals:
    drafts: list[ReferralDraft]
    lines: list[ReferralLine]
    # Pathway action id -> the kind of referral it would start, for actions with none yet.
    startable: dict[int, str]
    may_record_consent: bool


@register.simple_tag(takes_context=True)
def referrals_for(context: dict[str, Any], concern: Concern) -> ConcernReferrals:
    user: User = context["request"].user
    drafts = list(referrals_of(user, concern).order_by("created_at"))
    deliveries = deliveries_of(drafts)
    started = {draft.kind for draft in drafts}
    startable: dict[int, str] = {}
    if can_prepare(user, concern) and user.organisation is not None:
        for action in concern.actions.filter(code__in=ACTION_KINDS):
            kind = kind_for(action)
            # Not a first responder (or not under s52): starting it offers a hand-over to one
            # first, and the hand-over, once started, stands in for it.
            hand_over = needs_hand_over(kind, user.organisation)
            if not hand_over and not may_offer(kind, user.organisation):
                continue
            if (hand_over_kind(kind) if hand_over else kind) not in started and kind not in started:
                startable[action.pk] = kind
    assessment = current_run(concern).result.get("assessment", {})
    adult = not assessment.get("treated_as_child", True)
    lines = [ReferralLine(draft, deliveries.get(draft.pk)) for draft in drafts]
    return ConcernReferrals(drafts, lines, startable, adult and can_record_consent(user, concern))


@register.filter
def kind_label(kind: str) -> str:
    return str(Kind(kind).label)


@dataclass(frozen=True)
class InboxWaiting:
    shown: bool
    waiting: int


@register.simple_tag(takes_context=True)
def inbox_waiting(context: dict[str, Any]) -> InboxWaiting:
    """For the home page: whether the reader has an inbox, and how many referrals in it
    wait for an acknowledgement or a decision. A count only: no name, no content."""
    user = context["request"].user
    if not user.is_authenticated or not can_list_referrals(user):
        return InboxWaiting(False, 0)
    waiting = (
        inbox_visible_to(user)
        .filter(draft__status_changes__status__in=(Status.SUBMITTED,))
        .exclude(
            draft__status_changes__status__in=(
                Status.ACCEPTED,
                Status.DECLINED,
            )
        )
        .distinct()
        .count()
    )
    return InboxWaiting(True, waiting)
