from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Role, User
from noddfa.config.settings import base

pytestmark = pytest.mark.django_db


def test_passwords_are_stored_as_argon2_hashes() -> None:
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = UserFactory()
        user.refresh_from_db()
        assert identify_hasher(user.password).algorithm == "argon2"


def test_email_address_is_the_sign_in_name_and_is_case_insensitive(client: Client) -> None:
    user = UserFactory(email="Ffion.Hughes@Test.Noddfa.Example")
    assert user.email == "ffion.hughes@test.noddfa.example"
    response = client.post(
        "/accounts/sign-in/",
        {
            "username": "FFION.hughes@test.noddfa.example",
            "password": "correct horse battery staple",
        },
    )
    assert response.status_code == 302


def test_a_session_ends_after_thirty_idle_minutes(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    client.get("/")
    assert client.session.get_expiry_age() == 30 * 60
    assert client.session.get_expire_at_browser_close()


def test_signed_in_pages_carry_the_idle_warning(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    body = sign_in(practitioner).get("/").content.decode()
    assert 'data-session-seconds="1800"' in body
    assert 'id="session-warning"' in body
    assert "Stay signed in" in body


def test_keepalive_renews_only_a_signed_in_session(
    client: Client, sign_in: Callable[[User], Client], practitioner: User
) -> None:
    assert client.get("/session/keepalive/").status_code in (302, 401)
    assert sign_in(practitioner).get("/session/keepalive/").json()["signed_in"] is True


def test_only_an_organisation_admin_sees_the_users_of_their_own_organisation(
    sign_in: Callable[[User], Client],
) -> None:
    mine = OrganisationFactory()
    other = OrganisationFactory()
    admin = UserFactory(organisation=mine, role=Role.ORGANISATION_ADMIN)
    colleague = UserFactory(organisation=mine, full_name="Colleague Morgan")
    stranger = UserFactory(organisation=other, full_name="Stranger Pritchard")
    body = sign_in(admin).get("/accounts/users/").content.decode()
    assert colleague.full_name in body
    assert stranger.full_name not in body
    assert stranger.email not in body


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.PARTNERSHIP_ANALYST]
)
def test_other_roles_cannot_list_users(sign_in: Callable[[User], Client], role: str) -> None:
    user = UserFactory(role=role)
    response = sign_in(user).get("/accounts/users/")
    assert response.status_code == 403
    assert user.email not in response.content.decode()


def test_a_user_outside_the_system_must_belong_to_an_organisation() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("lone@test.noddfa.example", "x", role=Role.PRACTITIONER)


def test_production_settings_pass_the_deployment_checks() -> None:
    env = {
        **os.environ,
        "NODDFA_SECRET_KEY": secrets.token_urlsafe(64),
        "NODDFA_AUDIT_KEY": secrets.token_urlsafe(48),
        "NODDFA_ALLOWED_HOSTS": "noddfa.example",
        "DJANGO_SETTINGS_MODULE": "noddfa.config.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "-m", "noddfa.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NODDFA_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "noddfa.config.settings.production"
    result = subprocess.run(
        [sys.executable, "-m", "noddfa.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "NODDFA_SECRET_KEY must be set" in result.stderr
