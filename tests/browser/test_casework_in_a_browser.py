"""A safeguarding lead keeps a child safe from start to close in Chromium, by keyboard where
it matters, with axe-core on every page, in English and Welsh."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
# A demo child with no casework yet (the demo gives Van An Nguyen a plan already).
CHILD = "Jac Evans"


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _open_keeping_safe(page: Page) -> str:
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Search by name").fill("Evans")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=CHILD, exact=True).click()
    page.get_by_role("link", name="Open keeping safe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHILD)
    return page.url


def test_a_safeguarding_lead_runs_a_case_from_plan_to_closure(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    casework = _open_keeping_safe(page)
    assert_accessible(page)

    # The safety plan, from the child template, with an error first.
    page.get_by_role("link", name="Make or review your organisation's safety plan").click()
    expect(page.get_by_label("Phone and internet")).to_contain_text("no phone of their own")
    assert_accessible(page)
    page.get_by_role("button", name="Save the safety plan").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Name the professionals who agreed the plan")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Agreed by").fill("Catrin Lloyd, social worker\nGareth Morgan, lead")
    page.get_by_label("Why this version").fill("First plan after the strategy discussion")
    page.get_by_role("button", name="Save the safety plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety plan, version 1")
    assert_accessible(page)
    page.get_by_role("link", name="Cynllun i ofalwyr i’w argraffu yn Gymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)

    # Missing: the fast form, done from the keyboard.
    page.goto(casework)
    page.get_by_role("link", name="Report them missing now").click()
    assert_accessible(page)
    page.get_by_label("When were they last seen?").fill(_local(datetime.now() - timedelta(hours=1)))
    page.get_by_label("Where were they last seen?").fill("Bus station")
    page.get_by_label("Description and clothing").fill("Grey hoodie, black trainers")
    page.get_by_label("Who they may be with").fill("Driver of a silver car")
    high = page.get_by_label("High: in danger now", exact=False)
    high.focus()
    page.keyboard.press("Space")
    expect(high).to_be_checked()
    page.get_by_role("button", name="Save and see what to do now").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Missing now")
    steps = page.locator("ol.govuk-list--number > li h3")
    expect(steps).to_have_text(["Call the police on 999", "Tell social services now"])
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Record the time.*999")).click()
    page.get_by_role("button", name=re.compile("Record the time.*social services")).click()
    expect(page.locator("main .govuk-tag--green")).to_have_count(2)

    # The return and the return interview.
    page.get_by_role("link", name="Record the return").click()
    assert_accessible(page)
    page.get_by_label("When did they return or were they found?").fill(_local(datetime.now()))
    page.get_by_label("A return interview was offered").check()
    page.get_by_label("The return interview was held").check()
    page.get_by_label("Who held the interview").fill("Independent return worker")
    page.get_by_label("What was learned").fill("Taken to work a night shift")
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returned")
    assert_accessible(page)

    # A task that is already overdue shows first and red.
    page.goto(casework)
    page.get_by_role("link", name="Add a task").click()
    page.get_by_label("Task", exact=True).fill("Strategy meeting with police")
    page.get_by_label("Due", exact=True).fill(_local(datetime.now() - timedelta(days=1)))
    page.get_by_label("Owner").select_option(label="Gareth Morgan")
    page.get_by_role("button", name="Add the task").click()
    page.get_by_role("link", name="Tasks", exact=True).click()
    first_row = page.locator("main tbody tr").first
    expect(first_row).to_contain_text("Strategy meeting with police")
    expect(first_row.locator(".govuk-tag--red")).to_have_text("Overdue")
    assert_accessible(page)
    page.get_by_role("link", name="My team's tasks").click()
    assert_accessible(page)

    # The plan review makes version 2 and keeps version 1.
    page.goto(casework)
    page.get_by_role("link", name="Make or review your organisation's safety plan").click()
    page.get_by_label("Why this version").fill("Reviewed after the missing episode")
    page.get_by_role("button", name="Save the safety plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety plan, version 2")
    expect(page.locator("main table tbody tr")).to_have_count(2)

    # Transition to adulthood, then closure.
    page.goto(casework)
    page.get_by_role("link", name="Make or update the transition plan").click()
    assert_accessible(page)
    page.get_by_label("Adult services taking over").fill("Cardiff adult services, named worker")
    page.get_by_label("Referred; waiting for the reasonable grounds decision").check()
    page.get_by_label("Housing, education, money and support after 18").fill("Supported lodgings")
    page.get_by_role("button", name="Save the transition plan").click()
    expect(page.locator("main")).to_contain_text("Cardiff adult services, named worker")
    page.get_by_role("link", name="Close the case").click()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose an outcome")
    assert_accessible(page)
    page.get_by_label("Moved to adult services").check()
    page.get_by_label("Reason").fill("Adult team has taken over")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator("main .govuk-tag").first).to_have_text("Closed")
    assert_accessible(page)

    # The same case in Welsh, still readable when closed.
    path = urlparse(casework).path
    page.goto(f"/language/cy/?next={path}")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)
    page.goto(f"{path}missing/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/language/en/?next=/")


def test_a_teacher_records_a_child_joining_and_leaving_a_school_by_keyboard(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    casework = _open_keeping_safe(page)
    page.get_by_role("link", name="Record a school registration").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a school registration")
    assert_accessible(page)
    page.get_by_role("button", name="Record the registration").focus()
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of the school")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.get_by_label("School", exact=True).fill("Ysgol Gynradd Glan Taf")
    page.get_by_label("Joined the roll on").fill(
        (datetime.now() - timedelta(days=90)).strftime("%Y-%m-%d")
    )
    page.get_by_role("button", name="Record the registration").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(CHILD)
    row = page.locator("main tr", has_text="Ysgol Gynradd Glan Taf")
    expect(row).to_contain_text("Record the date they left")
    row.get_by_role("link", name=re.compile("Record the date they left")).click()
    assert_accessible(page)
    page.get_by_label("Taken off the roll on").fill(
        (datetime.now() - timedelta(days=10)).strftime("%Y-%m-%d")
    )
    page.get_by_role("button", name="Record the date they left").click()
    expect(page.locator("main tr", has_text="Ysgol Gynradd Glan Taf")).not_to_contain_text(
        "Record the date they left"
    )
    assert_accessible(page)
    page.goto("/language/cy/?next=" + urlparse(casework).path)
    expect(page.get_by_role("heading", name="Ysgolion")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cofnodi cofrestriad ysgol").click()
    assert_accessible(page)
