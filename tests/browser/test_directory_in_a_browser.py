"""The helplines directory in Chromium, for a practitioner and a system admin, under axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_practitioner_finds_the_helpline_number_in_seconds(page: Page) -> None:
    sign_in(page, demo_email("health", "practitioner"))
    page.get_by_role("link", name="Helplines and services").click()
    expect(page.get_by_label("Search by name, words or number")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Search by name, words or number").fill("modern slavery")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator('a[href="tel:+448000121700"]').first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    assert_accessible(page)


def test_system_admin_pages_for_adding_an_entry_are_accessible(page: Page) -> None:
    sign_in(page, demo_email("system", "system_admin"))
    page.goto("/directory/new/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/directory/modern_slavery_helpline/")
    assert_accessible(page)
