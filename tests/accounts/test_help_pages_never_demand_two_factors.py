"""The public help pages open for anyone, including someone half-way through signing in.

The attack: a person (or someone using their machine) who typed a password but not the
second factor opened /help/en/ and was sent to the two-factor page instead of being shown
where to get help. The help pages show no personal data, so the second factor guards
nothing there.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HELP_PAGES = (
    "/help/en/",
    "/help/cy/",
    "/help/en/report/",
    "/help/cy/report/",
    "/help/en/young-people/",
    "/help/cy/young-people/",
    "/help/en/other-countries/",
    "/help/cy/other-countries/",
)


def _half_signed_in(client: Client, *, enrolled: bool) -> None:
    user = UserFactory()
    if enrolled:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = client.post(
        "/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    # The password is accepted, the second factor is not yet given: private pages stay shut.
    assert client.get("/people/")["Location"] == "/accounts/two-factor/"


@pytest.mark.parametrize("enrolled", [True, False], ids=["enrolled", "not-yet-enrolled"])
@pytest.mark.parametrize("path", HELP_PAGES)
def test_a_half_signed_in_visitor_gets_the_help_page(
    client: Client, path: str, enrolled: bool
) -> None:
    _half_signed_in(client, enrolled=enrolled)
    response = client.get(path)
    assert response.status_code == 200, response.get("Location")
    assert "two-factor" not in response.get("Location", "")


def test_the_help_start_page_still_only_chooses_a_language(client: Client) -> None:
    _half_signed_in(client, enrolled=True)
    response = client.get("/help/")
    assert response.status_code == 302
    assert response["Location"].startswith("/help/")


def test_a_look_alike_address_outside_help_stays_shut(client: Client) -> None:
    _half_signed_in(client, enrolled=True)
    response = client.get("/helpdesk/")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == "/accounts/two-factor/"
