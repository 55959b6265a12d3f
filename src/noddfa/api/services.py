"""The API's own writes: a concern recorded at most once per idempotency key, and API tokens.

Both wrap the owning apps' services rather than repeating their rules, so a concern recorded
through the API is checked, stored and audited exactly as one recorded on a page.
"""

from __future__ import annotations

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from rest_framework.authtoken.models import Token

from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.concerns.models import Concern
from noddfa.concerns.permissions import can_record_concern, can_view_concern
from noddfa.concerns.services import ConcernReport, record_concern

from .models import IdempotencyKey, Scope, TokenScope


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
    SHOWN = "shown"
    ROTATED = "rotated"


@transaction.atomic
def issue_token(
    user: User, *, rotate: bool = False, scope: str | None = None
) -> tuple[Token, TokenChange]:
    """The user's API token: created when missing, replaced when rotating, audited each time.

    `scope` (read or read_write) limits what the token may do within the user's rights; a
    new token may do whatever its user may unless told otherwise.
    """
    existing = Token.objects.filter(user=user).first()
    if existing is not None and not rotate:
        # Showing a token hands over the power to act as the user, so it is logged too.
        record(
            AuditAction.VIEW, organisation=user.organisation, target=user, detail=_detail("shown")
        )
        if scope is not None:
            _set_scope(user, existing, scope)
        return existing, TokenChange.SHOWN
    kept: str = Scope.READ_WRITE
    if existing is not None:
        kept = (
            TokenScope.objects.filter(token=existing).values_list("scope", flat=True).first()
            or kept
        )
        existing.delete()
    token = Token.objects.create(user=user)
    TokenScope.objects.create(token=token, scope=scope or kept)
    change = TokenChange.ROTATED if existing is not None else TokenChange.CREATED
    action = AuditAction.CHANGE if existing is not None else AuditAction.CREATE
    detail = {**_detail(change.value), "scope": scope or kept}
    record(action, organisation=user.organisation, target=user, detail=detail)
    return token, change


def _set_scope(user: User, token: Token, scope: str) -> None:
    current, _created = TokenScope.objects.get_or_create(token=token)
    if current.scope != scope:
        current.scope = scope
        current.save(update_fields=["scope"])
        record(
            AuditAction.CHANGE,
            organisation=user.organisation,
            target=user,
            detail={**_detail("scope"), "scope": scope},
        )


def _detail(what: str) -> dict[str, str]:
    # Never the key itself: the audit log is read by people who must not act as the user.
    return {"api_token": what}
