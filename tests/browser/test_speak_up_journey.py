"""Speak up safely from both sides, in Chromium on a 360 px phone, with axe on every page
(issue 21): a worker reports without a name, keeps the receipt and downloads the proof; the
health board's safeguarding lead acknowledges and asks a question; the worker answers with the
receipt; the lead records a concern from the report and sees the pathway's actions.

In English and in Welsh with JavaScript, and once in English with JavaScript off (a reporter
on Tor Browser's safest setting, a lead on a locked-down machine). The demo's health board
channel is /speak-up/bae-a-bro/; its recipient is the board's safeguarding lead."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
Check = Callable[[Page], None]
LEAD = demo_email("health", "safeguarding_lead")

# What each language's pages say at the points the journey checks (the test reads the page
# as a person would; these are the words they would look for).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "done": "Done: your report is sent and you have your receipt",
        "inbox": "Speak-up reports",
        "acknowledged": "Acknowledged",
        "next": "What happens next",
        "concern_link": "The concern recorded from this report",
    },
    "cy": {
        "done": "Wedi gorffen: mae eich adroddiad wedi’i anfon ac mae eich derbynneb gennych chi",
        "inbox": "Adroddiadau codi llais",
        "acknowledged": "Wedi’i gydnabod",
        "next": "Beth sy’n digwydd nesaf",
        "concern_link": "Y pryder a gofnodwyd o’r adroddiad hwn",
    },
}


def _context(browser: Browser, noddfa_url: str, *, javascript: bool) -> BrowserContext:
    context = browser.new_context(
        base_url=noddfa_url,
        locale="en-GB",
        viewport=PHONE,
        java_script_enabled=javascript,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    return context


def _not_checked(page: Page) -> None:
    """axe-core is itself a script and never finishes where JavaScript is off; the runs with
    JavaScript check the same server-rendered pages."""


def _submit(page: Page, form: str) -> None:
    page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state("load")


def _report(page: Page, lang: str, marker: str, check: Check) -> tuple[str, str]:
    """Report as a worker would; return the receipt and the downloaded proof's text."""
    base = "/speak-up/cy/bae-a-bro/" if lang == "cy" else "/speak-up/bae-a-bro/"
    page.goto(base)
    check(page)
    page.locator("#id_what").fill(
        f"{marker}: the night cleaners are driven in together and one man keeps their phones."
    )
    page.locator("#id_where").fill("Ward block B, night shift")
    page.locator("#id_when").fill("Every night this month")
    page.locator("#id_people").fill("Four women, and a man who gives the instructions")
    page.locator("#sign-controlled").check()
    page.locator("#sign-debt").check()
    _submit(page, "form[enctype]")

    receipt = page.locator("[data-noddfa-receipt]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){4}", receipt), receipt
    check(page)
    with page.expect_download() as download:
        page.locator('a[href$="proof.txt"]').first.click()
    proof = Path(download.value.path()).read_text(encoding="utf-8")
    assert proof.startswith("Noddfa proof of report")
    assert "bae-a-bro" in proof and marker not in proof and receipt not in proof

    page.locator("#id_last_group").fill(receipt.split("-")[-1].lower())
    _submit(page, "form:has(#id_last_group)")
    expect(page.locator(".govuk-panel__title")).to_have_text(WORDS[lang]["done"])
    check(page)
    return receipt, proof


def _as_lead(page: Page, lang: str) -> None:
    sign_in(page, LEAD)
    page.goto(f"/language/{lang}/?next=/")


