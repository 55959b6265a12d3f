"""Nothing lost (issue 16, items 1, 2 and 8): two tabs, double clicks, late autosaves,
two leads closing at once and NUL bytes, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Role, User
from noddfa.concerns.models import Closure, Concern, ConcernDraft
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes one writer at a time anyway"
)

_ANSWERS = {
    "immediate_danger": "no",
    "observed_at": "2026-11-24T08:40",
    "observed_where": "School gate",
    "action": ["recruitment"],
    "purpose": ["criminal"],
    "at_risk_of_going_missing": "not_known",
    "missing_now": "no",
}


def _token(page: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f-]{36})"', page)
    assert found, "the concern form carries its form token"
    return found.group(1)


def _open(client: Client, person: Person) -> tuple[str, str]:
    """Open the concern form about a person, as a new tab would: its URL and its token."""
    response = client.get("/concerns/new/", {"person": str(person.pk)})
    assert response.status_code == 302
    url = str(response["Location"])
    return url, _token(client.get(url).content.decode())


def _autosave_url(url: str) -> str:
    return url.rstrip("/") + "/autosave/"


def _child(user: User) -> Person:
    return PersonFactory(organisation=user.organisation, date_of_birth=date(2011, 2, 3))


def _same_browser(client: Client) -> Client:
    """Another connection of the same signed-in browser (a second tab, a second click)."""
    other = Client()
    other.cookies = client.cookies
    return other


# Item 1: two tabs ---------------------------------------------------------------------------


def test_two_tabs_opened_before_autosave_both_record_their_concern(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    first_url, first = _open(browser, child)
    second_url, second = _open(browser, child)
    # Opened before any autosave, both tabs start from the same draft...
    assert first_url == second_url
    assert first != second
    # ...and each autosaves and submits its own account.
    browser.post(_autosave_url(first_url), {"account": "Tab one so far", "form_token": first})
    saved = browser.post(
        _autosave_url(second_url), {"account": "Tab two so far", "form_token": second}
    )
    assert saved.status_code == 200
    forked = saved.json()["draft_url"]
    assert forked != second_url, "the second tab gets a draft of its own"
    done = browser.post(
        second_url, {**_ANSWERS, "account": "Tab two: a man waits outside", "form_token": second}
    )
    assert done.status_code == 302 and "/drafts/" not in done["Location"]
    done = browser.post(
        first_url, {**_ANSWERS, "account": "Tab one: new phones each week", "form_token": first}
    )
    assert done.status_code == 302 and "/drafts/" not in done["Location"]
    accounts = sorted(Concern.objects.filter(subject=child).values_list("account", flat=True))
    assert accounts == ["Tab one: new phones each week", "Tab two: a man waits outside"]
    assert not ConcernDraft.objects.filter(author=practitioner, concern__isnull=True).exists()


def test_two_tabs_that_never_autosaved_both_record_their_concern(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, first = _open(browser, child)
    _url, second = _open(browser, child)
    browser.post(url, {**_ANSWERS, "account": "Second tab", "form_token": second})
    response = browser.post(url, {**_ANSWERS, "account": "First tab", "form_token": first})
    assert response.status_code == 302
    concern = Concern.objects.get(subject=child, account="First tab")
    assert response["Location"] == f"/concerns/{concern.pk}/"
    assert Concern.objects.filter(subject=child).count() == 2


def test_a_submission_whose_draft_is_gone_still_records_what_was_typed(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, token = _open(browser, child)
    ConcernDraft.objects.filter(author=practitioner).delete()
    response = browser.post(
        url, {**_ANSWERS, "account": "Typed after", "form_token": token, "subject": str(child.pk)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Concern.objects.get(subject=child).account == "Typed after"


def test_a_second_tab_on_a_draft_with_a_typed_account_keeps_the_person_it_is_about(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, first = _open(browser, child)
    second = _token(browser.get(url).content.decode())
    browser.post(_autosave_url(url), {"account": "One", "form_token": first})
    forked = browser.post(_autosave_url(url), {"account": "Two", "form_token": second}).json()
    draft = ConcernDraft.objects.get(form_token=second)
    assert forked["draft_url"] == f"/concerns/drafts/{draft.pk}/"
    assert draft.data["subject"] == [str(child.pk)]
    assert draft.data["account"] == ["Two"]
    assert ConcernDraft.objects.get(form_token=first).data["account"] == ["One"]


# Item 2: a double click records the concern once ------------------------------------------


def test_a_double_click_records_the_concern_once_and_shows_it_to_the_second_click(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, token = _open(browser, child)
    posted = {**_ANSWERS, "account": "Clicked twice", "form_token": token}
    first = browser.post(url, posted)
    second = browser.post(url, posted)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Concern.objects.filter(subject=child).count() == 1
    assert "recorded already" in browser.get(second["Location"]).content.decode()


def test_an_autosave_after_the_submission_does_not_bring_the_draft_back(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, token = _open(browser, child)
    browser.post(url, {**_ANSWERS, "account": "Recorded", "form_token": token})
    late = browser.post(_autosave_url(url), {"account": "Recorded", "form_token": token})
    assert late.status_code == 409
    concern = Concern.objects.get(subject=child)
    assert late.json()["recorded"] == f"/concerns/{concern.pk}/"
    assert not ConcernDraft.objects.filter(author=practitioner, concern__isnull=True).exists()
    # Submitting again after the late autosave still shows the first concern, not a second.
    again = browser.post(url, {**_ANSWERS, "account": "Recorded", "form_token": token})
    assert again["Location"] == f"/concerns/{concern.pk}/"
    assert Concern.objects.filter(subject=child).count() == 1
    # Coming back to the draft's address shows the concern it became.
    assert browser.get(url)["Location"] == f"/concerns/{concern.pk}/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_simultaneous_submissions_of_one_form_record_one_concern(
    sign_in: Callable[[User], Client],
) -> None:
    practitioner = UserFactory()
    UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, token = _open(browser, child)
    posted = {**_ANSWERS, "account": "Eight clicks", "form_token": token}
    clicks = 8
    start = threading.Barrier(clicks)
    answers: list[tuple[int, str]] = []
    problems: list[BaseException] = []

    def click() -> None:
        try:
            tab = _same_browser(browser)
            start.wait()
            response = tab.post(url, posted)
            answers.append((response.status_code, response.get("Location", "")))
        except BaseException as problem:
            problems.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    concern = Concern.objects.get(subject=child)
    assert answers == [(302, f"/concerns/{concern.pk}/")] * clicks
    assert concern.alerts.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_an_autosave_racing_the_submission_never_brings_the_draft_back(
    sign_in: Callable[[User], Client],
) -> None:
    practitioner = UserFactory()
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, token = _open(browser, child)
    start = threading.Barrier(4)
    problems: list[BaseException] = []

    def send(path: str, data: dict[str, object]) -> None:
        try:
            tab = _same_browser(browser)
            start.wait()
            tab.post(path, data)
        except BaseException as problem:
            problems.append(problem)
        finally:
            connection.close()

    posted = {**_ANSWERS, "account": "Raced", "form_token": token}
    autosave = {"account": "Raced", "form_token": token}
    jobs = [(url, posted), (_autosave_url(url), autosave)] * 2
    threads = [threading.Thread(target=send, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert Concern.objects.filter(subject=child).count() == 1
    assert not ConcernDraft.objects.filter(author=practitioner, concern__isnull=True).exists()


def test_submit_buttons_that_create_records_prevent_double_clicks(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    browser = sign_in(practitioner)
    url, _unused = _open(browser, _child(practitioner))
    page = browser.get(url).content.decode()
    button = re.search(r'<button type="submit" name="submit"[^>]*>', page)
    assert button and 'data-prevent-double-click="true"' in button.group(0)
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = make_concern(practitioner)
    detail = sign_in(lead).get(f"/concerns/{concern.pk}/").content.decode()
    for action in ("addenda", "review", "close"):
        form = re.search(rf'action="/concerns/{concern.pk}/{action}/".*?</form>', detail, re.S)
        assert form, action
        assert 'data-prevent-double-click="true"' in form.group(0), action


# Item 8: concurrent close, NUL bytes ------------------------------------------------------


def _lead_and_concern() -> tuple[User, User, Concern]:
    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    other = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    return lead, other, make_concern(practitioner)


def test_the_second_lead_to_close_a_concern_is_told_it_is_already_closed(
    sign_in: Callable[[User], Client],
) -> None:
    lead, other, concern = _lead_and_concern()
    close = {"outcome": "no_further_action", "reason": "Enquiries found no risk."}
    first = sign_in(lead).post(f"/concerns/{concern.pk}/close/", close)
    late = sign_in(other)
    second = late.post(f"/concerns/{concern.pk}/close/", {**close, "reason": "Mine"})
    assert first.status_code == second.status_code == 302
    assert "This concern was already closed." in late.get(second["Location"]).content.decode()
    assert Closure.objects.get(concern=concern).closed_by == lead


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_two_leads_closing_one_concern_at_once_get_one_closure_and_no_error(
    sign_in: Callable[[User], Client],
) -> None:
    lead, other, concern = _lead_and_concern()
    browsers = [sign_in(lead), sign_in(other)] * 3
    start = threading.Barrier(len(browsers))
    statuses: list[int] = []
    problems: list[BaseException] = []

    def close(browser: Client) -> None:
        try:
            tab = _same_browser(browser)
            start.wait()
            response = tab.post(
                f"/concerns/{concern.pk}/close/",
                {"outcome": "no_further_action", "reason": "Enquiries found no risk."},
            )
            statuses.append(response.status_code)
        except BaseException as problem:
            problems.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert statuses == [302] * len(browsers)
    assert Closure.objects.filter(concern=concern).count() == 1


def test_a_nul_byte_in_the_concern_form_is_taken_out_on_autosave_and_on_submission(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = _child(practitioner)
    browser = sign_in(practitioner)
    url, token = _open(browser, child)
    saved = browser.post(
        _autosave_url(url), {"account": "Pasted\x00 text", "quotes": "a\x00b", "form_token": token}
    )
    assert saved.status_code == 200 and saved.json()["saved"] is True
    assert ConcernDraft.objects.get(form_token=token).data["account"] == ["Pasted text"]
    response = browser.post(
        url,
        {
            **_ANSWERS,
            "observed_where": "Gate\x00 2",
            "account": "Pasted\x00 text",
            "quotes": "I owe\x00 them",
            "form_token": token,
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get(subject=child)
    assert (concern.observed_where, concern.account, concern.quotes) == (
        "Gate 2",
        "Pasted text",
        ["I owe them"],
    )


def test_a_nul_byte_in_a_new_persons_name_is_taken_out(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    browser = sign_in(practitioner)
    start = browser.get("/concerns/new/")["Location"]
    token = _token(browser.get(start).content.decode())
    response = browser.post(
        start,
        {
            **_ANSWERS,
            "account": "Seen at the car wash",
            "person-given_name": "Ar\x00ben",
            "person-sex": "male",
            "form_token": token,
        },
    )
    assert response.status_code == 302
    assert Person.objects.filter(given_name="Arben").exists()


@pytest.mark.parametrize("step", ["addenda", "review", "close"])
def test_a_nul_byte_in_a_leads_step_is_taken_out(
    sign_in: Callable[[User], Client], step: str
) -> None:
    lead, _other, concern = _lead_and_concern()
    answers = {
        "addenda": {"reason": "Correct\x00ion", "text": "The date\x00 was wrong."},
        "review": {"risk_level": "high", "risk_reason": "Ri\x00sk", "decision": "Re\x00fer"},
        "close": {"outcome": "no_further_action", "reason": "Enqui\x00ries"},
    }[step]
    response = sign_in(lead).post(f"/concerns/{concern.pk}/{step}/", answers)
    assert response.status_code == 302
    if step == "addenda":
        assert concern.addenda.get().text == "The date was wrong."
    elif step == "review":
        assert concern.reviews.get().decision == "Refer"
    else:
        assert Closure.objects.get(concern=concern).reason == "Enquiries"
