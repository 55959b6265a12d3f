"""What the accounts app announces to the apps built on it.

`api_access_revoked` is sent, with `user=`, when an account's API tokens must stop working at
once: the account was deactivated or its second factor reset. It is sent inside the
transaction of that change, so the API app's receiver deletes the tokens with it, or not at
all (ADR 16: a lower app that must be heard by a higher one owns the hook)."""

from __future__ import annotations

from django.dispatch import Signal

api_access_revoked = Signal()
