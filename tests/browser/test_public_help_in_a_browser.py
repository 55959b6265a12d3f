"""The public help pages in Chromium: 320 px wide, axe-core clean, usable without JavaScript,
and a quick exit that works from the keyboard and leaves no way Back."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from .test_pages_in_a_browser import assert_accessible

pytestmark = pytest.mark.browser

PAGES = ["", "report/", "young-people/", "other-countries/"]
ALL_PAGES = [f"/help/{lang}/{page}" for lang in ("en", "cy") for page in PAGES]
EXIT_URL = "https://www.bbc.co.uk/weather"
NARROW = {"width": 320, "height": 640}


def _fake_exit_site(route: Route) -> None:
    route.fulfill(
        status=200,
        content_type="text/html",
        body='<!DOCTYPE html><html lang="en"><title>Weather</title><h1>Weather</h1></html>',
    )


def _no_other_network(route: Route) -> None:
    route.abort()


def _context(browser: Browser, base_url: str, **options: object) -> BrowserContext:
    context = browser.new_context(base_url=base_url, viewport=NARROW, locale="en-GB", **options)  # type: ignore[arg-type]
    # Nothing leaves the machine: the exit target is answered here, anything else refused.
    context.route("**/*", _no_other_network)
    context.route(f"{base_url}/**", lambda route: route.continue_())
    context.route("https://www.bbc.co.uk/**", _fake_exit_site)
    return context


@pytest.fixture
def narrow(browser: Browser, noddfa_url: str) -> Iterator[Page]:
    context = _context(browser, noddfa_url)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def no_script(browser: Browser, noddfa_url: str) -> Iterator[Page]:
    context = _context(browser, noddfa_url, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def _fits_320(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at 320px"


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_fits_320px_and_is_accessible(narrow: Page, url: str) -> None:
    response = narrow.goto(url)
    assert response is not None and response.status == 200
    lang = url.split("/")[2]
    expect(narrow.locator("html")).to_have_attribute("lang", lang)
    expect(narrow.locator("#emergency-heading")).to_be_visible()
    expect(narrow.locator("a[href='tel:999']")).to_be_visible()
    _fits_320(narrow)
    assert_accessible(narrow)
    assert narrow.context.cookies() == []


def test_filtered_other_countries_page_fits_and_is_accessible(narrow: Page) -> None:
    narrow.goto("/help/en/other-countries/")
    narrow.get_by_label("Country").select_option("FR")
    narrow.get_by_role("button", name="Show helplines").click()
    expect(narrow).to_have_url(re.compile(r"/help/en/other-countries/\?country=FR$"))
    expect(narrow.get_by_role("heading", level=2, name="France")).to_be_visible()
    expect(narrow.get_by_role("heading", level=2, name="Ireland")).to_have_count(0)
    _fits_320(narrow)
    assert_accessible(narrow)


@pytest.mark.parametrize("url", ALL_PAGES)
def test_pages_work_without_javascript(no_script: Page, url: str) -> None:
    no_script.goto(url)
    expect(no_script.get_by_role("heading", level=1)).to_be_visible()
    expect(no_script.locator("a[href='tel:999']")).to_be_visible()
    exit_link = no_script.locator("a.noddfa-quick-exit__button")
    expect(exit_link).to_be_visible()
    expect(exit_link).to_have_attribute("href", EXIT_URL)
    _fits_320(no_script)


def test_without_javascript_the_quick_exit_and_the_filter_still_work(no_script: Page) -> None:
    no_script.goto("/help/en/other-countries/")
    no_script.get_by_label("Country").select_option("IE")
    no_script.get_by_role("button", name="Show helplines").click()
    expect(no_script.get_by_role("heading", level=2, name="Ireland")).to_be_visible()
    expect(no_script.get_by_role("heading", level=2, name="France")).to_have_count(0)
    no_script.keyboard.press("Tab")
    expect(no_script.locator("a.noddfa-quick-exit__button")).to_be_focused()
    no_script.keyboard.press("Enter")
    no_script.wait_for_url(EXIT_URL)
    expect(no_script.get_by_role("heading", level=1)).to_have_text("Weather")


def test_quick_exit_is_first_by_keyboard_and_leaves_no_way_back(narrow: Page) -> None:
    narrow.goto("/help/en/")
    narrow.goto("/help/en/report/")
    narrow.keyboard.press("Tab")
    exit_button = narrow.get_by_role("link", name="Exit this page")
    expect(exit_button).to_be_focused()
    expect(exit_button).to_be_visible()
    narrow.keyboard.press("Tab")
    expect(narrow.get_by_role("link", name="Skip to main content")).to_be_focused()
    narrow.keyboard.press("Shift+Tab")
    expect(exit_button).to_be_focused()
    narrow.keyboard.press("Enter")
    narrow.wait_for_url(EXIT_URL)
    expect(narrow.get_by_role("heading", level=1)).to_have_text("Weather")
    # The page left was replaced in the history: Back does not return to it.
    narrow.go_back()
    assert "/help/en/report/" not in narrow.url


@pytest.mark.parametrize("key", ["Escape", "Shift"])
def test_pressing_escape_or_shift_three_times_leaves(narrow: Page, key: str) -> None:
    narrow.goto("/help/cy/young-people/")
    expect(narrow.locator("html")).to_have_attribute("lang", "cy")
    narrow.wait_for_load_state("load")
    narrow.keyboard.press(key)
    narrow.keyboard.press(key)
    assert "/help/cy/young-people/" in narrow.url
    narrow.keyboard.press(key)
    narrow.wait_for_url(EXIT_URL)
    narrow.go_back()
    assert "/help/cy/young-people/" not in narrow.url


def test_two_presses_and_typing_do_not_leave(narrow: Page) -> None:
    narrow.goto("/help/en/")
    narrow.wait_for_load_state("load")
    narrow.keyboard.press("Escape")
    narrow.keyboard.press("Escape")
    narrow.keyboard.press("a")
    narrow.keyboard.press("Escape")
    expect(narrow.get_by_role("heading", level=1)).to_have_text("Get help")
    assert narrow.url.endswith("/help/en/")
