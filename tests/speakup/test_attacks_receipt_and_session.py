"""Attacks on the reporter's receipt and session (issue 21, brief RED).

A receipt must not be an oracle: whatever is typed (unknown, another channel's, a closed or
deleted report's, malformed, look-alike characters, a megabyte), the page, the status, the
headers and the cost are those of any wrong receipt. A session opened by a receipt reaches one
report and nothing else, is new (never one set before the receipt was typed) and ends when the
reporter finishes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.speakup import receipt, services, views
from noddfa.speakup.models import SpeakUpChannel, SpeakUpReport

from .conftest import a_report

pytestmark = pytest.mark.django_db

FOLLOW_UP = "/speak-up/glan-mor/follow-up/"
CONVERSATION = "/speak-up/glan-mor/follow-up/report/"
VOLATILE = {"Expires", "X-Request-ID"}


def _answer(typed: str) -> tuple[int, dict[str, str], bytes]:
    browser = Client()
    response = browser.post(FOLLOW_UP, {"receipt": typed})
    assert not response.cookies and not browser.cookies, typed[:40]
    headers = {k: v for k, v in response.items() if k not in VOLATILE}
    return response.status_code, headers, response.content


def test_a_closed_a_deleted_and_another_channels_receipt_answer_as_a_wrong_one(
    channel: SpeakUpChannel, lead: User
) -> None:
    other = services.open_channel(channel.organisation, slug="other", name_en="Other")
    elsewhere = services.submit_report(other, a_report())
    closed = services.submit_report(channel, a_report())
    services.close_report(lead, closed.report)
    deleted = services.submit_report(channel, a_report())
    SpeakUpReport.objects.filter(pk=deleted.report.pk).delete()
    baseline = _answer(receipt.new_receipt())
    assert baseline[0] == 200
    assert b"We could not find a report with that receipt" in baseline[2]
    for typed in (elsewhere.receipt, deleted.receipt, "A" * 20, "0000-0000-0000-0000-0000"):
        assert _answer(typed) == baseline, typed
    # A closed report is still the reporter's to read: its receipt opens it.
    assert Client().post(FOLLOW_UP, {"receipt": closed.receipt}).status_code == 303


@pytest.mark.parametrize(
    "typed",
    [
        "\u0410" * 20,  # Cyrillic capital A, twenty times
        "\uff12" * 20,  # full-width digit two
        "ABCD-EFGH-JKMN-PQRS-TUV\u200b",  # a zero-width space hiding in it
        "\x00\x01\x02",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "🙂" * 30,
    ],
)
def test_odd_characters_in_the_receipt_answer_as_a_wrong_one(
    channel: SpeakUpChannel, typed: str
) -> None:
    baseline = _answer(receipt.new_receipt())
    assert _answer(typed) == baseline


def test_a_megabyte_in_the_receipt_field_is_a_wrong_receipt_and_costs_one_check(
    channel: SpeakUpChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    real = receipt.matches

    def counted(stored: str | None, typed: str) -> bool:
        checks.append(typed)
        return real(stored, typed)

    monkeypatch.setattr(receipt, "matches", counted)
    baseline = _answer(receipt.new_receipt())
    huge = "ABCD-" * 200_000  # 1 MB
    assert _answer(huge) == baseline
    assert len(checks) == 2
    assert all(len(typed) <= 80 for typed in checks)  # never hashed at full length


def test_a_receipt_written_with_look_alike_letters_and_wide_digits_still_opens(
    channel: SpeakUpChannel,
) -> None:
    """Someone copying the receipt on a phone set to Russian or Greek, or an East Asian input
    method, types letters and digits that look the same but are other characters."""
    made = services.submit_report(channel, a_report())
    look_alike = str.maketrans(
        {
            "A": "\u0410",  # Cyrillic
            "B": "\u0412",  # Cyrillic
            "E": "\u0415",  # Cyrillic
            "K": "\u041a",  # Cyrillic
            "M": "\u041c",  # Cyrillic
            "H": "\u041d",  # Cyrillic
            "P": "\u0420",  # Cyrillic
            "C": "\u0421",  # Cyrillic
            "T": "\u0422",  # Cyrillic
            "X": "\u0425",  # Cyrillic
            "Z": "\u0396",  # Greek
            "N": "\u039d",  # Greek
        }
        | {str(d): chr(0xFF10 + d) for d in range(2, 10)}  # full-width digits
    )
    disguised = made.receipt.translate(look_alike)
    assert services.find_report(channel, disguised) == made.report
    assert services.find_report(channel, disguised.lower()) == made.report
    assert services.find_report(channel, f"  {made.receipt.replace('-', ' ')}  ") == made.report


def test_look_alikes_never_widen_what_a_receipt_matches(channel: SpeakUpChannel) -> None:
    """Forgiving look-alikes maps them onto the receipt's own characters; characters the
    alphabet leaves out on purpose (0, O, 1, I, L) are still not read as others."""
    for typed in ("0" * 20, "O" * 20, "1" * 20, "I" * 20, "L" * 20, "\u039f" * 20):
        assert receipt.normalised(typed) is None, typed


# --- The session a receipt opens -----------------------------------------------------------


def _open_with(client: Client, written: str) -> None:
    response = client.post(FOLLOW_UP, {"receipt": written})
    assert response.status_code == 303


def test_a_session_set_before_the_receipt_is_typed_is_never_reused(
    client: Client, channel: SpeakUpChannel
) -> None:
    made = services.submit_report(channel, a_report())
    # An attacker plants a session id in the reporter's browser (fixation).
    planted = client.session
    planted["planted"] = "by someone else"
    planted.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    _open_with(client, made.receipt)
    now = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert now and now != planted.session_key
    assert "planted" not in client.session
    # The planted id opens nothing.
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get(CONVERSATION).status_code == 303


def test_a_receipt_session_reaches_its_one_report_only(
    client: Client, channel: SpeakUpChannel, lead: User
) -> None:
    mine = services.submit_report(channel, a_report())
    theirs = services.submit_report(channel, a_report())
    services.post_message(theirs.report, "A question only for the other reporter", by=lead)
    _open_with(client, mine.receipt)
    # The session is stored on the server; the browser holds only its key. Nothing in the
    # address or the form names a report, so there is no id to change.
    html = client.get(CONVERSATION).content.decode()
    assert str(mine.report.pk) not in html and str(theirs.report.pk) not in html
    for url in (
        f"{CONVERSATION}?report={theirs.report.pk}",
        f"/speak-up/glan-mor/follow-up/report/{theirs.report.pk}/",
    ):
        response = client.get(url)
        assert b"A question only for the other reporter" not in response.content
    client.post(CONVERSATION, {"text": "mine", "report": str(theirs.report.pk)})
    assert [m.text for m in services.messages_for(theirs.report)] == [
        "A question only for the other reporter"
    ]
    assert [m.text for m in services.messages_for(mine.report)] == ["mine"]


def test_typing_another_receipt_replaces_the_session_instead_of_adding_to_it(
    client: Client, channel: SpeakUpChannel
) -> None:
    first = services.submit_report(channel, a_report())
    second = services.submit_report(channel, a_report())
    _open_with(client, first.receipt)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    _open_with(client, second.receipt)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != key
    client.post(CONVERSATION, {"text": "for the second"})
    assert services.messages_for(first.report) == []
    assert [m.text for m in services.messages_for(second.report)] == ["for the second"]


def test_finishing_ends_the_session_on_the_server_too(
    client: Client, channel: SpeakUpChannel
) -> None:
    made = services.submit_report(channel, a_report())
    _open_with(client, made.receipt)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/speak-up/glan-mor/leave/")
    # Someone who copied the cookie before the reporter finished gets nothing with it.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = key
    assert thief.get(CONVERSATION).status_code == 303


def test_the_session_cookie_dies_with_the_browser_and_is_not_readable_by_scripts(
    client: Client, channel: SpeakUpChannel
) -> None:
    made = services.submit_report(channel, a_report())
    response = client.post(FOLLOW_UP, {"receipt": made.receipt})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_receipt_check_floor_holds_for_a_malformed_receipt_too(
    channel: SpeakUpChannel, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NODDFA_SPEAKUP_RECEIPT_FLOOR_SECONDS = 1.0  # type: ignore[attr-defined]
    slept: list[float] = []
    monkeypatch.setattr(views.time, "sleep", slept.append)
    for typed in ("", "x", "A" * 5000):
        Client().post(FOLLOW_UP, {"receipt": typed})
    assert len(slept) == 3 and all(0 < pause <= 1.0 for pause in slept)


def test_the_conversation_escapes_what_the_organisation_and_the_reporter_wrote(
    client: Client, channel: SpeakUpChannel, lead: User
) -> None:
    made = services.submit_report(channel, a_report())
    services.post_message(made.report, '<script>alert("lead")</script>', by=lead)
    _open_with(client, made.receipt)
    client.post(CONVERSATION, {"text": '<a href="javascript:alert(1)">click</a>\n=HYPERLINK("x")'})
    html = client.get(CONVERSATION).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html and "&lt;a href=&quot;javascript:" in html
    assert not re.search(r"<a[^>]+javascript:", html)


def test_the_last_group_typed_back_with_look_alikes_is_accepted(
    client: Client, channel: SpeakUpChannel
) -> None:
    html = client.get("/speak-up/glan-mor/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert client.post("/speak-up/glan-mor/", {"what": "x", "token": token}).status_code == 303
    page = client.get("/speak-up/glan-mor/receipt/").content.decode()
    written = re.search(r"data-noddfa-receipt>([A-Z0-9-]+)<", page).group(1)  # type: ignore[union-attr]
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in written[-4:])  # full-width forms
    response = client.post("/speak-up/glan-mor/receipt/", {"last_group": f" {wide} "})
    assert response.status_code == 303 and response["Location"].endswith("/done/")


def test_a_message_sent_twice_by_a_double_click_is_one_message(
    client: Client, channel: SpeakUpChannel
) -> None:
    made = services.submit_report(channel, a_report())
    _open_with(client, made.receipt)
    for _ in range(2):
        response = client.post(CONVERSATION, {"text": "They left at 6 in the white van"})
        assert response.status_code == 303
    client.post(CONVERSATION, {"text": "And came back at 9"})
    texts = [m.text for m in services.messages_for(made.report)]
    assert texts == ["They left at 6 in the white van", "And came back at 9"]


def test_the_same_words_later_are_a_new_message(channel: SpeakUpChannel) -> None:
    made = services.submit_report(channel, a_report())
    earlier = timezone.now() - services.DOUBLE_SEND - timedelta(seconds=1)
    services.post_message(made.report, "Yes", now=earlier)
    services.post_message(made.report, "Yes")
    assert [m.text for m in services.messages_for(made.report)] == ["Yes", "Yes"]


def test_sending_a_report_never_reuses_a_session_set_before(
    client: Client, channel: SpeakUpChannel
) -> None:
    planted = client.session
    planted["planted"] = "by someone else"
    planted.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    html = client.get("/speak-up/glan-mor/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert client.post("/speak-up/glan-mor/", {"what": "x", "token": token}).status_code == 303
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get("/speak-up/glan-mor/receipt/").status_code == 303
    assert attacker.get("/speak-up/glan-mor/receipt.txt").status_code == 404


def test_receipt_checks_beyond_the_servers_share_are_turned_away_at_once(
    channel: SpeakUpChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each check holds a server worker for a second. With as many checks running as allowed
    (one, site-wide, unless set), another is told to wait at once, is not checked, and holds
    no worker: many follow-up posts cannot take the site from practitioners."""
    made = services.submit_report(channel, a_report())
    checked: list[str] = []
    real_find = services.find_report
    monkeypatch.setattr(
        services, "find_report", lambda c, typed: checked.append(typed) or real_find(c, typed)
    )
    monkeypatch.setattr(views.time, "sleep", lambda pause: None)
    with services.receipt_check_slot():  # a check in another worker, still running
        turned_away = Client().post(FOLLOW_UP, {"receipt": made.receipt})
    assert turned_away.status_code == 503 and turned_away["Retry-After"] == "30"
    assert "has not been checked" in turned_away.content.decode()
    assert checked == []
    assert not turned_away.cookies
    # The slot is free again once that check ends, and after each check this one makes.
    for _ in range(2):
        opened = Client().post(FOLLOW_UP, {"receipt": made.receipt})
        assert opened.status_code == 303 and opened["Location"].endswith("/follow-up/report/")
    assert len(checked) == 2


def test_a_check_that_fails_frees_its_place(channel: SpeakUpChannel) -> None:
    with pytest.raises(RuntimeError), services.receipt_check_slot():
        raise RuntimeError("the database went away mid-check")
    with services.receipt_check_slot():
        pass


def test_the_busy_answer_reads_in_welsh(channel: SpeakUpChannel) -> None:
    with services.receipt_check_slot():
        page = Client().post("/speak-up/cy/glan-mor/follow-up/", {"receipt": "anything"})
    html = page.content.decode()
    assert page.status_code == 503 and '<html lang="cy"' in html
    assert (
        "nid yw eich un chi wedi'i gwirio" in html
        or "nid yw eich un chi wedi&#x27;i gwirio" in html
    )
