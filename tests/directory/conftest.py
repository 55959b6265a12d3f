from __future__ import annotations

import pytest

from factories import UserFactory
from noddfa.accounts.models import Role, User


@pytest.fixture
def system_admin(db: None) -> User:
    return UserFactory(role=Role.SYSTEM_ADMIN, organisation=None)
