"""Practitioner, safeguarding lead and local authority officer at work in Chromium,
in English and Welsh, with axe-core on every page they reach."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from noddfa.site.demo_data import demo_email

from .test_pages_in_a_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _open_person(page: Page, name: str) -> None:
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Search by name").fill(name.split()[-1])
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_practitioner_records_a_concern_and_gets_the_pathway_checklist(page: Page) -> None:
    sign_in(page, demo_email("school", "practitioner"))
    _open_person(page, "Jac Evans")
    assert_accessible(page)
    page.get_by_role("link", name="Record a concern about this person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is anyone in immediate danger?")
    assert_accessible(page)
    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say whether anyone is in immediate danger"
    )
    assert_accessible(page)

    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("When did you see or hear this?").fill("2026-11-24T08:40")
    page.get_by_label("Where?").fill("School gate")
    page.get_by_label("What did you see and hear?").fill(
        "Collected by a different adult each day; carries two new phones."
    )
    page.get_by_text("Recruited, offered work or a place to stay").click()
    page.get_by_text("Criminal exploitation", exact=True).click()
    page.get_by_role("button", name="Record the concern").click()

    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.locator(".noddfa-checklist")).to_contain_text("Report a child at risk")
    expect(page.locator(".noddfa-checklist")).to_contain_text("National Referral Mechanism")
    assert re.search(r"/concerns/[0-9a-f-]{36}/$", page.url)
    assert_accessible(page)


def test_saying_someone_is_in_danger_shows_call_999_at_once(page: Page) -> None:
    sign_in(page, demo_email("health", "practitioner"))
    page.get_by_role("link", name="Record a concern").click()
    panel = page.get_by_role("region", name="Call 999 now")
    expect(panel).to_be_hidden()
    page.get_by_label("Yes", exact=True).first.check()
    expect(panel).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What did you see and hear?").fill("Still typing after the call")
    expect(page.get_by_label("What did you see and hear?")).to_be_editable()


def test_a_half_written_concern_is_saved_as_it_is_typed(page: Page) -> None:
    sign_in(page, demo_email("police", "practitioner"))
    page.get_by_role("link", name="Record a concern").click()
    draft_url = page.url
    page.get_by_label("What did you see and hear?").fill("Seen at the car wash at 2am")
    expect(page.locator("#autosave-status")).to_have_text("Draft saved", timeout=15_000)
    page.goto("/")
    # Home names a draft by its person (issue 18, item 6): none chosen yet.
    page.get_by_role("link", name="No name yet", exact=True).first.click()
    assert page.url == draft_url
    expect(page.get_by_label("What did you see and hear?")).to_have_value(
        "Seen at the car wash at 2am"
    )
    # And it can be discarded from home, after a confirmation, by keyboard.
    page.goto("/")
    drafts = page.get_by_role("link", name="Discard No name yet")
    before = drafts.count()
    drafts.first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Discard this draft?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Discard the draft").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The draft was discarded.")).to_be_visible()
    expect(page.get_by_role("link", name="Discard No name yet")).to_have_count(before - 1)
    assert_accessible(page)


def test_what_was_typed_before_the_page_script_ran_is_saved_too(page: Page) -> None:
    # On a slow phone someone may type before the form's script has run: no keystroke is
    # heard, yet what they typed must still be saved as a draft.
    sign_in(page, demo_email("police", "practitioner"))
    script = "**/noddfa/concern_form.mjs"
    page.route(script, lambda route: route.abort())
    page.get_by_role("link", name="Record a concern").click()
    page.get_by_label("What did you see and hear?").fill("Typed before the script ran")
    page.unroute(script)
    page.add_script_tag(url="/static/noddfa/concern_form.mjs", type="module")
    expect(page.locator("#autosave-status")).to_have_text("Draft saved", timeout=15_000)
    page.goto("/")
    page.get_by_role("link", name="No name yet", exact=True).first.click()
    expect(page.get_by_label("What did you see and hear?")).to_have_value(
        "Typed before the script ran"
    )


def test_safeguarding_lead_reviews_assigns_and_sees_the_queue(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    page.get_by_role("link", name="Review concerns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns to review")
    assert_accessible(page)
    page.get_by_role("link", name="Van An Nguyen").first.click()
    page.get_by_text("Review this concern").click()
    page.get_by_label("High").check()
    page.get_by_label("Why this risk level?").fill("Signs of debt bondage and night work.")
    page.get_by_label("Your decision and reasoning").fill("Report to children's services today.")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Your review is recorded")
    expect(page.get_by_text("Signs of debt bondage and night work.")).to_be_visible()
    assert_accessible(page)


def test_local_authority_officer_reads_the_shared_chronology_in_welsh(page: Page) -> None:
    sign_in(page, demo_email("children", "la_safeguarding_team"))
    _open_person(page, "Van An Nguyen")
    expect(page.get_by_text("Ysgol Uwchradd Llwyn Onn (demo)").first).to_be_visible()
    page.get_by_role("link", name="See the full chronology").click()
    expect(page.get_by_role("table")).to_contain_text("SYNTHETIC DEMO RECORD")
    assert_accessible(page)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)
    page.get_by_role("link", name="Pobl").click()
    assert_accessible(page)


def _png(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "passport-photo.png"
    Image.new("RGB", (8, 8), "white").save(path)
    return path


def test_practitioner_marks_an_injury_and_attaches_a_photo_of_a_document(
    page: Page, tmp_path: Path
) -> None:
    sign_in(page, demo_email("charity", "practitioner"))
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Blessing Okafor").click()
    page.get_by_role("link", name="Record a concern about this person").click()
    page.get_by_label("Not known", exact=True).first.check()
    page.get_by_label("When did you see or hear this?").fill("2026-11-23T19:00")
    page.get_by_label("Where?").fill("Drop-in centre")
    page.get_by_label("What did you see and hear?").fill(
        "Bruising on the left arm; says her passport is kept by her employer."
    )
    # The body map is folded until it is needed (issue 19: the form shows what applies).
    page.get_by_text("Mark any injuries you saw on a body map").click()
    page.get_by_role("checkbox", name="Left arm").check()
    page.get_by_label("What you saw: Left arm").fill("Finger-shaped bruises")
    assert_accessible(page)
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_text("Finger-shaped bruises")).to_be_visible()

    page.get_by_text("Attach a file").click()
    page.get_by_label("What the file is").fill("Photo of the work contract")
    page.get_by_label("Upload a file").set_input_files(_png(tmp_path))
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("table", name="Files attached to this concern")).to_contain_text(
        "Photo of the work contract"
    )
    assert "passport-photo" not in page.content()
    assert_accessible(page)


def test_safeguarding_lead_shares_a_record_with_childrens_services(page: Page) -> None:
    sign_in(page, demo_email("school", "safeguarding_lead"))
    _open_person(page, "Jac Evans")
    page.get_by_role("link", name="Share with the local authority safeguarding team").click()
    page.get_by_role("button", name="Share").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who to share with")
    assert_accessible(page)
    page.get_by_label("Local authority safeguarding team").select_option(
        label="Cardiff Children's Services (demo)"
    )
    page.get_by_label("Why do they need to know?").fill("Report of a child at risk made today.")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        "sharing decision is recorded"
    )
    expect(page.get_by_text("Report of a child at risk made today.").first).to_be_visible()
    assert_accessible(page)


def test_recording_and_reviewing_work_in_welsh(page: Page) -> None:
    sign_in(page, demo_email("health", "safeguarding_lead"))
    page.get_by_role("link", name="Cymraeg").click()
    page.get_by_role("link", name="Cofnodi pryder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A oes unrhyw un mewn perygl uniongyrchol?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Cofnodi’r pryder").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Na", exact=True).first.check()
    page.get_by_label("Enw cyntaf").fill("Ioana")
    page.get_by_label("Pryd gwnaethoch chi weld neu glywed hyn?").fill("2026-11-24T22:10")
    page.get_by_label("Ble?").fill("Adran achosion brys")
    page.get_by_label("Beth gwnaethoch chi ei weld a’i glywed?").fill(
        "Daeth gyda dyn a atebodd bob cwestiwn drosti."
    )
    page.get_by_role("button", name="Cofnodi’r pryder").click()
    expect(page.get_by_role("heading", name="Beth sy’n digwydd nesaf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Adolygu pryderon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pryderon i’w hadolygu")
    assert_accessible(page)


def test_an_adult_withdraws_consent_and_the_nrm_becomes_earlier_advice(page: Page) -> None:
    """A withdrawal turns an adult NRM into a Duty to Notify; the NRM stays on the page as
    earlier advice with when, who and why, in English and Welsh."""
    sign_in(page, demo_email("police", "practitioner"))
    page.get_by_role("link", name="Record a concern").click()
    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("Given name").fill("Tomasz")
    page.get_by_label("Family name").fill("Wiśniewski")
    page.get_by_label("Date of birth", exact=True).fill("1984-05-02")
    page.get_by_label("When did you see or hear this?").fill("2026-11-24T07:30")
    page.get_by_label("Where?").fill("Farm outbuilding")
    page.get_by_label("What did you see and hear?").fill(
        "Picks vegetables for no pay; sleeps in a shed; the gangmaster keeps his passport."
    )
    page.get_by_text("Recruited, offered work or a place to stay").click()
    page.get_by_text("Lied to about the work or the place").click()
    page.get_by_text("Forced labour", exact=True).click()
    consent = page.get_by_role(
        "group", name="Adults only: do they agree to a referral to the National Referral Mechanism?"
    )
    consent.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Record the concern").click()
    checklist = page.locator(".noddfa-checklist")
    expect(checklist).to_contain_text("National Referral Mechanism")
    concern = re.sub(r"^https?://[^/]+", "", page.url)

    page.get_by_role("link", name="Record their decision about an NRM referral").click()
    page.get_by_label("Who explained the NRM to them?").fill("PC Dafydd Rees")
    page.get_by_label("Which language was it explained in?").fill("Polish")
    page.get_by_label("Withdrew their agreement").check()
    page.get_by_label("When they decided").fill("2026-11-24T09:00")
    page.get_by_role("button", name="Record their decision").click()

    page.goto(concern)
    expect(checklist).to_contain_text("Duty to Notify")
    expect(checklist).not_to_contain_text("National Referral Mechanism")
    earlier = page.get_by_role("heading", name="Earlier advice")
    expect(earlier).to_be_visible()
    expect(page.get_by_text("Retracted", exact=True).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "Consent withdrawn: the person withdrew their agreement to an NRM referral"
    )
    assert_accessible(page)
    page.goto(f"/language/cy/?next={concern}")
    expect(page.get_by_role("heading", name="Cyngor cynharach")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Tynnwyd y cydsyniad yn ôl")
    assert_accessible(page)
    page.goto(f"/language/en/?next={concern}")
