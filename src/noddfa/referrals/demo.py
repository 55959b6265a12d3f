"""Synthetic referrals for the demo, made through the services like any others."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern

from . import services
from .models import ReferralDraft, Status


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
            services.mark_ready(by, first)
            services.record_submission(
                by,
                first,
                external_reference="DEMO-0001 (synthetic)",
                submitted_at=timezone.now() - timedelta(hours=2),
            )
        except (services.ReferralInvalid, PermissionDenied):
            pass
    return made
