"""Signing in, moving around and switching language in Chromium, with axe-core on every page."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from noddfa.site.demo_data import DEMO_PASSWORD, demo_email

pytestmark = pytest.mark.browser

WCAG_22_A_AA = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
_axe = Axe()


def _axe_violations(page: Page) -> list[dict]:
    # A click that navigates returns before the new document exists; axe run in that gap
    # finds no document. Wait for the page to load, and once more if it was still swapping.
    for attempt in range(2):
        page.wait_for_load_state("load")
        try:
            return list(_axe.run(page).response["violations"])
        except PlaywrightError as error:
            if attempt or "documentElement" not in str(error):
                raise
    raise AssertionError("unreachable")


def assert_accessible(page: Page) -> None:
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} on {page.url}, first: "
        f"{v['nodes'][0]['html'][:200]})"
        for v in _axe_violations(page)
        if WCAG_22_A_AA & set(v["tags"])
    ]
    assert not violations, "\n".join(violations)


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The language a person chose follows them to the next sign-in; tests start in English.
    page.goto("/language/en/?next=/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signed in as")


def screenshot(page: Page, name: str, at: Locator | None = None) -> None:
    """The screen a person sees, scrolled to `at` when given (what the test is about), saved
    as NAME.png when NODDFA_SCREENSHOT_DIR names a folder: for looking at, not asserting."""
    folder = os.environ.get("NODDFA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        if at is not None:
            at.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_sign_in_page_and_its_error_summary_are_accessible(page: Page) -> None:
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_keyboard_user_can_skip_to_content_and_sign_in(page: Page) -> None:
    page.goto("/accounts/sign-in/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.get_by_label("Email address").focus()
    page.keyboard.type(demo_email("school", "practitioner"))
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    # In the language she chose last (another test on this server may have chosen Welsh).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"(Signed in as|Wedi mewngofnodi fel) Ffion Hughes")
    )


def test_practitioner_pages_are_accessible_and_show_only_their_organisation(page: Page) -> None:
    sign_in(page, demo_email("school", "practitioner"))
    assert_accessible(page)
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_role("table")).to_contain_text("Jac Evans")
    expect(page.get_by_role("table")).not_to_contain_text("Hoxha")
    assert_accessible(page)
    page.get_by_role("link", name="Jac Evans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jac Evans")
    expect(page.get_by_text("Synthetic demonstration record")).to_be_visible()
    assert re.search(r"/people/[0-9a-f-]{36}/$", page.url)
    assert "Evans" not in page.url
    assert_accessible(page)


def test_switching_to_welsh_shows_welsh_and_the_choice_sticks(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()
    assert_accessible(page)
    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pobl")
    assert_accessible(page)
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Heb ddod o hyd i’r dudalen")
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_organisation_admin_pages_are_accessible(page: Page) -> None:
    sign_in(page, demo_email("school", "organisation_admin"))
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("table")).to_contain_text("Ffion Hughes")
    assert_accessible(page)
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.get_by_role("table")).to_contain_text("Signed in")
    assert_accessible(page)
    page.get_by_label("From").fill("2026-11-20")
    page.get_by_label("To").fill("2026-11-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end date must be")
    assert_accessible(page)


def test_two_factor_set_up_page_is_accessible(page: Page) -> None:
    sign_in(page, demo_email("police", "practitioner"))
    page.goto("/accounts/two-factor/set-up/")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit code")
    assert_accessible(page)


def test_not_found_and_forbidden_pages_are_accessible(page: Page) -> None:
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    sign_in(page, demo_email("school", "practitioner"))
    response = page.goto("/audit/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("You do not have permission")
    assert_accessible(page)


def test_idle_warning_appears_before_sign_out_and_staying_signed_in_dismisses_it(
    page: Page,
) -> None:
    page.clock.install()
    sign_in(page, demo_email("health", "practitioner"))
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("24:00")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:05")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("You will be signed out in 5 minutes")
    stay = page.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()


def test_how_noddfa_decides_is_readable_and_accessible_in_both_languages(page: Page) -> None:
    page.goto("/how-noddfa-decides/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How Noddfa decides")
    # Each rule is a card headed by its action, most urgent first: calling 999 heads the list.
    first_rule = page.locator(".govuk-summary-card").first
    expect(first_rule.get_by_role("heading", level=3)).to_contain_text("CALL_999")
    expect(page.get_by_role("table", name="Who holds which duty")).to_contain_text(
        "British Transport Police"
    )
    assert_accessible(page)
    page.get_by_role("link", name="england-2026.2").click()
    expect(page.get_by_text("england-2026.2", exact=True).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sut mae Noddfa’n penderfynu")
    assert_accessible(page)


def _code_for(setup_key: str) -> str:
    from django_otp.oath import totp

    return f"{totp(base64.b32decode(setup_key.replace(' ', ''))):06d}"


def test_setting_up_an_authenticator_with_the_shown_key_works_and_pages_are_accessible(
    page: Page,
) -> None:
    sign_in(page, demo_email("adults", "la_safeguarding_team"))
    page.goto("/accounts/two-factor/set-up/")
    key = page.locator(".noddfa-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code_for(key))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        "Two-factor authentication is set up"
    )
    page.goto("/accounts/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)


def test_locked_out_page_is_accessible(page: Page) -> None:
    for _ in range(5):
        page.goto("/accounts/sign-in/")
        page.get_by_label("Email address").fill("nobody.here@demo.noddfa.example")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked for now")
    assert_accessible(page)
