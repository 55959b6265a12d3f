"""Issue 17, item 3: a signed-in person changes their password (the current one, then the new
one twice). This session goes on with a new id; every other session of theirs ends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from account_lifecycle import session_key
from factories import TEST_PASSWORD
from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.core.models import OutboxMail

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
NEW = "three green kettles whistling"


def _change(client: Client, old: str = TEST_PASSWORD, new: str = NEW, again: str = NEW) -> int:
    response = client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": again},
    )
    return response.status_code


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    sign_in: SignIn, practitioner: User
) -> None:
    here = sign_in(practitioner)
    elsewhere = sign_in(practitioner)
    before = session_key(here)
    assert here.get("/accounts/password/").status_code == 200
    assert _change(here) == 302
    assert here.get("/people/").status_code == 200
    assert session_key(here) != before
    assert elsewhere.get("/people/")["Location"].startswith("/accounts/sign-in/")
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW)
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_CHANGED, actor=practitioner
    ).exists()
    # The person is told, in case it was not them.
    assert OutboxMail.objects.filter(recipient=practitioner.email).exists()


def test_a_wrong_current_password_changes_nothing(sign_in: SignIn, practitioner: User) -> None:
    client = sign_in(practitioner)
    response = client.post(
        "/accounts/password/",
        {"old_password": "not it at all", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your current password is not right" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(TEST_PASSWORD)


def test_a_mistyped_or_weak_new_password_is_refused(sign_in: SignIn, practitioner: User) -> None:
    client = sign_in(practitioner)
    assert _change(client, again="something else entirely") == 200
    assert _change(client, new="password", again="password") == 200
    practitioner.refresh_from_db()
    assert practitioner.check_password(TEST_PASSWORD)


def test_the_page_needs_both_factors(practitioner: User) -> None:
    client = Client()
    client.post("/accounts/sign-in/", {"username": practitioner.email, "password": TEST_PASSWORD})
    assert client.get("/accounts/password/")["Location"] == "/accounts/two-factor/"
    assert _change(client) == 302
    practitioner.refresh_from_db()
    assert practitioner.check_password(TEST_PASSWORD)
    assert Client().get("/accounts/password/").status_code == 302


def test_every_signed_in_page_links_to_the_password_page(
    sign_in: SignIn, practitioner: User
) -> None:
    assert 'href="/accounts/password/"' in sign_in(practitioner).get("/people/").content.decode()
