"""API tokens, kept only as hashes, that work only while their user could sign in with two
factors (issue 17).

A token is `noddfa_<prefix>_<secret>`: twelve hex characters that find the row, and 32 random
bytes (URL-safe base64). The database keeps the prefix and the SHA-256 of the whole token, so
neither it nor a backup holds anything a reader could act with; the token is shown once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from noddfa.accounts.models import User
from noddfa.accounts.services import confirmed_device

from .models import ApiToken

_KIND = "noddfa"
_PREFIX_BYTES = 6
_SECRET_BYTES = 32


def new_key() -> tuple[str, str]:
    """A new token and its lookup prefix."""
    prefix = secrets.token_hex(_PREFIX_BYTES)
    return f"{_KIND}_{prefix}_{secrets.token_urlsafe(_SECRET_BYTES)}", prefix


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _prefix(key: str) -> str | None:
    kind, _, rest = key.partition("_")
    prefix, _, secret = rest.partition("_")
    if kind != _KIND or len(prefix) != 2 * _PREFIX_BYTES or not secret:
        return None
    return prefix


def may_hold_a_token(user: User) -> bool:
    """An active account that has set up its second factor: the same person who could pass
    two factors on the site. Asked at every request, so losing either ends the token."""
    return user.is_active and confirmed_device(user) is not None


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>` scheme, checked against a hash."""

    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        prefix = _prefix(key)
        if prefix is None:
            # The 40-character tokens kept in clear before issue 17 were all deleted.
            raise AuthenticationFailed(
                "This token is not accepted; ask an operator for a new one (noddfa api_token)."
            )
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.digest, digest(key)):
            raise AuthenticationFailed("Invalid token.")
        if token.expires_at <= timezone.now():
            raise AuthenticationFailed("This token has expired; ask an operator for a new one.")
        if not may_hold_a_token(token.user):
            raise AuthenticationFailed(
                "This token's user is inactive or has no second factor set up."
            )
        return token.user, token
