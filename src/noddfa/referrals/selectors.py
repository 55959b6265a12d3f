"""Reading referrals: one referral, a concern's referrals, and the deadlines for the queue."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.concerns.models import Concern

from .deadlines import Deadline, deadlines_for
from .models import ReferralDraft
from .permissions import referrals_visible_to


def referral_for_viewing(user: User, draft_id: uuid.UUID, *, audit: bool = True) -> ReferralDraft:
    """One referral the user may see (audited), or 404 exactly as if it did not exist."""
    draft = (
        referrals_visible_to(user)
        .select_related("concern", "subject", "organisation", "receiving_body", "action")
        .filter(pk=draft_id)
        .first()
    )
    if draft is None:
        raise Http404
    if audit:
        record(AuditAction.VIEW, actor=user, target=draft, detail={"kind": draft.kind})
    return draft


def referrals_of(user: User, concern: Concern) -> QuerySet[ReferralDraft]:
    return referrals_visible_to(user).filter(concern=concern)


def my_referrals(user: User) -> QuerySet[ReferralDraft]:
    return referrals_visible_to(user).select_related("subject", "organisation", "receiving_body")


def referral_deadlines(user: User) -> list[Deadline]:
    """What is due on the referrals the user's organisation made or received, overdue first."""
    drafts = list(
        referrals_visible_to(user)
        .select_related("subject", "action")
        .prefetch_related("status_changes", "decisions")
    )
    return deadlines_for(drafts)
