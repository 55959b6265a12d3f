"""Sign-in, sign-out and failed sign-in go into the audit log as they happen."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AuditAction
from .services import record


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditAction.LOGIN, actor=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditAction.LOGOUT, actor=user)


def _account_named(credentials: dict[str, Any]) -> Any:
    # The attempted address itself is never stored: only the account it belongs to, if any.
    # The account's own sign-in name (spaces, Unicode form and case as sign-in treats them),
    # from the user model's manager: the audit log stands below the accounts app.
    accounts = get_user_model().objects
    typed = str(credentials.get("username") or credentials.get("email") or "")
    email = accounts.normalize_email(typed) if typed.strip() else ""
    return accounts.filter(email=email).first() if email else None


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    account = _account_named(credentials)
    record(
        AuditAction.LOGIN_FAILED,
        organisation=account.organisation if account is not None else None,
        detail={"account_id": account.pk if account is not None else None},
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    account = _account_named({"username": username})
    record(
        AuditAction.LOCKED_OUT,
        organisation=account.organisation if account is not None else None,
        detail={"account_id": account.pk if account is not None else None},
    )
