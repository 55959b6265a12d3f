"""Who can reach a report through the reporter's pages: only the holder of its receipt's
session. Signed in as a lead (of this organisation or another) opens nothing there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from noddfa.accounts.models import User
from noddfa.speakup import services
from noddfa.speakup.models import SpeakUpChannel

from .conftest import a_report

pytestmark = pytest.mark.django_db

BASE = "/speak-up/glan-mor/"


@pytest.fixture
def made(channel: SpeakUpChannel) -> services.SubmittedReport:
    return services.submit_report(channel, a_report(what="Only the receipt opens this"))


def _nothing_opens(client: Client) -> None:
    assert client.get(BASE + "follow-up/report/").status_code == 303
    assert client.get(BASE + "receipt/").status_code == 303
    assert client.get(BASE + "done/").status_code == 303
    assert client.get(BASE + "proof.txt").status_code == 404
    assert client.get(BASE + "receipt.txt").status_code == 404
    answer = client.post(BASE + "follow-up/report/", {"text": "planted"})
    assert answer.status_code == 303


@pytest.mark.parametrize("who", ["nobody", "lead", "other_lead"])
def test_without_the_receipt_no_one_reaches_a_report(
    who: str,
    made: services.SubmittedReport,
    client: Client,
    lead: User,
    other_lead: User,
    sign_in: Callable[[User], Client],
) -> None:
    browser = client if who == "nobody" else sign_in(lead if who == "lead" else other_lead)
    _nothing_opens(browser)
    assert services.messages_for(made.report) == []


def test_the_receipt_opens_its_report_for_whoever_holds_it(
    made: services.SubmittedReport, client: Client
) -> None:
    client.post(BASE + "follow-up/", {"receipt": made.receipt})
    page = client.get(BASE + "follow-up/report/")
    assert page.status_code == 200
    assert client.get(BASE + "proof.txt").status_code == 200
    # The reporter sees the clocks and the conversation, never the report's text read back.
    assert "Only the receipt opens this" not in page.content.decode()
