"""Speaking up is open to anyone, and the proxy in front of it writes nothing down.

Two seams S1's review found. Someone signed in with a password but not yet a second factor
(or someone using their machine) was sent to the two-factor page instead of the reporting
form; and the example nginx site logged every reporter's address beside the moment their
report arrived, and passed it on to the app.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from factories import TEST_PASSWORD, UserFactory
from noddfa.speakup.models import SpeakUpChannel

NGINX_SITE = Path(__file__).parents[2] / "deploy" / "nginx" / "noddfa.conf"


def _half_signed_in(client: Client) -> None:
    user = UserFactory()
    client.post("/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD})
    assert client.get("/people/")["Location"] == "/accounts/two-factor/"


@pytest.mark.parametrize("path", ["/speak-up/{slug}/", "/speak-up/cy/{slug}/"])
def test_a_half_signed_in_visitor_gets_the_reporting_form(
    client: Client, channel: SpeakUpChannel, path: str
) -> None:
    _half_signed_in(client)

    response = client.get(path.format(slug=channel.slug))

    assert response.status_code == 200, response.get("Location")


def test_the_recipients_inbox_still_needs_the_second_factor(client: Client, db: None) -> None:
    _half_signed_in(client)

    response = client.get("/speak-up-inbox/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"


def _speak_up_location() -> str:
    text = NGINX_SITE.read_text()
    found = re.search(r"location /speak-up/ \{(.*?)\n    \}", text, re.DOTALL)
    assert found, "the nginx site has its own block for the speak-up pages"
    return found.group(1)


def test_the_example_nginx_site_keeps_no_access_log_of_reporters() -> None:
    block = _speak_up_location()

    assert re.search(r"^\s*access_log off;", block, re.MULTILINE)
    assert "$remote_addr" not in block


def test_the_example_nginx_site_does_not_tell_the_app_a_reporters_address() -> None:
    block = _speak_up_location()

    assert re.search(r'proxy_set_header X-Forwarded-For "";', block)
    assert re.search(r'proxy_set_header X-Real-IP "";', block)


def test_the_example_nginx_site_lets_five_photos_through() -> None:
    from noddfa.speakup.forms import MAX_PHOTOS
    from noddfa.speakup.photos import MAX_BYTES

    limit = re.search(r"client_max_body_size (\d+)m;", _speak_up_location())
    assert limit, "the speak-up block sets its own upload limit"
    assert int(limit.group(1)) * 1024 * 1024 > MAX_PHOTOS * MAX_BYTES


def test_sessions_holding_unconfirmed_receipts_are_cleared_every_night() -> None:
    deploy = NGINX_SITE.parents[1]
    cron = (deploy / "cron" / "noddfa").read_text()
    assert "noddfa-manage clearsessions" in cron
    timer = (deploy / "systemd" / "noddfa-clearsessions.timer").read_text()
    assert "noddfa-job@clearsessions.service" in timer
