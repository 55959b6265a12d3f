"""The reporter's pages: no sign-in, no cookie before sending, a receipt that must be kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client

from noddfa.speakup import receipt, services, views
from noddfa.speakup.models import SpeakUpChannel, SpeakUpReport

from .conftest import a_report

pytestmark = pytest.mark.django_db

FORM = "/speak-up/glan-mor/"
FORM_CY = "/speak-up/cy/glan-mor/"


def _token(client: Client, url: str = FORM) -> str:
    html = client.get(url).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "the form carries a one-time token"
    return found.group(1)


def _send(client: Client, url: str = FORM, **fields: object) -> object:
    data: dict[str, object] = {
        "what": "Men sleep in the back room and never leave.",
        "where": "Heol y Bont",
        "signs": ["living"],
        "token": _token(client, url),
    }
    data.update(fields)
    return client.post(url, data)


def _receipt_on(client: Client, url: str = "/speak-up/glan-mor/receipt/") -> str:
    html = client.get(url).content.decode()
    found = re.search(r"data-noddfa-receipt>([A-Z0-9-]+)<", html)
    assert found, html[:500]
    return found.group(1)


@pytest.fixture
def sent(client: Client, channel: SpeakUpChannel) -> Iterator[str]:
    """A report sent through the form; the receipt as shown."""
    response = _send(client)
    assert response.status_code == 303  # type: ignore[attr-defined]
    yield _receipt_on(client)


# --- The form ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [FORM, FORM_CY])
def test_the_form_opens_without_sign_in_and_sets_no_cookie(
    client: Client, channel: SpeakUpChannel, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies and not client.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    lang = "cy" if "/cy/" in url else "en"
    assert f'<html lang="{lang}"' in html


def test_999_and_the_helpline_come_before_the_form(client: Client, channel: SpeakUpChannel) -> None:
    html = client.get(FORM).content.decode()
    danger = html.index('href="tel:999"')
    helpline = html.index("Modern Slavery and Exploitation Helpline")
    form = html.index("<form")
    assert danger < helpline < form
    # The helpline's number from the directory (shared/domain/helplines.yaml), to dial.
    assert 'href="tel:+448000121700"' in html and "08000 121 700" in html
    # And the quick exit is the first link on the page, as on the help pages.
    assert html.index("Exit this page") < danger


def test_the_signs_are_offered_in_plain_words(client: Client, channel: SpeakUpChannel) -> None:
    html = client.get(FORM).content.decode()
    assert 'name="signs"' in html
    assert "work very long hours" in html


def test_a_form_with_errors_sets_no_cookie_and_keeps_what_was_typed(
    client: Client, channel: SpeakUpChannel
) -> None:
    response = client.post(
        FORM, {"what": "", "where": "Stryd Fawr, Ystradgynlais", "token": _token(client)}
    )
    assert response.status_code == 200
    assert not response.cookies and not client.cookies
    html = response.content.decode()
    assert "Tell us what you saw or heard." in html
    assert "Stryd Fawr, Ystradgynlais" in html
    assert SpeakUpReport.objects.count() == 0


def test_a_form_without_a_good_token_is_not_sent(client: Client, channel: SpeakUpChannel) -> None:
    for token in ("", "forged:token", _token(client).replace(":", ";")):
        response = client.post(FORM, {"what": "Something I saw", "token": token})
        assert response.status_code == 200
        assert not response.cookies
        assert "Something I saw" in response.content.decode()
    assert SpeakUpReport.objects.count() == 0


def test_a_token_for_another_channel_is_not_accepted(
    client: Client, channel: SpeakUpChannel
) -> None:
    services.open_channel(channel.organisation, slug="other", name_en="Other")
    token = _token(client, "/speak-up/other/")
    client.post(FORM, {"what": "Something I saw", "token": token})
    assert SpeakUpReport.objects.count() == 0


def test_another_sites_page_cannot_send_a_report(client: Client, channel: SpeakUpChannel) -> None:
    data = {"what": "forged", "token": _token(client)}
    assert client.post(FORM, data, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.post(FORM, data, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert SpeakUpReport.objects.count() == 0
    # A browser under no-referrer sends "Origin: null" from our own page: that is allowed.
    assert client.post(FORM, data, HTTP_ORIGIN="null").status_code == 303


def test_an_unknown_channel_is_not_found_with_the_999_panel(client: Client, db: None) -> None:
    response = client.get("/speak-up/no-such-channel/")
    assert response.status_code == 404
    assert 'href="tel:999"' in response.content.decode()
    assert not response.cookies


def test_a_closed_channel_says_so_and_takes_nothing(
    client: Client, channel: SpeakUpChannel
) -> None:
    channel.is_open = False
    channel.save()
    html = client.get(FORM).content.decode()
    assert "not taking reports" in html
    assert "<textarea" not in html


def test_a_busy_channel_keeps_the_report_on_the_page(
    client: Client, channel: SpeakUpChannel
) -> None:
    channel.reports_per_window = 1
    channel.save()
    services.submit_report(channel, a_report())
    response = _send(client, what="Please read this")
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Wait 10 minutes" in html and "Please read this" in html
    assert SpeakUpReport.objects.count() == 1


# --- Sending, the receipt and the proof ----------------------------------------------------


def test_sending_shows_the_receipt_and_the_page_is_not_done_until_it_is_typed_back(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    report = SpeakUpReport.objects.get()
    assert services.find_report(channel, sent) == report
    # The "done" page waits for the check.
    assert client.get("/speak-up/glan-mor/done/")["Location"].endswith("/receipt/")
    wrong = client.post("/speak-up/glan-mor/receipt/", {"last_group": "ZZZZ"})
    assert wrong.status_code == 200
    assert "That is not the last group" in wrong.content.decode()
    assert sent in wrong.content.decode()
    last = sent.split("-")[-1].lower()  # letter case is forgiven
    right = client.post("/speak-up/glan-mor/receipt/", {"last_group": last})
    assert right.status_code == 303 and right["Location"].endswith("/done/")
    done = client.get("/speak-up/glan-mor/done/")
    assert done.status_code == 200
    assert "Done: your report is sent" in done.content.decode()
    # After the check the receipt is gone from the session and the page.
    assert client.get("/speak-up/glan-mor/receipt/").status_code == 303
    assert client.get("/speak-up/glan-mor/receipt.txt").status_code == 404


def test_the_receipt_downloads_as_a_text_file(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    response = client.get("/speak-up/glan-mor/receipt.txt")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert sent in text and "/speak-up/glan-mor/follow-up/" in text
    assert "no-store" in response["Cache-Control"]


def test_the_copy_button_needs_javascript_and_the_page_works_without(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    html = client.get("/speak-up/glan-mor/receipt/").content.decode()
    assert re.search(r"<button[^>]*data-noddfa-copy[^>]*hidden", html)
    assert "speakup_receipt.mjs" in html
    assert 'href="/speak-up/glan-mor/receipt.txt"' in html


def test_the_proof_of_report_downloads_signed_and_without_the_content(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    response = client.get("/speak-up/glan-mor/proof.txt")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    proof = response.content.decode()
    assert services.proof_is_genuine(proof)
    for word in ("back room", "Heol y Bont", "living", sent):
        assert word not in proof
    key = client.get("/speak-up/proof-key/").content.decode()
    assert services.public_key_text() in key and services.public_key_text() in proof


def test_the_same_form_sent_twice_is_one_report(client: Client, channel: SpeakUpChannel) -> None:
    token = _token(client)
    data = {"what": "Sent twice by a double click", "token": token}
    first = client.post(FORM, data)
    second = client.post(FORM, data)
    assert first.status_code == second.status_code == 303
    assert second["Location"].endswith("/receipt/")
    assert SpeakUpReport.objects.count() == 1
    # Sent again from another device (no session): it says so and shows no receipt.
    other = Client()
    again = other.post(FORM, data)
    assert again.status_code == 200
    assert "already been sent" in again.content.decode()
    assert SpeakUpReport.objects.count() == 1


def test_the_welsh_form_sends_and_comes_back_in_welsh(
    client: Client, channel: SpeakUpChannel
) -> None:
    response = _send(client, FORM_CY, what="Gwelais ddynion yn cysgu yn y cefn")
    assert response["Location"] == "/speak-up/cy/glan-mor/receipt/"  # type: ignore[index]
    html = client.get("/speak-up/cy/glan-mor/receipt/").content.decode()
    assert '<html lang="cy"' in html


# --- Coming back with the receipt ----------------------------------------------------------


def _leave(client: Client) -> None:
    client.post("/speak-up/glan-mor/leave/")
    assert (
        not client.cookies.get(settings.SESSION_COOKIE_NAME)
        or not client.cookies[settings.SESSION_COOKIE_NAME].value
    )


def test_the_receipt_opens_the_conversation_and_the_reporter_answers(
    client: Client, channel: SpeakUpChannel, lead: object, sent: str
) -> None:
    report = SpeakUpReport.objects.get()
    services.post_message(report, "Which evenings did you see them?", by=lead)  # type: ignore[arg-type]
    _leave(client)
    assert client.get("/speak-up/glan-mor/follow-up/report/").status_code == 303
    response = client.post("/speak-up/glan-mor/follow-up/", {"receipt": sent.lower()})
    assert response.status_code == 303
    page = client.get("/speak-up/glan-mor/follow-up/report/")
    html = page.content.decode()
    assert "Which evenings did you see them?" in html
    assert "Not yet" not in html  # the question acknowledged the report
    reply = client.post("/speak-up/glan-mor/follow-up/report/", {"text": "Nos Lun a nos Fercher"})
    assert reply.status_code == 303
    texts = [m.text for m in services.messages_for(report)]
    assert texts == ["Which evenings did you see them?", "Nos Lun a nos Fercher"]


def test_the_clocks_are_shown_to_the_reporter(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    client.post("/speak-up/glan-mor/follow-up/", {"receipt": sent})
    html = client.get("/speak-up/glan-mor/follow-up/report/").content.decode()
    report = SpeakUpReport.objects.get()
    assert f"{report.acknowledge_by:%-d}" in html
    assert "They will tell you by" in html


def test_a_wrong_receipt_learns_nothing(client: Client, channel: SpeakUpChannel) -> None:
    made = services.submit_report(channel, a_report())
    other_channel = services.open_channel(channel.organisation, slug="other", name_en="Other")
    elsewhere = services.submit_report(other_channel, a_report())
    nearly = made.receipt[:-1] + ("A" if made.receipt[-1] != "A" else "B")
    attempts = [receipt.new_receipt(), nearly, "not-a-receipt", elsewhere.receipt, ""]
    answers = []
    for typed in attempts:
        fresh = Client()
        response = fresh.post("/speak-up/glan-mor/follow-up/", {"receipt": typed})
        assert not response.cookies and not fresh.cookies
        # Only the clock (Expires) and the per-request id differ from one request to the next.
        headers = {k: v for k, v in response.items() if k not in {"Expires", "X-Request-ID"}}
        answers.append((response.status_code, headers, response.content))
        if typed:
            assert typed.encode() not in response.content
    assert all(answer == answers[0] for answer in answers)
    assert answers[0][0] == 200
    assert b"We could not find a report with that receipt" in answers[0][2]


def test_every_receipt_check_is_slowed_to_the_floor(
    client: Client, channel: SpeakUpChannel, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NODDFA_SPEAKUP_RECEIPT_FLOOR_SECONDS = 1.0  # type: ignore[attr-defined]
    slept: list[float] = []
    monkeypatch.setattr(views.time, "sleep", slept.append)
    made = services.submit_report(channel, a_report())
    Client().post("/speak-up/glan-mor/follow-up/", {"receipt": receipt.new_receipt()})
    Client().post("/speak-up/glan-mor/follow-up/", {"receipt": made.receipt})
    assert len(slept) == 2
    assert all(0 < pause <= 1.0 for pause in slept)


def test_a_session_for_one_channel_does_not_open_another(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    services.open_channel(channel.organisation, slug="other", name_en="Other")
    assert client.get("/speak-up/other/follow-up/report/").status_code == 303
    assert client.get("/speak-up/other/proof.txt").status_code == 404


def test_finishing_forgets_the_reporter_on_this_device(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    client.post("/speak-up/glan-mor/follow-up/", {"receipt": sent})
    assert client.get("/speak-up/glan-mor/follow-up/report/").status_code == 200
    client.post("/speak-up/glan-mor/leave/")
    assert client.get("/speak-up/glan-mor/follow-up/report/").status_code == 303


def test_pages_after_sending_are_private_too(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    for url in ("/speak-up/glan-mor/receipt/", "/speak-up/glan-mor/proof.txt"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert response["Referrer-Policy"] == "no-referrer", url


def test_the_welsh_pages_are_in_welsh(client: Client, channel: SpeakUpChannel) -> None:
    html = client.get(FORM_CY).content.decode()
    assert "Codi llais yn ddiogel" in html
    assert "Llinell codi llais Glan Môr" in html  # the channel's own Welsh name
    assert "Beth welsoch chi neu beth glywsoch chi?" in html
    assert "What did you see or hear?" not in html
    wrong = client.post("/speak-up/cy/glan-mor/follow-up/", {"receipt": "nonsense"})
    assert "Doedden ni ddim yn gallu dod o hyd i adroddiad" in wrong.content.decode()


def test_the_address_forgives_letter_case(client: Client, channel: SpeakUpChannel) -> None:
    response = client.get("/speak-up/GLAN-MOR/")
    assert response.status_code == 200
    assert 'action="/speak-up/glan-mor/"' in response.content.decode()


def test_a_sign_that_is_not_offered_is_refused_without_a_cookie(
    client: Client, channel: SpeakUpChannel
) -> None:
    response = _send(client, signs=["living", "<script>"])
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert not response.cookies  # type: ignore[attr-defined]
    assert SpeakUpReport.objects.count() == 0


def test_a_reporter_cannot_flood_the_conversation(
    client: Client, channel: SpeakUpChannel, sent: str
) -> None:
    report = SpeakUpReport.objects.get()
    for number in range(services.REPORTER_MESSAGES_PER_DAY):
        services.post_message(report, f"message {number}")
    client.post("/speak-up/glan-mor/follow-up/", {"receipt": sent})
    response = client.post("/speak-up/glan-mor/follow-up/report/", {"text": "one more"})
    assert response.status_code == 200
    assert "You have sent many messages today" in response.content.decode()
    assert report.messages.count() == services.REPORTER_MESSAGES_PER_DAY
