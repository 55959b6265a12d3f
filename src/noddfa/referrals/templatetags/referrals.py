"""The referrals part of a concern's page, for the concerns template to include."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern
from noddfa.concerns.services import current_run

from ..models import Kind, ReferralDraft
from ..permissions import can_prepare, can_record_consent, may_offer
from ..selectors import referrals_of
from ..services import ACTION_KINDS, kind_for

register = template.Library()


@dataclass(frozen=True)
class ConcernReferrals:
    drafts: list[ReferralDraft]
    # Pathway action id -> the kind of referral it would start, for actions with none yet.
    startable: dict[int, str]
    may_record_consent: bool


@register.simple_tag(takes_context=True)
def referrals_for(context: dict[str, Any], concern: Concern) -> ConcernReferrals:
    user: User = context["request"].user
    drafts = list(referrals_of(user, concern).order_by("created_at"))
    started = {draft.kind for draft in drafts}
    startable: dict[int, str] = {}
    if can_prepare(user, concern) and user.organisation is not None:
        for action in concern.actions.filter(code__in=ACTION_KINDS):
            kind = kind_for(action)
            if kind not in started and may_offer(kind, user.organisation):
                startable[action.pk] = kind
    assessment = current_run(concern).result.get("assessment", {})
    adult = not assessment.get("treated_as_child", True)
    return ConcernReferrals(drafts, startable, adult and can_record_consent(user, concern))


@register.filter
def kind_label(kind: str) -> str:
    return str(Kind(kind).label)
