"""Attacks on the reporter's pages (issue 21, brief RED): the rate limit, forged and replayed
forms, framing, an unknown or closed channel, injected text, and what a failure leaves
behind in the logs, the error page and the tables."""

from __future__ import annotations

import io
import logging
import os
import re
from unittest import mock

import pytest
from django.conf import settings
from django.core.files import uploadhandler
from django.db import connection
from django.test import Client
from PIL import Image

from noddfa.accounts.models import User
from noddfa.audit.models import AuditEvent
from noddfa.speakup import forms, services, views
from noddfa.speakup.models import ChannelWindow, SpeakUpChannel, SpeakUpReport

from .conftest import a_report

pytestmark = pytest.mark.django_db

FORM = "/speak-up/glan-mor/"
REPORTER_IP = "203.0.113.77"
REPORTER_AGENT = "Mozilla/5.0 (Noddfa-attack-agent-51f)"
SECRET_TEXT = "Bogdan sleeps under the stairs at number 14"


def _token(client: Client, url: str = FORM) -> str:
    html = client.get(url).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _no_cookie(response: object, client: Client) -> None:
    """No cookie is set (a cookie being deleted, set to nothing, is not one)."""
    for morsel in response.cookies.values():  # type: ignore[attr-defined]
        assert not morsel.value, morsel
    held = client.cookies.get(settings.SESSION_COOKIE_NAME)
    assert held is None or not held.value


# --- The rate limit cannot be dodged by another spelling of the address --------------------


def test_the_rate_limit_is_one_count_whatever_the_address_is_spelt_or_its_language(
    channel: SpeakUpChannel,
) -> None:
    channel.reports_per_window = 3
    channel.save()
    for url in ("/speak-up/glan-mor/", "/speak-up/GLAN-MOR/", "/speak-up/cy/Glan-Mor/"):
        client = Client()
        response = client.post(url, {"what": "spam", "token": _token(client, url)})
        assert response.status_code == 303, url
    for url in ("/speak-up/glan-mor/", "/speak-up/Glan-mor/", "/speak-up/cy/glan-mor/"):
        client = Client()
        response = client.post(url, {"what": "spam", "token": _token(client, url)})
        assert response.status_code == 200
        assert 'name="what"' in response.content.decode()  # the form, with the words, again
    assert SpeakUpReport.objects.count() == 3
    assert ChannelWindow.objects.filter(channel=channel).get().reports == 3


def test_no_slash_and_double_slash_addresses_send_nothing(channel: SpeakUpChannel) -> None:
    client = Client()
    token = _token(client)
    for url in ("/speak-up/glan-mor", "/speak-up//glan-mor/", "/speak-up/glan-mor/%20/"):
        try:
            response = client.post(url, {"what": "spam", "token": token})
        except RuntimeError:  # APPEND_SLASH refusing to drop a POST body (DEBUG only)
            continue
        assert response.status_code in {301, 404}, url
    assert SpeakUpReport.objects.count() == 0


def test_two_tabs_with_one_form_make_one_report_and_a_replay_after_success_gives_no_receipt(
    channel: SpeakUpChannel,
) -> None:
    client = Client()
    token = _token(client)
    first = client.post(FORM, {"what": "first tab", "token": token})
    assert first.status_code == 303
    # The second tab of the same browser: the receipt of the report already made.
    second = client.post(FORM, {"what": "first tab", "token": token})
    assert second.status_code == 303 and second["Location"].endswith("/receipt/")
    # After the reporter finished, the same form again (the back button, or someone replaying
    # a captured request) makes no report and shows no receipt.
    client.post("/speak-up/glan-mor/leave/")
    replay = client.post(FORM, {"what": "first tab", "token": token})
    assert replay.status_code == 200
    assert "already been sent" in replay.content.decode()
    assert "data-noddfa-receipt" not in replay.content.decode()
    _no_cookie(replay, client)
    assert SpeakUpReport.objects.count() == 1


