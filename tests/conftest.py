from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from factories import TEST_PASSWORD, UserFactory
from noddfa.accounts.models import User


@pytest.fixture
def sign_in(db: None) -> Callable[[User], Client]:
    """Sign a user in, in a browser of their own, and pass the second factor."""

    def _sign_in(user: User) -> Client:
        client = Client()
        response = client.post(
            "/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, "sign-in failed"
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return _sign_in


@pytest.fixture
def practitioner(db: None) -> User:
    return UserFactory()
