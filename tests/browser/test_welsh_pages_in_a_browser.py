"""Welsh left on Welsh pages (issue 19), in Chromium with axe-core, on a 360 px phone and on a
desktop: the law's reasons in Welsh with each document by its own title, open questions in
words, helplines by their Welsh names or marked English, and how long ago in Welsh."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _welsh(page: Page) -> None:
    page.goto("/language/cy/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")


def _on_a_phone_and_a_desktop(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 360 px"
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    page.reload()
    assert_accessible(page)


def test_how_noddfa_decides_gives_the_law_and_the_questions_in_welsh(page: Page) -> None:
    _welsh(page)
    page.goto("/how-noddfa-decides/?ruleset=wales-2026.2")
    basis = page.locator("p[lang=cy]", has_text="Deddf Gwasanaethau Cymdeithasol a Llesiant")
    expect(basis.first).to_be_visible()
    # The document keeps its title, marked English; its part is in Welsh.
    expect(page.locator("cite[lang=en]").first).to_be_visible()
    expect(page.get_by_text("A oes gan yr oedolyn anghenion gofal a chymorth?")).to_be_visible()
    expect(page.get_by_text("adult.care_and_support_needs")).to_have_count(0)
    _on_a_phone_and_a_desktop(page)


def test_a_lead_reads_the_review_queue_and_a_concern_in_welsh(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    _welsh(page)
    page.goto("/concerns/review/")
    ago = page.locator("main table").first.inner_text()
    assert "yn ôl" in ago and not re.search(r"\b(minutes?|hours?|days?|weeks?)\b", ago), ago
    _on_a_phone_and_a_desktop(page)
    page.locator("main table a[href^='/concerns/']").first.click()
    main = page.locator("main")
    expect(main).to_be_visible()
    # "Ffoniwch 999" is Welsh; "Ffoniwch Yr heddlu" or "Ffoniwch The Salvation Army" glued a
    # Welsh verb onto a service's name (a concern in danger shows the first, rightly).
    glued = re.search(r"Ffoniwch (?!999\b)[A-Z]", main.inner_text())
    assert glued is None, glued
    legal = page.locator("details", has_text="Sail gyfreithiol a ffynhonnell").first
    legal.locator("summary").click()
    expect(legal.locator("p[lang=cy]")).to_be_visible()
    _on_a_phone_and_a_desktop(page)


def test_the_directory_names_each_service_in_its_own_language(page: Page) -> None:
    sign_in(page, demo_email("health", "practitioner"))
    _welsh(page)
    page.goto("/directory/")
    expect(
        page.get_by_role("link", name=re.compile("^Byddin yr Iachawdwriaeth"))
    ).to_have_attribute("lang", "cy")
    expect(
        page.get_by_role("link", name="Gangmasters and Labour Abuse Authority (GLAA)")
    ).to_have_attribute("lang", "en")
    _on_a_phone_and_a_desktop(page)
    page.goto("/help/cy/other-countries/")
    expect(page.get_by_text("Llinell gymorth genedlaethol i blant.").first).to_be_visible()
    _on_a_phone_and_a_desktop(page)