def test_a_second_tab_with_different_words_is_not_lost_behind_the_first_receipt(
    channel: SpeakUpChannel,
) -> None:
    """A duplicated tab carries the same one-time token. If the reporter writes something else
    in it, that text must come back to them to send, not vanish behind the first receipt."""
    client = Client()
    token = _token(client)
    assert client.post(FORM, {"what": "first tab", "token": token}).status_code == 303
    other = client.post(FORM, {"what": "something different in tab two", "token": token})
    assert SpeakUpReport.objects.count() == 1
    assert other.status_code == 200
    html = other.content.decode()
    assert "something different in tab two" in html
    assert 'name="token"' in html and token not in html


def test_a_second_report_before_the_first_receipt_is_saved_keeps_that_receipt(
    channel: SpeakUpChannel,
) -> None:
    """The reporter sends a report, goes back to the form without saving the receipt and
    writes something more. Sending it then would replace the only copy of the first receipt,
    and with it the only way back to the first report."""
    client = Client()
    assert client.post(FORM, {"what": "first report", "token": _token(client)}).status_code == 303
    first_receipt = re.search(
        r"data-noddfa-receipt>([A-Z0-9-]+)<", client.get(FORM + "receipt/").content.decode()
    )
    assert first_receipt is not None

    form = client.get(FORM).content.decode()
    assert "have not saved its receipt yet" in form and 'href="/speak-up/glan-mor/receipt/"' in form
    more = client.post(FORM, {"what": "and something more", "token": _token(client)})
    assert more.status_code == 200 and "and something more" in more.content.decode()
    assert "have not saved its receipt yet" in more.content.decode()
    assert SpeakUpReport.objects.count() == 1
    # The same words again are the report already made: its receipt, not a second report.
    again = client.post(FORM, {"what": "first report", "token": _token(client)})
    assert again.status_code == 303 and again["Location"].endswith("/receipt/")

    written = first_receipt.group(1)
    client.post(FORM + "receipt/", {"last_group": written[-4:]})
    sent = client.post(FORM, {"what": "and something more", "token": _token(client)})
    assert sent.status_code == 303 and SpeakUpReport.objects.count() == 2
    assert services.find_report(channel, written) is not None


# --- Cross-site and framing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        FORM,
        "/speak-up/glan-mor/receipt/",
        "/speak-up/glan-mor/follow-up/",
        "/speak-up/glan-mor/follow-up/report/",
        "/speak-up/glan-mor/leave/",
    ],
)
def test_every_post_from_another_site_is_refused(channel: SpeakUpChannel, url: str) -> None:
    client = Client()
    made = services.submit_report(channel, a_report())
    client.post("/speak-up/glan-mor/follow-up/", {"receipt": made.receipt})
    data = {"what": "forged", "text": "forged", "receipt": made.receipt, "last_group": "ZZZZ"}
    for headers in (
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://glan-mor.evil.example"},
        {"HTTP_ORIGIN": "http://testserver.evil.example:80"},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
        # A neighbouring subdomain's page under no-referrer: the session cookie would follow.
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
    ):
        assert client.post(url, data, **headers).status_code == 403, headers
    assert services.messages_for(made.report) == []
    # Still signed in to the report: "leave" was not forged either.
    assert client.get("/speak-up/glan-mor/follow-up/report/").status_code == 200


