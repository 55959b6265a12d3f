"""Training pages in Chromium, in English and Welsh, under axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_organisation_admin_sees_who_is_trained_and_what_is_expiring(page: Page) -> None:
    sign_in(page, demo_email("police", "organisation_admin"))
    page.get_by_role("link", name="Training", exact=True).click()
    assert_accessible(page)
    page.goto("/training/organisation/")
    expect(page.locator("main")).to_contain_text("Dafydd Rees")
    expect(page.locator("main")).to_contain_text("Annual modern slavery refresher (demo)")
    assert_accessible(page)
    page.goto("/training/record/")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/training/courses/")
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)


def test_a_practitioner_sees_only_their_own_training(page: Page) -> None:
    sign_in(page, demo_email("police", "practitioner"))
    page.goto("/training/")
    expect(page.locator("main")).not_to_contain_text("Helen Bowen")
    assert_accessible(page)
    response = page.goto("/training/organisation/")
    assert response is not None and response.status == 403