def _open_newest_report(page: Page, lang: str, marker: str, check: Check) -> str:
    # The menu offers the inbox (on a phone it may sit behind the menu button).
    expect(page.locator('#navigation a[href="/speak-up-inbox/"]').first).to_be_attached()
    page.goto("/speak-up-inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[lang]["inbox"])
    check(page)
    # The newest report is the one whose 7-day clock ends last (earlier runs' reports are in
    # the same inbox, some now under action and sorted by their 3-month clock).
    rows = page.locator("table.govuk-table tbody tr")
    newest = max(
        range(rows.count()),
        key=lambda i: str(
            rows.nth(i).locator("td").nth(2).locator("time").get_attribute("datetime")
        ),
    )
    rows.nth(newest).locator("a").first.click()
    expect(page.locator("main")).to_contain_text(marker)
    check(page)
    return page.url


@pytest.mark.parametrize(
    ("lang", "javascript"),
    [("en", True), ("cy", True), ("en", False)],
    ids=["english", "welsh", "english-without-javascript"],
)
def test_a_report_becomes_a_conversation_and_then_a_concern_with_its_pathway(
    browser: Browser, noddfa_url: str, lang: str, javascript: bool, request: Any
) -> None:
    marker = f"Speak-up journey {request.node.callspec.id}"
    check: Check = assert_accessible if javascript else _not_checked
    reporter = _context(browser, noddfa_url, javascript=javascript)
    lead = _context(browser, noddfa_url, javascript=javascript)
    try:
        worker = reporter.new_page()
        receipt, _proof = _report(worker, lang, marker, check)

        # The lead acknowledges and asks a question.
        board = lead.new_page()
        _as_lead(board, lang)
        report_url = _open_newest_report(board, lang, marker, check)
        _submit(board, 'form[action$="/acknowledge/"]')
        expect(board.locator(".govuk-summary-list").first).to_contain_text(
            WORDS[lang]["acknowledged"]
        )
        board.locator("#message-text").fill("Do you know where they are taken after the shift?")
        _submit(board, 'form[action$="/message/"]')
        expect(board.locator("#conversation ~ ul")).to_contain_text("after the shift")
        check(board)

        # The worker comes back with the receipt, reads the question and answers.
        worker.goto(("/speak-up/cy/" if lang == "cy" else "/speak-up/") + "bae-a-bro/follow-up/")
        check(worker)
        worker.locator("#id_receipt").fill(receipt)
        _submit(worker, "form:has(#id_receipt)")
        expect(worker.locator("main")).to_contain_text("after the shift")
        check(worker)
        worker.locator("#id_text").fill("A house on Heol Tudor, the one with the grey minibus.")
        _submit(worker, "form[enctype]")
        expect(worker.locator("main")).to_contain_text("Heol Tudor")

        # The lead reads the answer and records a concern from the report.
        board.reload()
        expect(board.locator("#conversation ~ ul")).to_contain_text("Heol Tudor")
        board.locator('a[href$="/concern/"]').click()
        expect(board.locator("main")).to_contain_text(marker)
        check(board)
        _submit(board, "main form[method=post]")
        # The concern form, filled in from the report: what was seen, where, the signs.
        expect(board.locator('textarea[name="account"]')).to_have_value(re.compile(marker))
        expect(board.locator('[name="observed_where"]')).to_have_value("Ward block B, night shift")
        expect(board.locator('input[name="indicators"][value="CTL-22"]')).to_be_checked()
        expect(board.locator('input[name="indicators"][value="CSB-10"]')).to_be_checked()
        board.locator('input[name="immediate_danger"][value="no"]').check()
        board.locator('input[name="person-given_name"]').fill("Unknown cleaner")
        board.locator('input[name="observed_at"]').fill("2026-11-30T23:00")
        board.locator('button[name="submit"]').click()

        # The pathway's actions, as for any concern.
        expect(board.get_by_role("heading", name=WORDS[lang]["next"])).to_be_visible()
        expect(board.locator(".noddfa-checklist")).to_be_visible()
        assert re.search(r"/concerns/[0-9a-f-]{36}/$", board.url)
        check(board)
        concern_url = board.url

        # The report now points to the concern, and stays as it was.
        board.goto(report_url)
        link = board.get_by_role("link", name=WORDS[lang]["concern_link"])
        expect(link).to_have_attribute("href", concern_url.split(noddfa_url)[-1])
        expect(board.locator("main")).to_contain_text(marker)
    finally:
        reporter.close()
        lead.close()