def test_our_own_pages_posts_are_let_through_under_no_referrer(channel: SpeakUpChannel) -> None:
    client = Client()
    data = {"what": "ours", "token": _token(client)}
    response = client.post(FORM, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303


def test_a_post_with_no_origin_and_no_fetch_metadata_is_judged_by_its_token(
    channel: SpeakUpChannel,
) -> None:
    """Old browsers send neither header: the report still needs a good one-time token."""
    client = Client()
    assert client.post(FORM, {"what": "no token"}).status_code == 200
    assert client.post(FORM, {"what": "with token", "token": _token(client)}).status_code == 303
    assert SpeakUpReport.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        FORM,
        "/speak-up/cy/glan-mor/",
        "/speak-up/glan-mor/receipt/",
        "/speak-up/glan-mor/done/",
        "/speak-up/glan-mor/follow-up/",
        "/speak-up/glan-mor/follow-up/report/",
        "/speak-up/glan-mor/receipt.txt",
        "/speak-up/glan-mor/proof.txt",
        "/speak-up/proof-key/",
        "/speak-up/no-such-channel/",
        "/speak-up/no-such-channel/receipt/",
    ],
)
def test_no_reporter_page_can_be_framed_cached_or_leak_a_referrer(
    channel: SpeakUpChannel, url: str
) -> None:
    client = Client()
    client.post(FORM, {"what": "framing", "token": _token(client)})
    if url.endswith("/done/"):
        page = client.get("/speak-up/glan-mor/receipt/").content.decode()
        written = re.search(r"data-noddfa-receipt>([A-Z0-9-]+)<", page).group(1)  # type: ignore[union-attr]
        client.post("/speak-up/glan-mor/receipt/", {"last_group": written[-4:]})
    response = client.get(url)
    assert response.status_code in {200, 303, 404}, url
    assert response["X-Frame-Options"] == "DENY", url
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
    assert "no-store" in response["Cache-Control"], url
    assert response["Referrer-Policy"] == "no-referrer", url
    assert response["X-Content-Type-Options"] == "nosniff", url


# --- An unknown or closed channel ----------------------------------------------------------

ROUTES = ["", "receipt/", "receipt.txt", "proof.txt", "done/", "follow-up/", "follow-up/report/"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("prefix", ["/speak-up/", "/speak-up/cy/"])
def test_an_unknown_channel_answers_every_route_alike_with_the_999_panel_and_no_cookie(
    client: Client, db: None, route: str, prefix: str
) -> None:
    response = client.get(f"{prefix}no-such-channel/{route}")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="tel:999"' in html
    assert "data-noddfa-quick-exit" in html
    lang = "cy" if "/cy/" in prefix else "en"
    assert f'<html lang="{lang}"' in html
    _no_cookie(response, client)
    posted = client.post(f"{prefix}no-such-channel/{route}", {"what": "x", "receipt": "x"})
    assert posted.status_code in {404, 405}
    _no_cookie(posted, client)


def test_a_closed_channel_says_so_in_both_languages_and_takes_no_report(
    client: Client, channel: SpeakUpChannel
) -> None:
    token = _token(client)
    channel.is_open = False
    channel.save()
    english = client.get(FORM)
    welsh = client.get("/speak-up/cy/glan-mor/")
    assert "not taking reports" in english.content.decode()
    assert '<html lang="cy"' in welsh.content.decode()
    assert "not taking reports" not in welsh.content.decode()
    for response in (english, welsh):
        assert "<textarea" not in response.content.decode()
        _no_cookie(response, client)
    # A form opened before the channel closed sends nothing.
    sent = client.post(FORM, {"what": "too late", "token": token})
    assert sent.status_code == 200 and "not taking reports" in sent.content.decode()
    assert SpeakUpReport.objects.count() == 0
    _no_cookie(sent, client)


def test_a_closed_channel_tells_no_more_than_the_public_list(
    client: Client, channel: SpeakUpChannel
) -> None:
    """The page of a closed channel does not name the organisation or the channel: the public
    list no longer shows it, so its address alone should not tell whose it was."""
    channel.is_open = False
    channel.save()
    for url in (FORM, "/speak-up/cy/glan-mor/", "/speak-up/glan-mor/follow-up/"):
        html = client.get(url).content.decode()
        for name in (channel.name_en, channel.name_cy, channel.organisation.name):
            assert name not in html, (url, name)


def test_a_reporter_can_still_follow_up_on_a_closed_channel(
    client: Client, channel: SpeakUpChannel
) -> None:
    made = services.submit_report(channel, a_report())
    channel.is_open = False
    channel.save()
    opened = client.post("/speak-up/glan-mor/follow-up/", {"receipt": made.receipt})
    assert opened.status_code == 303
    assert client.post("/speak-up/glan-mor/follow-up/report/", {"text": "hello"}).status_code == 303


# --- Injection ----------------------------------------------------------------------------


def test_the_downloads_have_fixed_names_whatever_the_channel_and_organisation_are_called(
    client: Client, channel: SpeakUpChannel
) -> None:
    organisation = channel.organisation
    organisation.name = 'Evil"\r\nSet-Cookie: x=1\r\n=HYPERLINK("http://e.example")'
    organisation.save()
    channel.name_en = 'Line"\r\nContent-Disposition: inline'
    channel.save()
    client.post(FORM, {"what": "x", "token": _token(client)})
    for url, name in (
        ("/speak-up/glan-mor/receipt.txt", "speak-up-receipt.txt"),
        ("/speak-up/glan-mor/proof.txt", "proof-of-report.txt"),
    ):
        response = client.get(url)
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "x" not in response.cookies


def test_a_proof_stays_genuine_when_the_organisations_name_has_a_line_break(
    client: Client, channel: SpeakUpChannel
) -> None:
    """A line break in a name must neither add a line that looks signed nor break the proof."""
    organisation = channel.organisation
    organisation.name = "Glan Môr\nsignature-ed25519: forged"
    organisation.save()
    client.post(FORM, {"what": "x", "token": _token(client)})
    proof = client.get("/speak-up/glan-mor/proof.txt").content.decode()
    assert services.proof_is_genuine(proof)
    lines = proof.strip("\n").split("\n")
    assert [line for line in lines if line.startswith("signature-ed25519:")] == [lines[-1]]
    assert len(proof.strip("\n").split("\n")) == 7


def test_html_and_script_in_a_report_are_never_echoed_as_markup(
    client: Client, channel: SpeakUpChannel
) -> None:
    nasty = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:x">y</a>'
    response = client.post(FORM, {"what": "", "where": nasty, "token": _token(client)})
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"<a[^>]+javascript:", html)


