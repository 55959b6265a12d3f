"""Issue 17, item 3: ten single-use recovery codes, shown once at enrolment and kept only as
hashes, each of which passes the second factor once; and the session id rotated when the
second factor is passed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from account_lifecycle import (
    NEW_PASSWORD,
    accept,
    admin_of,
    current_code,
    invite,
    recovery_codes_on,
    session_key,
    token_mailed_to,
)
from noddfa.accounts.models import RecoveryCode, User
from noddfa.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def enrolled(sign_in: SignIn) -> tuple[User, list[str]]:
    """A member who joined through an invitation, with the codes they were shown."""
    invite(sign_in(admin_of()), "nia@example.org")
    status, page = accept(Client(), token_mailed_to("nia@example.org"))
    assert status == 200
    return User.objects.get(email="nia@example.org"), recovery_codes_on(page)


def _password_only(user: User) -> Client:
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": user.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    return client


def test_ten_different_codes_are_shown_once_and_kept_only_as_hashes(
    enrolled: tuple[User, list[str]],
) -> None:
    user, codes = enrolled
    assert len(set(codes)) == 10
    kept = list(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(kept) == 10
    for code in codes:
        bare = code.replace("-", "")
        assert len(bare) == 16  # 80 random bits
        assert all(bare not in digest and code not in digest for digest in kept)


def test_a_recovery_code_passes_the_second_factor_once_and_says_how_many_remain(
    enrolled: tuple[User, list[str]],
) -> None:
    user, codes = enrolled
    client = _password_only(user)
    assert client.get("/training/").status_code == 302
    response = client.post("/accounts/two-factor/", {"recovery_code": codes[0]}, follow=True)
    assert response.status_code == 200
    assert "You have 9 recovery codes left" in response.content.decode()
    assert client.get("/training/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.MFA_RECOVERY_CODE, actor=user).exists()


def test_a_recovery_code_used_twice_is_refused_the_second_time(
    enrolled: tuple[User, list[str]],
) -> None:
    user, codes = enrolled
    first = _password_only(user)
    assert first.post("/accounts/two-factor/", {"recovery_code": codes[0]}).status_code == 302
    second = _password_only(user)
    response = second.post("/accounts/two-factor/", {"recovery_code": codes[0]})
    assert response.status_code == 200
    assert "That recovery code is not right, or it was used already" in response.content.decode()
    assert second.get("/training/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.MFA_FAILED, actor=user).exists()


def test_a_code_is_accepted_however_it_is_spaced_or_cased(
    enrolled: tuple[User, list[str]],
) -> None:
    user, codes = enrolled
    client = _password_only(user)
    typed = " " + codes[1].upper().replace("-", " ") + " "
    assert client.post("/accounts/two-factor/", {"recovery_code": typed}).status_code == 302


def test_another_persons_code_does_not_pass(
    enrolled: tuple[User, list[str]], sign_in: SignIn
) -> None:
    _, codes = enrolled
    invite(sign_in(admin_of()), "other@example.org")
    accept(Client(), token_mailed_to("other@example.org"))
    other = User.objects.get(email="other@example.org")
    client = _password_only(other)
    assert client.post("/accounts/two-factor/", {"recovery_code": codes[0]}).status_code == 200
    assert client.get("/training/").status_code == 302


def test_the_last_code_tells_the_person_to_ask_for_a_reset(
    enrolled: tuple[User, list[str]],
) -> None:
    user, codes = enrolled
    for code in codes[:-1]:
        assert (
            _password_only(user).post("/accounts/two-factor/", {"recovery_code": code}).status_code
            == 302
        )
    response = _password_only(user).post(
        "/accounts/two-factor/", {"recovery_code": codes[-1]}, follow=True
    )
    assert "You have used your last recovery code" in response.content.decode()


def test_the_session_id_changes_when_the_second_factor_is_passed_with_the_app(
    enrolled: tuple[User, list[str]],
) -> None:
    user, _ = enrolled
    client = _password_only(user)
    before = session_key(client)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    device.last_t = -1
    device.save()
    assert client.post("/accounts/two-factor/", {"code": current_code(device)}).status_code == 302
    assert session_key(client) != before
    assert client.get("/training/").status_code == 200
    # The id seen before the second factor opens nothing.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get("/training/").status_code == 302


def test_the_session_id_changes_when_the_second_factor_is_passed_with_a_recovery_code(
    enrolled: tuple[User, list[str]],
) -> None:
    user, codes = enrolled
    client = _password_only(user)
    before = session_key(client)
    client.post("/accounts/two-factor/", {"recovery_code": codes[2]})
    assert session_key(client) != before


def test_the_session_id_changes_at_enrolment(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    client = Client()
    session = client.session  # a session the visitor had before opening the link
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before = session.session_key
    assert accept(client, token_mailed_to("nia@example.org"))[0] == 200
    assert session_key(client) != before
