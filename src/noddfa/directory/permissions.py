"""Who may use the directory. It holds no personal data and is shared by every organisation:
anyone signed in may search it, and only system administrators may change it, because a change
reaches every organisation at once."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from noddfa.accounts.models import Role, User


def can_search_directory(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_manage_directory(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.SYSTEM_ADMIN)