# --- A failure leaves nothing of the reporter behind -------------------------------------


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _every_table() -> str:
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                dump.append(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]))
    return "\n".join(dump)


def _record_text(record: logging.LogRecord) -> str:
    """All a handler could see: the message, the formatted exception and every attribute,
    the request (its META and POST) included."""
    parts = [record.getMessage(), repr(record.args), record.exc_text or ""]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1].args))
        parts.append(logging.Formatter().formatException(record.exc_info))  # type: ignore[arg-type]
    for value in vars(record).values():
        parts.append(repr(value))
        for attribute in ("META", "POST", "body"):
            try:
                parts.append(repr(getattr(value, attribute, "")))
            except Exception:  # noqa: S112  (a body already read cannot be read again)
                continue
    return "\n".join(parts)


FAILURES = [
    ("submit_report", FORM),
    ("find_report", "/speak-up/glan-mor/follow-up/"),
    ("post_message", "/speak-up/glan-mor/follow-up/report/"),
]


@pytest.mark.parametrize(("service", "url"), FAILURES)
def test_a_failure_inside_a_reporter_page_leaves_no_text_receipt_address_or_browser(
    channel: SpeakUpChannel, lead: User, service: str, url: str
) -> None:
    made = services.submit_report(channel, a_report())
    client = Client(raise_request_exception=False)
    if service == "post_message":
        client.post("/speak-up/glan-mor/follow-up/", {"receipt": made.receipt})
    data = {
        "what": SECRET_TEXT,
        "text": SECRET_TEXT,
        "receipt": made.receipt,
        "token": _token(client),
    }
    handler = _Everything()
    root = logging.getLogger()
    loggers = [root] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)  # every logger opened, as an operator debugging might
        logger.disabled = False
    events_before = AuditEvent.objects.count()
    # The failure's own message carries what it was given, as database errors do.
    failure = RuntimeError(f"failed on {SECRET_TEXT} {made.receipt}")
    try:
        with mock.patch.object(services, service, side_effect=failure):
            response = client.post(
                url, data, REMOTE_ADDR=REPORTER_IP, HTTP_USER_AGENT=REPORTER_AGENT
            )
    finally:
        for logger, level, disabled in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled
    assert response.status_code == 500
    page = response.content.decode()
    assert 'href="tel:999"' in page  # the reporter is still told where to turn
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert handler.records, "a failure must still be logged for the operators"
    for text in [page, *(_record_text(record) for record in handler.records)]:
        for secret in (SECRET_TEXT, made.receipt, REPORTER_IP, "Noddfa-attack-agent"):
            assert secret not in text
    assert any("RuntimeError" in record.getMessage() for record in handler.records)
    new_events = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - events_before]
    dump = _every_table() + repr(list(new_events.values()))
    for secret in (SECRET_TEXT, REPORTER_IP, "Noddfa-attack-agent"):
        assert secret not in dump


