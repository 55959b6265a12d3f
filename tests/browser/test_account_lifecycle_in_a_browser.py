"""An organisation admin's account pages in Chromium, in English and Welsh, at a phone's
width and on a desktop, under axe-core (issue 17, item 3): inviting a member (with the error
summary first), the confirmation pages of a reset and a deactivation, and the password page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
def test_an_admin_invites_a_member_and_reaches_each_confirmation_by_keyboard(
    page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, demo_email("school", "organisation_admin"))
    page.goto("/accounts/users/")
    page.get_by_role("link", name="Invite a member").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Invite")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(f"New.Teacher.{width}@Demo.Noddfa.Example")
    page.get_by_label("Full name").fill("Nia Roberts")
    page.get_by_label("Practitioner", exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "invitation is sent"
    )
    row = page.get_by_role("row").filter(has_text=f"new.teacher.{width}@demo.noddfa.example")
    expect(row).to_contain_text("Invited")
    assert_accessible(page)
    # The confirmation pages; nothing is submitted, so the demo accounts stay as they are.
    page.get_by_role("link", name="Reset two-factor authentication Ffion Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset two-factor authentication")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Deactivate Ffion Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deactivate account")
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)


def test_the_password_page_explains_a_mismatch_in_both_languages(page: Page) -> None:
    sign_in(page, demo_email("health", "practitioner"))
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    page.get_by_label("Your current password").fill("not the password")
    page.get_by_label("New password", exact=True).fill("a long new password 4 testing")
    page.get_by_label("Type the new password again").fill("a different long password 5")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)
