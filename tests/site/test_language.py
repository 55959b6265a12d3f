from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db


def test_switching_to_welsh_returns_to_the_same_page_in_welsh(client: Client) -> None:
    response = client.get("/language/cy/", {"next": "/accounts/sign-in/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/"
    body = client.get("/accounts/sign-in/").content.decode()
    assert '<html lang="cy"' in body
    assert "Mewngofnodi i Noddfa" in body


def test_the_language_switch_never_sends_anyone_off_site(client: Client) -> None:
    response = client.get("/language/cy/", {"next": "https://evil.example/phish"})
    assert response["Location"] == "/"


def test_an_unknown_language_falls_back_to_english(client: Client) -> None:
    client.get("/language/fr/")
    assert '<html lang="en"' in client.get("/accounts/sign-in/").content.decode()


def test_the_choice_follows_the_person_to_their_next_sign_in(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    sign_in(practitioner).get("/language/cy/", {"next": "/"})
    practitioner.refresh_from_db()
    assert practitioner.language == "cy"
    fresh = sign_in(practitioner)
    assert '<html lang="cy"' in fresh.get("/").content.decode()
