"""No IP address, browser or referring page of a reporter reaches a log or a table.

The public help pages' test (tests/directory/test_public_pages.py), extended to every speak-up
route: every logger opened to DEBUG, a marked address and browser on every request, then every
log record and the raw rows of every table in the database searched for them."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.db import connection
from django.test import Client
from PIL import Image

from log_capture import capture_every_log_record, everything_in, message_of
from noddfa.accounts.models import User
from noddfa.speakup import services
from noddfa.speakup.models import ReportAttachment, SpeakUpChannel, SpeakUpReport

from .test_photos import GPS_IFD, photo_with_gps

pytestmark = pytest.mark.django_db

REPORTER_IP = "198.51.100.231"
REPORTER_AGENT = "Mozilla/5.0 (Noddfa-speakup-reporter-9c2e)"
REPORTER_REFERRER = "https://referrer.example/noddfa-speakup-came-from"
MARKS = (REPORTER_IP, "Noddfa-speakup-reporter", "noddfa-speakup-came-from")
PHOTO_TRACES = ("NoddfaTestCam", "Model-X42", "SERIAL-778899", "51.0, 28.0", "3.0, 10.0")
HEADERS = {
    "REMOTE_ADDR": REPORTER_IP,
    "HTTP_X_FORWARDED_FOR": REPORTER_IP,
    "HTTP_USER_AGENT": REPORTER_AGENT,
    "HTTP_REFERER": REPORTER_REFERRER,
}


def _every_table() -> str:
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                dump.append(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]))
    return "\n".join(dump)


# Made once, before any capture: Pillow logs the tags it writes, and the test's own writing of
# the photo is not what is being tested.
PHOTO = photo_with_gps("JPEG")


def _a_photo() -> io.BytesIO:
    upload = io.BytesIO(PHOTO)
    upload.name = "IMG_20261130_221405.jpg"
    return upload


def _do_everything(client: Client, channel: SpeakUpChannel, lead: User) -> None:
    """Every speak-up route a reporter can reach, each with the marked address and browser."""
    client.get("/speak-up/glan-mor/", **HEADERS)
    client.get("/speak-up/cy/glan-mor/", **HEADERS)
    client.get("/speak-up/no-such-channel/", **HEADERS)
    client.post("/speak-up/glan-mor/", {"what": ""}, **HEADERS)  # errors
    client.post("/speak-up/glan-mor/", {"what": "x"}, HTTP_ORIGIN="https://e.example", **HEADERS)
    html = client.get("/speak-up/glan-mor/", **HEADERS).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    sent = client.post(
        "/speak-up/glan-mor/",
        {"what": "Men sleep in the back room", "token": token, "photos": [_a_photo()]},
        **HEADERS,
    )
    assert sent.status_code == 303
    page = client.get("/speak-up/glan-mor/receipt/", **HEADERS).content.decode()
    written = re.search(r"data-noddfa-receipt>([A-Z0-9-]+)<", page).group(1)  # type: ignore[union-attr]
    client.get("/speak-up/glan-mor/receipt.txt", **HEADERS)
    client.get("/speak-up/glan-mor/proof.txt", **HEADERS)
    client.post("/speak-up/glan-mor/receipt/", {"last_group": written[-4:]}, **HEADERS)
    client.get("/speak-up/glan-mor/done/", **HEADERS)
    client.get("/speak-up/proof-key/", **HEADERS)
    services.post_message(SpeakUpReport.objects.get(), "A question for you", by=lead)
    client.post("/speak-up/glan-mor/leave/", **HEADERS)
    client.post(
        "/speak-up/glan-mor/follow-up/", {"receipt": "WRONG-WRON-GWRO-NGWR-ONGW"}, **HEADERS
    )
    client.post("/speak-up/glan-mor/follow-up/", {"receipt": written}, **HEADERS)
    client.get("/speak-up/glan-mor/follow-up/report/", **HEADERS)
    client.post(
        "/speak-up/glan-mor/follow-up/report/",
        {"text": "An answer", "photos": [_a_photo()]},
        **HEADERS,
    )


def test_no_log_message_at_any_level_names_the_reporter_or_where_a_photo_was_taken(
    client: Client, channel: SpeakUpChannel, lead: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    handler, restore = capture_every_log_record(force_debug=True)
    try:
        _do_everything(client, channel, lead)
    finally:
        restore()
    assert SpeakUpReport.objects.count() == 1
    assert ReportAttachment.objects.count() == 2
    assert handler.records, "the capture must see the DEBUG records libraries write"
    for record in [*handler.records, *caplog.records]:
        text = message_of(record)
        # Pillow logs every EXIF tag it reads at DEBUG: the photo's GPS and camera included.
        for mark in (*MARKS, *PHOTO_TRACES):
            assert mark not in text, record


def test_with_the_configured_levels_no_record_even_carries_the_request(
    client: Client, channel: SpeakUpChannel, lead: User
) -> None:
    handler, restore = capture_every_log_record(force_debug=False)
    try:
        _do_everything(client, channel, lead)
    finally:
        restore()
    for record in handler.records:
        text = everything_in(record)
        for mark in (*MARKS, *PHOTO_TRACES):
            assert mark not in text, record


def test_no_table_holds_the_reporters_address_browser_or_file_name(
    client: Client, channel: SpeakUpChannel, lead: User
) -> None:
    _do_everything(client, channel, lead)
    assert SpeakUpReport.objects.count() == 1
    dump = _every_table()
    for mark in (*MARKS, "IMG_20261130"):
        assert mark not in dump
        assert mark.encode().hex() not in dump


def test_a_photo_sent_through_the_form_is_stored_without_gps_or_camera(
    client: Client, channel: SpeakUpChannel, lead: User
) -> None:
    html = client.get("/speak-up/glan-mor/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/speak-up/glan-mor/", {"what": "Photo of the van", "token": token, "photos": [_a_photo()]}
    )
    assert response.status_code == 303
    attachment = ReportAttachment.objects.get()
    assert b"NoddfaTestCam" not in bytes(attachment.data_sealed)  # sealed anyway
    stored = services.attachment_data(attachment)
    image = Image.open(io.BytesIO(stored))
    assert len(image.getexif()) == 0 and not image.getexif().get_ifd(GPS_IFD)
    for trace in (b"NoddfaTestCam", b"Model-X42", b"SERIAL-778899"):
        assert trace not in stored


def test_a_document_is_refused_and_the_report_is_kept_on_the_page(
    client: Client, channel: SpeakUpChannel
) -> None:
    html = client.get("/speak-up/glan-mor/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    pdf = io.BytesIO(b"%PDF-1.7\n1 0 obj << /Author (Jane Reporter) >> endobj\n%%EOF")
    pdf.name = "notes.pdf"
    response = client.post(
        "/speak-up/glan-mor/", {"what": "See the attached", "token": token, "photos": [pdf]}
    )
    assert response.status_code == 200
    assert not response.cookies
    assert "Documents cannot be added" in response.content.decode()
    assert SpeakUpReport.objects.count() == 0
