"""The local authority contacts: entered by the organisation admin, shown to practitioners beside
a report of a child at risk, in English and Welsh, under axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_organisation_admin_keeps_the_local_authority_contacts(page: Page) -> None:
    sign_in(page, demo_email("police", "organisation_admin"))
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="Local authority contacts").click()
    expect(page.get_by_label("Out-of-hours emergency duty team telephone")).to_have_value(
        "029 2018 0103"
    )
    assert_accessible(page)
    page.get_by_label("Out-of-hours emergency duty team telephone").fill("")
    page.get_by_role("button", name="Save contacts").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Enter the telephone number for the out-of-hours emergency duty team"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cysylltiadau’r awdurdod lleol")
    assert_accessible(page)


def test_a_lead_sees_whom_to_call_beside_the_report_of_a_child_at_risk(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.goto("/concerns/review/")
    page.locator("main table a.govuk-link").first.click()
    contacts = page.locator('[data-report-contacts="children"]')
    expect(contacts).to_contain_text("children’s services")
    expect(contacts.get_by_role("link", name="029 2018 0101")).to_have_attribute(
        "href", "tel:+442920180101"
    )
    expect(contacts).to_contain_text("Synthetic demo contacts")
    assert_accessible(page)
