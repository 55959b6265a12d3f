"""A practitioner turns one concern into every referral it needs, without retyping a fact,
and a police officer makes an anonymous Duty to Notify; axe-core checks every referral page
in English and in Welsh."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _in_welsh_too(page: Page, path: str) -> None:
    """The page at `path` passes axe in English and in Welsh; the reader ends in English."""
    page.goto(path)
    assert_accessible(page)
    page.goto(f"/language/cy/?next={path}")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)
    page.goto(f"/language/en/?next={path}")


def _path(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def _record_county_lines_concern(page: Page) -> str:
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Search by name").fill("Evans")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Jac Evans").click()
    page.get_by_role("link", name="Record a concern about this person").click()
    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("When did you see or hear this?").fill("2026-11-24T15:20")
    page.get_by_label("Where?").fill("Bus station after school")
    page.get_by_label("What did you see and hear?").fill(
        "Older boys gave him a bag and a phone; he said he owes them for a debt."
    )
    page.get_by_text("Recruited, offered work or a place to stay").click()
    page.get_by_text("Criminal exploitation", exact=True).click()
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("heading", name="Referrals")).to_be_visible()
    return _path(page)


def _answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _tell_the_family(page: Page) -> None:
    """What the record cannot know about a report of a child at risk (WSP children C3)."""
    _answer(
        page, "Were the parents or carers told about this report and asked for their views?", "No"
    )
    page.get_by_label("Why the parents or carers were not told or asked").fill(
        "The older boys may be family friends: telling could put him at risk."
    )
    _answer(page, "Was the child told about this report and asked for their views?", "Yes")


def _prepare(
    page: Page, concern: str, kind: str, typed: Callable[[Page], None] | None = None
) -> str:
    """Prepare one referral from the concern: everything the record holds is filled in, and
    only what no record can know is typed."""
    page.goto(concern)
    page.get_by_role("button", name=f"Prepare: {kind}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(kind)
    expect(page.get_by_label("Name", exact=True)).to_have_value("Jac Evans")
    edit = _path(page)
    if typed is not None:
        typed(page)
    page.get_by_role("button", name="Save and mark ready").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("marked ready")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Ready to submit")
    return edit


def test_a_15_year_old_recruited_for_county_lines_gets_three_referrals(page: Page) -> None:
    sign_in(page, demo_email("school", "practitioner"))
    concern = _record_county_lines_concern(page)

    report_edit = _prepare(page, concern, "Report of a child at risk", _tell_the_family)
    report = _path(page)
    expect(page.get_by_text("Older boys gave him a bag")).to_be_visible()

    # The submission form names what is missing in its error summary.
    page.get_by_role("button", name="Record the submission").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reference given by the receiving body"
    )
    submission_errors = _path(page)
    assert_accessible(page)
    page.get_by_label("Reference given by the receiving body").fill("CCS-2026-1187")
    page.get_by_label("When it was submitted").fill("2026-11-24T16:05")
    page.get_by_label("By telephone").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("submission is recorded")
    expect(page.locator("table").last).to_contain_text("CCS-2026-1187")
    # A report made by telephone is confirmed in writing within 24 hours (WSP children C3).
    expect(page.locator("#deadlines")).to_contain_text("Confirm the report in writing")
    expect(page.locator("#deadlines")).to_contain_text("Wales Safeguarding Procedures")
    assert_accessible(page)
    page.get_by_label("By secure email").check()
    page.get_by_label("When it was confirmed").fill("2026-11-24T17:00")
    page.get_by_role("button", name="Record the written confirmation").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("written confirmation")
    expect(page.locator("#deadlines")).not_to_contain_text("Confirm the report in writing")

    # A school is not a first responder: it is offered the hand-over before any NRM form, and
    # prepares what it knows for one outside Noddfa here (issue 18, item 2).
    page.goto(concern)
    page.get_by_role("button", name="Prepare: National Referral Mechanism referral (child)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand over to a first responder")
    page.get_by_label("Not in Noddfa: I will print it and give it to them").check()
    page.get_by_role("button", name="Prepare the hand-over").click()
    nrm_edit = _path(page)
    page.get_by_role("button", name="Save and mark ready").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("marked ready")
    nrm = _path(page)
    expect(page.get_by_text("Older boys gave him a bag")).to_be_visible()
    icta_edit = _prepare(page, concern, "Independent Child Trafficking Guardian referral")
    icta = _path(page)

    page.goto(concern)
    for kind in ("Report of a child at risk", "Hand-over to a first responder for an NRM referral"):
        expect(page.get_by_role("link", name=kind)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Prepare:"))).to_have_count(0)

    for path in (report, report_edit, nrm, nrm_edit, icta, icta_edit, "/referrals/", concern):
        _in_welsh_too(page, path)
    assert submission_errors.endswith("/submitted/")


def test_a_missing_answer_stops_the_referral_being_marked_ready(page: Page) -> None:
    sign_in(page, demo_email("school", "practitioner"))
    concern = _record_county_lines_concern(page)
    page.get_by_role("button", name="Prepare: Report of a child at risk").click()
    page.get_by_label("What was seen and heard").fill("")
    page.get_by_role("button", name="Save and mark ready").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what was seen and heard")
    summary.get_by_role("link", name="Enter what was seen and heard").click()
    expect(page.get_by_label("What was seen and heard")).to_be_focused()
    assert_accessible(page)
    page.goto(f"/language/cy/?next={_path(page)}")
    page.get_by_role("button", name="Cadw a nodi’n barod").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rhowch")
    assert_accessible(page)
    page.goto(f"/language/en/?next={concern}")


def test_a_police_officer_makes_an_anonymous_duty_to_notify(page: Page) -> None:
    sign_in(page, demo_email("police", "practitioner"))
    page.get_by_role("link", name="Record a concern").click()
    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("Given name").fill("Marek")
    page.get_by_label("Family name").fill("Zielony")
    page.get_by_label("Date of birth", exact=True).fill("1986-02-11")
    page.get_by_label("When did you see or hear this?").fill("2026-11-24T07:30")
    page.get_by_label("Where?").fill("Hand car wash")
    page.get_by_label("What did you see and hear?").fill(
        "Works every day for no pay; the manager keeps his passport."
    )
    page.get_by_text("Recruited, offered work or a place to stay").click()
    page.get_by_text("Lied to about the work or the place").click()
    page.get_by_text("Forced labour", exact=True).click()
    consent = page.get_by_role(
        "group", name="Adults only: do they agree to a referral to the National Referral Mechanism?"
    )
    consent.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Record the concern").click()
    concern = _path(page)

    page.get_by_role("link", name="Record their decision about an NRM referral").click()
    consent_page = _path(page)
    _in_welsh_too(page, consent_page)
    page.get_by_label("Who explained the NRM to them?").fill("PC Dafydd Rees")
    page.get_by_label("Which language was it explained in?").fill("Polish")
    page.get_by_label("An interpreter was used").check()
    page.get_by_label("Does not agree to an NRM referral").check()
    page.get_by_label("When they decided").fill("2026-11-24T09:00")
    page.get_by_role("button", name="Record their decision").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("decision is recorded")

    page.get_by_role("button", name="Prepare: Duty to Notify").click()
    edit = _path(page)
    expect(page.get_by_label("Name", exact=True)).to_have_count(0)
    page.get_by_label("Nationality").fill("Polish")
    page.get_by_label("Why there is no NRM referral").fill(
        "Afraid the manager would find out and take it out on his family."
    )
    page.get_by_label("Summary").fill("Adult man working unpaid at a hand car wash; passport held.")
    page.get_by_role("button", name="Save and mark ready").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("marked ready")
    detail = _path(page)
    # The officer's own page says whom it is about; the notice's answers do not.
    answers = page.locator("#answers")
    expect(answers).to_contain_text("passport held")
    expect(answers).not_to_contain_text("Zielony")
    expect(answers).not_to_contain_text("1986")
    for path in (edit, detail, concern):
        _in_welsh_too(page, path)


def test_an_organisation_admin_sets_the_training_gate(page: Page) -> None:
    sign_in(page, demo_email("school", "organisation_admin"))
    page.goto("/referrals/policy/")
    assert_accessible(page)
    page.get_by_label(
        "Only staff with first responder training may mark an NRM referral as submitted"
    ).check()
    page.get_by_role("button", name="Save policy").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("policy is saved")
    _in_welsh_too(page, "/referrals/policy/")
