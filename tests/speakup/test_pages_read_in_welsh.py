"""Every speak-up page a Welsh reader reaches is in Welsh: no English words left in labels,
hints, buttons or messages (text marked lang="en", and what the reporter typed, excepted)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from noddfa.accounts.models import User
from noddfa.speakup import services
from noddfa.speakup.models import SpeakUpChannel, SpeakUpReport
from welsh_words import ENGLISH_ONLY as SITE_ENGLISH_ONLY

pytestmark = pytest.mark.django_db

# The site's own list, and the words of the speak-up pages that are never Welsh.
ENGLISH_ONLY = SITE_ENGLISH_ONLY | {
    "would",
    "our",
    "them",
    "here",
    "send",
    "sent",
    "report",
    "receipt",
    "message",
    "messages",
    "photo",
    "photos",
    "download",
    "copy",
    "read",
    "replies",
    "done",
    "yes",
}


class _Text(HTMLParser):
    """Visible text, leaving out <script>, <style>, <title> and anything marked lang="en"."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        void = tag in {"input", "br", "img", "meta", "link", "hr"}
        hidden = tag in {"script", "style", "title"} or dict(attrs).get("lang") == "en"
        if not void and (self._skip or hidden):
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.pieces.append(data.strip())


def _english_in(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [
        piece for piece in parser.pieces if set(re.findall(r"[a-z]+", piece.lower())) & ENGLISH_ONLY
    ]


def _check(response: object) -> None:
    html = response.content.decode()  # type: ignore[attr-defined]
    assert '<html lang="cy"' in html
    assert not _english_in(html), _english_in(html)


def test_every_page_of_the_reporters_journey_reads_in_welsh(
    client: Client, channel: SpeakUpChannel, lead: User
) -> None:
    base = "/speak-up/cy/glan-mor/"
    _check(client.get(base))
    _check(client.post(base, {"what": "", "token": "x"}))  # with errors
    html = client.get(base).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    client.post(base, {"what": "Gwelais ddynion yn cysgu yn y cefn", "token": token})
    receipt_page = client.get(base + "receipt/")
    _check(receipt_page)
    written = re.search(  # type: ignore[union-attr]
        r"data-noddfa-receipt>([A-Z0-9-]+)<", receipt_page.content.decode()
    ).group(1)
    _check(client.post(base + "receipt/", {"last_group": "ZZZZ"}))
    client.post(base + "receipt/", {"last_group": written[-4:]})
    _check(client.get(base + "done/"))
    services.post_message(SpeakUpReport.objects.get(), "Pa nosweithiau?", by=lead)
    _check(client.get(base + "follow-up/report/"))
    client.post(base + "leave/")
    _check(client.get(base + "follow-up/"))
    _check(client.post(base + "follow-up/", {"receipt": "anghywir"}))
    _check(client.get("/speak-up/cy/dim-sianel/"))
    channel.is_open = False
    channel.save()
    _check(client.get(base))


def test_the_check_finds_english_where_there_is_some(
    client: Client, channel: SpeakUpChannel
) -> None:
    # The English form, claimed to be Welsh, must fail the check: it is not blind.
    html = client.get("/speak-up/glan-mor/").content.decode()
    assert len(_english_in(html.replace('<html lang="en"', '<html lang="cy"', 1))) > 10
