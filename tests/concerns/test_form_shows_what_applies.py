"""Issue 19: the concern form shows what applies to the person's age, on the server (so it works
with JavaScript off): a child's form hides the adult-only questions and signs, an adult's the
child-only signs; an age not known or disputed shows both (unknown is never no); anything
already answered stays in view; hidden fields stay in the form, so nothing typed is lost."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from tests.concerns.test_recording_a_concern import _TYPICAL

from factories import PersonFactory
from noddfa.accounts.models import User
from noddfa.concerns.form_sections import age_from_typed, hidden_signs, sections_for
from noddfa.concerns.models import Concern
from noddfa.pathway import load_catalogue

pytestmark = pytest.mark.django_db

ADULT_SIGN = "PHY-08"
CHILD_SIGN = "CSB-13"


def _start(client: Client, person: str = "") -> str:
    response = client.get("/concerns/new/", {"person": person} if person else {})
    assert response.status_code == 302
    return str(response["Location"])


def _adult_section_hidden(page: str) -> bool:
    tag = re.search(r'<div id="adult-questions"[^>]*>', page)
    assert tag, "the adult questions are always in the form"
    return " hidden" in tag.group(0)


def _sign_hidden(page: str, sign: str) -> bool:
    start = page.index(f'id="indicator-{sign}"')
    item = page[page.rindex("<div", 0, start) : start]
    return " hidden" in item


def test_a_childs_age_hides_the_adult_questions_and_signs_an_adults_the_child_signs() -> None:
    child, adult, unknown = (
        sections_for(15, False),
        sections_for(30, False),
        sections_for(None, False),
    )
    assert (child.adult_questions, child.child_signs, child.adult_signs) == (False, True, False)
    assert (adult.adult_questions, adult.child_signs, adult.adult_signs) == (True, False, True)
    assert (unknown.adult_questions, unknown.child_signs, unknown.adult_signs) == (True, True, True)
    disputed = sections_for(15, True)
    assert (disputed.adult_questions, disputed.adult_signs) == (True, True)
    assert sections_for(15, False, answered_adult=True).adult_questions


def test_the_age_typed_for_someone_new_comes_from_the_date_of_birth_first() -> None:
    today = date(2026, 12, 5)
    assert age_from_typed("2011-12-06", "40", today) == 14
    assert age_from_typed("", "15", today) == 15
    assert age_from_typed("not a date", "", today) is None
    assert age_from_typed("", "many", today) is None


def test_a_ticked_sign_is_never_hidden() -> None:
    groups = [(name, members) for name, members in _groups()]
    signs, _names = hidden_signs(groups, sections_for(15, False), {ADULT_SIGN})
    assert ADULT_SIGN not in signs
    signs, _names = hidden_signs(groups, sections_for(15, False), set())
    assert ADULT_SIGN in signs and CHILD_SIGN not in signs


def _groups() -> list[tuple[str, list[object]]]:
    catalogue = load_catalogue()
    return [
        (code, [i for i in catalogue.indicators if i.category == code])
        for code in catalogue.categories
    ]


def test_a_known_child_is_not_asked_the_adult_questions(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2011, 2, 3))
    client = sign_in(practitioner)
    page = client.get(_start(client, str(child.pk))).content.decode()
    assert _adult_section_hidden(page)


def test_a_known_adult_is_asked_the_adult_questions(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    adult = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(1990, 2, 3))
    client = sign_in(practitioner)
    assert not _adult_section_hidden(client.get(_start(client, str(adult.pk))).content.decode())


def test_someone_new_of_unknown_age_is_asked_everything(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    page = client.get(_start(client)).content.decode()
    assert not _adult_section_hidden(page)
    assert not _sign_hidden(page, ADULT_SIGN) and not _sign_hidden(page, CHILD_SIGN)


def test_an_age_typed_for_someone_new_decides_on_the_next_load_with_nothing_lost(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    typed = {
        "person-given_name": "Elira",
        "person-approximate_age": "15",
        "person-sex": "female",
        "account": "Collected by a different adult each day.",
        "care_and_support_needs": "not_known",
    }
    page = client.post(draft, {**typed, "find_matches": "1"}).content.decode()
    assert _adult_section_hidden(page)
    assert _sign_hidden(page, ADULT_SIGN) and not _sign_hidden(page, CHILD_SIGN)
    # Hidden is not removed: the questions are still in the form for autosave.
    assert 'name="care_and_support_needs"' in page
    assert "Collected by a different adult each day." in page


def test_an_adult_answer_already_given_stays_in_view_for_a_child(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    page = client.post(
        draft,
        {
            "person-given_name": "Elira",
            "person-approximate_age": "15",
            "person-sex": "female",
            "care_and_support_needs": "yes",
            "indicators": [ADULT_SIGN],
            "find_matches": "1",
        },
    ).content.decode()
    assert not _adult_section_hidden(page)
    assert not _sign_hidden(page, ADULT_SIGN)


def test_a_child_concern_is_still_recorded_with_the_adult_questions_hidden(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "person-given_name": "Elira",
            "person-approximate_age": "15",
            "person-sex": "female",
            "submit": "",
        },
    )
    assert response.status_code == 302
    assert Concern.objects.get().subject.approximate_age == 15
