"""The API app's answers to what the accounts app announces."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from noddfa.accounts.models import User
from noddfa.accounts.signals import api_access_revoked

from .models import ApiToken


@receiver(api_access_revoked, dispatch_uid="api.revoke_tokens_of_user")
def revoke_tokens(sender: object, user: User, **kwargs: Any) -> None:
    ApiToken.objects.filter(user=user).delete()
