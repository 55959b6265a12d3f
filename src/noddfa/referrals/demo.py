"""Synthetic referrals for the demo, made through the services like any others."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern

from . import services
from .models import Channel, Kind, ReferralDraft, Status

# What the record cannot know and a practitioner would type, for the demo's first referral.
_TYPED = {
    Kind.CHILD_AT_RISK: {
        "parents_told": "no",
        "parents_not_told_reason": "A man who says he is an uncle collects the child; telling "
        "the household could put the child at risk (synthetic).",
        "child_told": "yes",
    },
    Kind.NRM_CHILD: {
        "referrer_role": "Designated safeguarding lead (synthetic)",
        "referrer_phone": "029 2000 0000",
        "la_contact": "Children's services duty team, 029 2000 0001 (synthetic)",
        "exploitation_periods": "Not known",
    },
}


def add_demo_referrals(concern: Concern, by: User) -> list[ReferralDraft]:
    """Drafts for each referral the concern's pathway lists that `by` may prepare: the
    first marked ready and recorded as submitted (if `by` may submit it), the rest left
    as drafts to show the checking step. Safe to run again: nothing is made twice."""
    made = []
    actions = concern.actions.filter(code__in=services.ACTION_KINDS).order_by("priority", "code")
    for action in actions:
        try:
            draft = services.start_referral(by, action)
        except PermissionDenied:
            continue
        made.append(draft)
    if made and made[0].status == Status.DRAFT:
        first = made[0]
        try:
            typed = _TYPED.get(Kind(first.kind), {})
            if typed:
                services.update_draft(by, first, {**first.data, **typed}, first.receiving_body)
            services.mark_ready(by, first)
            # A report made by telephone two hours ago: the demo shows its written
            # confirmation due.
            services.record_submission(
                by,
                first,
                external_reference="DEMO-0001 (synthetic)",
                submitted_at=timezone.now() - timedelta(hours=2),
                channel=Channel.TELEPHONE if first.kind in services.SUBMISSION_CHANNELS else "",
            )
        except (services.ReferralInvalid, PermissionDenied):
            pass
    return made
