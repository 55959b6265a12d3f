"""Matching in Chromium: suggestions while recording, links, duplicates, alerts, network."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from noddfa.accounts.models import Role
from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_a_practitioner_checking_a_new_person_sees_the_existing_record_and_its_reasons(
    page: Page,
) -> None:
    sign_in(page, demo_email("school", Role.PRACTITIONER))
    page.goto("/concerns/new/")
    page.locator("#id_person-given_name").fill("An")
    page.locator("#id_person-family_name").fill("Nguyễn")
    page.locator("#id_person-date_of_birth").fill("2010-09-02")
    page.get_by_role("button", name="Check for existing records").click()
    table = page.get_by_role("table", name="Records that may be this person")
    expect(table).to_contain_text("Van An Nguyen")
    expect(table).to_contain_text("same date of birth")
    assert_accessible(page)
    table.get_by_role("link", name=re.compile("Record the concern about this person")).click()
    expect(page.locator("main")).to_contain_text("Van An Nguyen")


def test_a_lead_opens_possible_matches_by_keyboard_in_english_and_welsh(page: Page) -> None:
    sign_in(page, demo_email("school", Role.SAFEGUARDING_LEAD))
    page.goto("/people/")
    page.get_by_role("link", name=re.compile("Nguyen")).first.click()
    link = page.get_by_role("link", name="See linked records and possible matches")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Records that may be the same person")
    assert_accessible(page)
    path = page.url.split("//", 1)[1].split("/", 1)[1]
    page.goto(f"/language/cy/?next=/{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cofnodion a allai ddisgrifio’r un person"
    )
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_la_team_pages_for_duplicates_and_patterns_are_accessible(
    page: Page, language: str
) -> None:
    sign_in(page, demo_email("children", Role.LA_SAFEGUARDING_TEAM))
    for path in ("/people/duplicates/", "/casework/patterns/"):
        page.goto(f"/language/{language}/?next={path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_the_analyst_network_page_is_accessible(page: Page) -> None:
    sign_in(page, demo_email("charity", Role.PARTNERSHIP_ANALYST))
    page.get_by_role("link", name="Network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network of shared identifiers")
    assert_accessible(page)