def test_the_failure_page_and_the_second_tab_notice_read_in_welsh(channel: SpeakUpChannel) -> None:
    client = Client(raise_request_exception=False)
    url = "/speak-up/cy/glan-mor/"
    token = _token(client, url)
    with mock.patch.object(services, "submit_report", side_effect=RuntimeError("boom")):
        failed = client.post(url, {"what": "x", "token": token})
    assert failed.status_code == 500
    html = failed.content.decode()
    assert '<html lang="cy"' in html and "rhowch gynnig arall arni" in html
    assert "try again in a few minutes" not in html
    assert client.post(url, {"what": "cyntaf", "token": token}).status_code == 303
    unsaved = client.post(url, {"what": "ail dab", "token": token}).content.decode()
    assert "heb gadw ei dderbynneb eto" in unsaved and "ail dab" in unsaved
    assert "Cadw derbynneb yr adroddiad" in unsaved
    written = re.search(
        r"data-noddfa-receipt>([A-Z0-9-]+)<", client.get(url + "receipt/").content.decode()
    )
    assert written is not None
    client.post(url + "receipt/", {"last_group": written.group(1)[-4:]})
    other = client.post(url, {"what": "ail dab", "token": token}).content.decode()
    assert "Rydych chi eisoes wedi anfon adroddiad" in other and "ail dab" in other


def _large_photo() -> bytes:
    """A real PNG of noise, larger than the 2.5 MB Django keeps in memory by default."""
    out = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(out, "PNG")
    assert 2_621_440 < len(out.getvalue()) < 8 * 1024 * 1024
    return out.getvalue()


def test_a_large_photo_never_touches_the_disk_before_it_is_cleaned(
    channel: SpeakUpChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []

    def spooled(self: object, *args: object, **kwargs: object) -> None:
        written.append("a temporary file")
        raise AssertionError("the photo went to a temporary file")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", spooled)
    client = Client()
    upload = io.BytesIO(_large_photo())
    upload.name = "IMG_0001.png"
    response = client.post(FORM, {"what": "big photo", "token": _token(client), "photos": [upload]})
    assert response.status_code == 303
    assert written == []
    assert SpeakUpReport.objects.get().attachments.count() == 1


def test_an_upload_beyond_five_photos_worth_is_refused_without_being_kept(
    channel: SpeakUpChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "MAX_UPLOAD_BYTES", 1_000_000)
    client = Client(raise_request_exception=False)
    upload = io.BytesIO(_large_photo())
    upload.name = "IMG_0002.png"
    response = client.post(FORM, {"what": "too big", "token": _token(client), "photos": [upload]})
    assert response.status_code == 413
    assert SpeakUpReport.objects.count() == 0


def test_photos_are_not_decoded_for_a_form_without_a_good_token(
    channel: SpeakUpChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[int] = []
    real = forms.cleaned

    def counted(raw: bytes) -> object:
        decoded.append(len(raw))
        return real(raw)

    monkeypatch.setattr(forms, "cleaned", counted)
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "JPEG")
    client = Client()
    for token in ("", "forged:token"):
        upload = io.BytesIO(out.getvalue())
        upload.name = "a.jpg"
        response = client.post(FORM, {"what": "x", "token": token, "photos": [upload]})
        assert response.status_code == 200
    assert decoded == []
    upload = io.BytesIO(out.getvalue())
    upload.name = "a.jpg"
    sent = client.post(FORM, {"what": "x", "token": _token(client), "photos": [upload]})
    assert sent.status_code == 303 and len(decoded) == 1
