"""The loop across organisations in Chromium (issue 18): a school sends a report of a child
at risk to Cardiff Children's Services through Noddfa, the council acknowledges it and
records its decision from its inbox, and the school reads both; and a school hands an NRM
referral to the police. axe-core checks every page reached."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

COUNCIL = "Cardiff Children's Services (demo)"
POLICE = "Heddlu Glannau Taf (demo)"


def _path(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def _record_concern(page: Page, where: str) -> str:
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Search by name").fill("Evans")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Jac Evans").click()
    page.get_by_role("link", name="Record a concern about this person").click()
    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("When did you see or hear this?").fill("2026-11-25T15:20")
    page.get_by_label("Where?").fill(where)
    page.get_by_label("What did you see and hear?").fill(
        "Picked up after school by a man in a different car each day; new phone and cash."
    )
    page.get_by_text("Recruited, offered work or a place to stay").click()
    page.get_by_text("Criminal exploitation", exact=True).click()
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("heading", name="Referrals")).to_be_visible()
    return _path(page)


def _in_welsh_too(page: Page) -> None:
    """The page passes axe in Welsh as well; the reader goes back to English."""
    path = _path(page)
    page.goto(f"/language/cy/?next={path}")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)
    page.goto(f"/language/en/?next={path}")


def _answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_school_sends_a_report_and_the_council_acknowledges_and_decides(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    concern = _record_concern(page, "Bus stop outside the school")
    page.get_by_role("button", name="Prepare: Report of a child at risk").click()
    _answer(
        page, "Were the parents or carers told about this report and asked for their views?", "Yes"
    )
    _answer(page, "Was the child told about this report and asked for their views?", "Yes")
    page.get_by_label("Receiving body").select_option(label=COUNCIL)
    assert_accessible(page)
    page.get_by_role("button", name="Save and mark ready").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("marked ready")
    report = _path(page)
    assert_accessible(page)
    page.get_by_role("button", name="Send through Noddfa").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(COUNCIL)
    expect(page.locator("#acknowledged")).to_contain_text("Not yet")
    assert_accessible(page)
    reference = page.locator(".govuk-caption-l").first.inner_text().split()[-1]

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, demo_email("children", "la_safeguarding_team"))
    expect(page.locator("#inbox")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Inbox", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link", name="Report of a child at risk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report of a child at risk")
    expect(page.locator("#answers")).to_contain_text("Jac Evans")
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge it").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Acknowledged")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the decision")
    assert_accessible(page)
    page.get_by_label("Strategy discussion or meeting").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("decision is recorded")
    expect(page.locator("#decision")).to_contain_text("Strategy discussion or meeting")
    assert_accessible(page)
    _in_welsh_too(page)
    expect(page.locator("#decision")).to_contain_text("Strategy discussion or meeting")
    page.goto("/referrals/inbox/")
    _in_welsh_too(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.goto(report)
    expect(page.locator("#acknowledged")).to_contain_text("Catrin Lloyd")
    expect(page.locator("#decision")).to_contain_text("Strategy discussion or meeting")
    assert_accessible(page)
    _in_welsh_too(page)
    page.goto(concern)
    expect(page.locator("#referrals + ul")).to_contain_text("Accepted")
    assert_accessible(page)


def test_school_hands_an_nrm_referral_to_the_police(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    _record_concern(page, "Train station car park")
    page.get_by_role("button", name="Prepare: National Referral Mechanism referral (child)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand over to a first responder")
    assert_accessible(page)
    _in_welsh_too(page)
    page.get_by_label(POLICE).check()
    page.get_by_role("button", name="Prepare the hand-over").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Jac Evans")
    page.get_by_role("button", name="Save and mark ready").click()
    hand_over = _path(page)
    page.get_by_role("button", name="Send through Noddfa").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(POLICE)
    reference = page.locator(".govuk-caption-l").first.inner_text().split()[-1]

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, demo_email("police", "practitioner"))
    page.get_by_role("link", name="Inbox", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "National Referral Mechanism referral (child)"
    )
    expect(page.get_by_label("Name", exact=True)).to_have_value("Jac Evans")
    assert_accessible(page)
    # The police complete what only they know, submit the NRM through the official channel
    # and record its reference.
    page.locator("#id_referrer_role").fill("Detective constable, exploitation team")
    page.locator("#id_referrer_phone").fill("029 2022 2111")
    page.locator("#id_la_contact").fill("Cardiff Children's Services duty team, by telephone")
    page.locator("#id_exploitation_periods").fill("Autumn term 2026, after school")
    # Where the exploitation happened is theirs to say: the place the school noticed it is not.
    page.locator("#id_places").fill("Cardiff city centre")
    page.get_by_role("button", name="Save and mark ready").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("marked ready")
    page.get_by_label("Reference given by the receiving body").fill("NRM-2026-0042")
    submitted = (datetime.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("When it was submitted").fill(submitted)
    page.get_by_role("button", name="Record the submission").click()
    expect(page.get_by_role("alert", name="Success")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.goto(hand_over)
    expect(page.locator("#acknowledged")).to_contain_text("Dafydd Rees")
    expect(page.locator("main")).to_contain_text("The first responder submitted the NRM referral")
    expect(page.locator("main")).to_contain_text("NRM-2026-0042")
    assert_accessible(page)
    _in_welsh_too(page)
