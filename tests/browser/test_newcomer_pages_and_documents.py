"""What a newcomer met on the staff pages (issue 19), in Chromium with axe-core, in English and
Welsh, on a 360 px phone and on a desktop: tables that fit a phone, pattern alerts that say what
and who, a duplicate pair with enough to decide, a copy for the person that asks first, and a
refusal to edit a sent referral that says what to do instead."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 360 px"


def _welsh(page: Page) -> None:
    page.goto("/language/cy/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")


def _english(page: Page) -> None:
    page.goto("/language/en/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _person_id(page: Page, name: str) -> str:
    page.goto("/people/")
    page.get_by_role("link", name=name).first.click()
    match = re.search(r"/people/([0-9a-f-]{36})/$", page.url)
    assert match, page.url
    return match.group(1)


def _check_everywhere(page: Page, paths: list[str], check: Callable[[Page], None]) -> None:
    """Each page at 360 px and on a desktop, in English and in Welsh, axe-core clean; on the
    phone nothing is wider than the screen."""
    for language in (_english, _welsh):
        language(page)
        for path in paths:
            page.set_viewport_size(PHONE)
            page.goto(path)
            check(page)
            _fits(page)
            assert_accessible(page)
            page.set_viewport_size(DESKTOP)
            page.reload()
            assert_accessible(page)
    _english(page)


def _has_table(page: Page) -> None:
    expect(page.locator("main table").first).to_be_visible()


def test_a_schools_staff_tables_fit_a_phone(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    jac = _person_id(page, "Jac Evans")
    page.goto("/referrals/")
    href = page.locator("main table a[href^='/referrals/']").first.get_attribute("href")
    assert href
    paths = [
        f"/concerns/people/{jac}/chronology/",
        f"/casework/people/{jac}/",
        "/casework/tasks/",
        "/people/",
        "/concerns/review/",
        "/referrals/",
        href,
        "/how-noddfa-decides/",
    ]
    _check_everywhere(page, paths, lambda p: expect(p.locator("main")).to_be_visible())


def test_the_local_authority_teams_tables_fit_a_phone(page: Page) -> None:
    sign_in(page, demo_email("children", "la_safeguarding_team"))
    _check_everywhere(page, ["/people/duplicates/", "/people/"], _has_table)


def test_the_analysts_network_fits_a_phone(page: Page) -> None:
    sign_in(page, demo_email("charity", "partnership_analyst"))
    _check_everywhere(page, ["/casework/network/"], _has_table)


def test_a_pattern_alert_says_what_when_and_who_is_looking(page: Page) -> None:
    sign_in(page, demo_email("children", "la_safeguarding_team"))
    page.goto("/casework/patterns/")
    card = page.locator(".govuk-summary-card").first
    expect(card).to_contain_text("Raised")
    expect(card).to_contain_text("Nobody yet")
    expect(card.get_by_role("link", name=re.compile("Start a strategy discussion"))).to_be_visible()
    card.get_by_role("button", name=re.compile("I am looking at this")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("looking at it")
    assert re.search(r"#alert-[0-9a-f-]{36}$", page.url)
    focused = page.evaluate("document.activeElement.id")
    assert page.url.endswith(focused)
    expect(page.locator(f"#{focused}")).to_contain_text("By you")
    _check_everywhere(
        page, ["/casework/patterns/"], lambda p: expect(p.locator("main")).to_be_visible()
    )
    # The strategy discussion starts as a task named for it.
    page.goto("/casework/patterns/")
    page.get_by_role("link", name=re.compile("Start a strategy discussion")).first.click()
    expect(page.get_by_label("Task")).to_have_value("Strategy discussion about a pattern alert")
    assert_accessible(page)


def test_a_duplicate_pair_shows_enough_to_decide(page: Page) -> None:
    sign_in(page, demo_email("children", "la_safeguarding_team"))
    page.goto("/people/duplicates/")
    page.locator("main table").get_by_role("link", name=re.compile("Check")).first.click()
    compare = page.locator("#compare")
    for row in ("Nationality", "Sex", "Phone numbers", "School or workplace", "Other names"):
        expect(compare).to_contain_text(row)
    expect(page.locator("#reasons li").first).to_be_visible()
    review = page.url.removeprefix(page.url.split("/people/")[0])
    _check_everywhere(page, [review], lambda p: expect(p.locator("#compare")).to_be_visible())


def test_a_copy_for_a_child_asks_first_and_a_sent_referral_says_what_to_do(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.goto("/referrals/")
    page.locator("main").get_by_role(
        "link", name=re.compile("Report of a child at risk")
    ).first.click()
    detail = page.url.removeprefix(page.url.split("/referrals/")[0])
    # A child's copy is not among the downloads; it sits behind a closed section.
    expect(page.get_by_role("link", name="A copy for the person")).to_have_count(0)
    page.get_by_text("A copy for the child").click()
    page.get_by_role("link", name="Check whether a copy is safe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A copy for the person")
    expect(page.locator("#child-default")).to_contain_text("Childline")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether it is safe for them to keep a copy"
    )
    assert_accessible(page)
    page.get_by_label("No, or not sure: someone else may see it").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#no-copy")).to_contain_text("Do not give them a copy")
    assert_accessible(page)
    copy = page.url.removeprefix(page.url.split("/referrals/")[0])
    # The report was sent: changing it is refused with why, and what to do instead.
    page.goto(detail + "edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This referral can no longer be changed"
    )
    expect(page.get_by_role("link", name="Add an addendum to the concern")).to_be_visible()
    edit = detail + "edit/"
    _check_everywhere(
        page, [copy, detail, edit], lambda p: expect(p.locator("main")).to_be_visible()
    )


def test_after_assign_and_review_the_page_opens_at_what_changed(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.goto("/concerns/review/")
    page.locator("main table a[href^='/concerns/']").first.click()
    assign = page.locator("form").filter(
        has=page.get_by_role("button", name=re.compile("^Assign:"))
    )
    form = assign.first
    form.get_by_label("Assign to").select_option(label="Ffion Hughes")
    form.get_by_role("button", name=re.compile("^Assign:")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("assigned")
    assert re.search(r"#action-\d+$", page.url), page.url
    focused = page.evaluate("document.activeElement.id")
    assert page.url.endswith("#" + focused)
    expect(page.locator(f"#{focused}")).to_contain_text("Assigned to Ffion Hughes")
    assert_accessible(page)
    page.get_by_text("Review this concern").click()
    page.get_by_label("High", exact=True).check()
    page.get_by_label("Why this risk level?").fill("Collected by different adults (synthetic).")
    page.get_by_label("Your decision and reasoning").fill(
        "Refer to children's services (synthetic)."
    )
    page.get_by_role("button", name="Save review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("review")
    assert re.search(r"#review-[0-9a-f-]+$", page.url), page.url
    focused = page.evaluate("document.activeElement.id")
    assert page.url.endswith("#" + focused)
    expect(page.locator(f"#{focused}")).to_contain_text("Collected by different adults")
    assert_accessible(page)
