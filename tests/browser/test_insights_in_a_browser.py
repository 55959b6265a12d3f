"""Partnership insights in Chromium, in English and Welsh, under axe-core; keyboard only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from noddfa.accounts.models import Role
from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_an_analyst_reads_the_region_with_charts_and_tables(page: Page) -> None:
    sign_in(page, demo_email("charity", Role.PARTNERSHIP_ANALYST))
    page.get_by_role("link", name="Insights", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership insights")
    assert_accessible(page)
    page.get_by_role("link", name="Concerns recorded").click()
    expect(page.locator("svg[role=img] title").first).to_contain_text("Bar chart")
    expect(page.locator("main table").first).to_be_visible()
    assert_accessible(page)
    page.goto("/insights/concerns/?year=1999")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose one of the years listed")
    assert_accessible(page)
    page.goto("/language/cy/?next=/insights/decisions/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Penderfyniadau’r Mecanwaith Atgyfeirio Cenedlaethol"
    )
    assert_accessible(page)
    page.goto("/language/en/?next=/")


def test_the_filter_works_with_the_keyboard_alone(page: Page) -> None:
    sign_in(page, demo_email("charity", Role.PARTNERSHIP_ANALYST))
    page.goto("/insights/missing/")
    page.get_by_label("Area", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_label("Area", exact=True).press("Tab")
    expect(page.get_by_role("button", name="Show")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]area=[a-z-]+"))
    expect(page.get_by_role("heading", level=2).first).to_contain_text(", ")
    assert_accessible(page)
