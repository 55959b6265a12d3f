"""Issue 22 in a browser: the lists a lead and a council team open first (home, the review
queue, referrals and their deadlines, people, the team's tasks) with their bounds and pages
pass axe-core in English and Welsh; home offers "Record a concern" to a practitioner, reached
by keyboard, and its title is only its name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LISTS = ["/", "/concerns/review/", "/referrals/", "/referrals/deadlines/", "/people/"]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_leads_lists_are_accessible_in_english_and_welsh(page: Page, language: str) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.goto(f"/language/{language}/?next=/")
    for url in [*LISTS, "/casework/tasks/team/"]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto("/referrals/deadlines/")
    heading = "Referral deadlines" if language == "en" else "Terfynau amser atgyfeiriadau"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_home_offers_a_practitioner_record_a_concern_by_keyboard(page: Page) -> None:
    sign_in(page, demo_email("school", "practitioner"))
    assert page.title() == "Home \u2013 Noddfa"
    button = page.get_by_role("button", name="Record a concern")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/concerns/(new|drafts/[0-9a-f-]+)/$"))
