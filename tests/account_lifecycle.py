"""Helpers for the account lifecycle tests (issue 17, item 3): an admin, an invitation read
from the outbox as the invitee would, and the invitee's journey through the link."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, Role, User
from noddfa.api.models import Scope
from noddfa.api.services import issue_token
from noddfa.core.models import OutboxMail

NEW_PASSWORD = "a quiet heron by the river"
_LINK = re.compile(r"https?://[^\s]+/accounts/welcome/\?token=([A-Za-z0-9_-]+)")


def admin_of(organisation: Organisation | None = None) -> User:
    return UserFactory(
        organisation=organisation or OrganisationFactory(), role=Role.ORGANISATION_ADMIN
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def token_mailed_to(email: str) -> str:
    """The token in the newest link mailed to the address (as the person reads it)."""
    mail = OutboxMail.objects.filter(recipient=email).order_by("-pk").first()
    assert mail is not None, "no mail to that address"
    found = _LINK.search(mail.body)
    assert found is not None, "the mail carries no link"
    return found.group(1)


def invite(
    client: Client, email: str, full_name: str = "Nia Hughes", role: str = "practitioner"
) -> int:
    response = client.post(
        "/accounts/users/invite/", {"email": email, "full_name": full_name, "role": role}
    )
    return response.status_code


def welcome_url(token: str) -> str:
    return f"/accounts/welcome/?token={token}"


def accept(
    client: Client, token: str, password: str = NEW_PASSWORD, *, code: str | None = None
) -> tuple[int, str]:
    """Open the link, read the setup key from the authenticator set up for it, and send the
    password with the app's first code. Returns the status and the page."""
    opened = client.get(welcome_url(token))
    if opened.status_code != 200:
        return opened.status_code, opened.content.decode()
    if code is None:
        device = TOTPDevice.objects.filter(confirmed=False).order_by("-pk").first()
        assert device is not None
        code = current_code(device)
    response = client.post(
        "/accounts/welcome/",
        {"token": token, "new_password1": password, "new_password2": password, "code": code},
    )
    return response.status_code, response.content.decode()


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7-]+)</code></li>", page)


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def api_client_of(user: User) -> APIClient:
    """Another system holding the user's API token (the user given a second factor first)."""
    cache.clear()
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    key, _ = issue_token(user, rotate=True, scope=Scope.READ)
    assert key is not None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
