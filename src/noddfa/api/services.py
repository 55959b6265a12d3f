"""The API's own writes: a concern recorded at most once per idempotency key, and API tokens.

Both wrap the owning apps' services rather than repeating their rules, so a concern recorded
through the API is checked, stored and audited exactly as one recorded on a page.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.concerns.models import Concern
from noddfa.concerns.permissions import can_record_concern, can_view_concern
from noddfa.concerns.services import ConcernReport, record_concern

from .authentication import digest, may_hold_a_token, new_key
from .models import ApiToken, IdempotencyKey, Scope

DEFAULT_TOKEN_DAYS = 90


class IdempotencyKeyReused(Exception):
    """The key was used before for a different request body."""


def _earlier(by: User, key: str, request_hash: str) -> Concern | None:
    earlier = IdempotencyKey.objects.filter(user=by, key=key).select_related("concern").first()
    if earlier is None:
        return None
    if earlier.request_hash != request_hash:
        raise IdempotencyKeyReused
    # The replay answers under today's rules: a user who has since lost the right to
    # record or to see the concern gets what anyone else would.
    if not can_record_concern(by):
        raise PermissionDenied
    if not can_view_concern(by, earlier.concern):
        raise Http404
    return earlier.concern


def record_concern_once(
    by: User, report: ConcernReport, *, key: str | None, request_hash: str
) -> tuple[Concern, bool]:
    """Record the concern unless this key already recorded it; says whether it is new."""
    if key is None:
        return record_concern(by, report), True
    concern = _earlier(by, key, request_hash)
    if concern is not None:
        return concern, False
    try:
        with transaction.atomic():
            concern = record_concern(by, report)
            IdempotencyKey.objects.create(
                user=by, key=key, request_hash=request_hash, concern=concern
            )
    except IntegrityError:
        # Two requests with the same key raced; the loser's concern was rolled back
        # with its key, and the winner's concern is the answer to both.
        concern = _earlier(by, key, request_hash)
        if concern is None:
            raise
        return concern, False
    return concern, True


class TokenChange(Enum):
    CREATED = "created"
    ROTATED = "rotated"
    SCOPE = "scope"
    UNCHANGED = "unchanged"


class TokenRefused(Exception):
    """The user may not hold an API token, or already holds one that cannot be shown."""


def token_days() -> int:
    return int(getattr(settings, "NODDFA_API_TOKEN_DAYS", DEFAULT_TOKEN_DAYS))


@transaction.atomic
def issue_token(
    user: User, *, rotate: bool = False, scope: str | None = None, days: int | None = None
) -> tuple[str | None, TokenChange]:
    """Make the user's API token, replace it (`rotate`), or change what it may do (`scope`).

    Answers the new token, which is never stored and so can be shown only now, or None when
    the token was kept. Only an active user with a confirmed second factor may hold a token;
    a new token only reads unless `scope` says read_write, expires after `days` (the
    NODDFA_API_TOKEN_DAYS setting, 90, unless told), and every change is audited without
    the token.
    """
    if not user.is_active:
        raise TokenRefused("That account is not active, so it cannot have an API token.")
    if not may_hold_a_token(user):
        raise TokenRefused(
            "That account has not set up its second factor, so it cannot have an API token:"
            " its user must sign in and set one up first."
        )
    existing = ApiToken.objects.select_for_update().filter(user=user).first()
    if existing is not None and existing.expires_at <= timezone.now():
        existing.delete()
        existing = None
    if existing is not None and not rotate:
        if scope is None:
            raise TokenRefused(
                "That account already has an API token, kept only as a hash so it cannot be"
                " shown again; --rotate replaces it."
            )
        if existing.scope == scope:
            return None, TokenChange.UNCHANGED
        existing.scope = scope
        existing.save(update_fields=["scope"])
        _audit(user, AuditAction.CHANGE, "scope", scope=scope)
        return None, TokenChange.SCOPE
    new_scope = scope or (existing.scope if existing is not None else Scope.READ)
    if existing is not None:
        existing.delete()
    key, prefix = new_key()
    now = timezone.now()
    created = ApiToken.objects.create(
        user=user,
        prefix=prefix,
        digest=digest(key),
        scope=new_scope,
        created_at=now,
        expires_at=now + timedelta(days=days or token_days()),
    )
    change = TokenChange.ROTATED if existing is not None else TokenChange.CREATED
    action = AuditAction.CHANGE if existing is not None else AuditAction.CREATE
    _audit(
        user,
        action,
        change.value,
        scope=new_scope,
        expires=created.expires_at.date().isoformat(),
    )
    return key, change


def _audit(user: User, action: AuditAction, what: str, **detail: str) -> None:
    # Never the token itself: the audit log is read by people who must not act as the user.
    record(
        action,
        organisation=user.organisation,
        target=user,
        detail={"api_token": what, **detail},
    )
