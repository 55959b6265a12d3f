"""Issue 19: "Check for existing records" reloads at its answer, not at the top of a long form.

The button posts to "#existing-records", so the answer page opens there with JavaScript off,
and the answer is marked autofocus (and focusable) so the keyboard and a screen reader start
there."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from factories import PersonFactory
from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db

_ANSWER = re.compile(r'<div id="existing-records"[^>]*>')


def _start(client: Client, person: str = "") -> str:
    response = client.get("/concerns/new/", {"person": person} if person else {})
    assert response.status_code == 302
    return str(response["Location"])


def test_both_check_buttons_post_to_the_answer(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    page = client.get(_start(client)).content.decode()
    assert re.search(r'name="find_matches"[^>]*formaction="#existing-records"', page)
    known = PersonFactory(organisation=practitioner.organisation)
    page = client.get(_start(client, str(known.pk))).content.decode()
    assert re.search(r'name="find_matches"[^>]*formaction="#existing-records"', page)
    # Before any check the place is there but takes no focus.
    answer = _ANSWER.search(page)
    assert answer and "autofocus" not in answer.group(0)


def test_after_a_check_for_someone_new_the_answer_takes_the_focus(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft = _start(client)
    response = client.post(
        draft, {"person-given_name": "Arben", "person-sex": "male", "find_matches": "1"}
    )
    page = response.content.decode()
    answer = _ANSWER.search(page)
    assert answer and "autofocus" in answer.group(0) and 'tabindex="-1"' in answer.group(0)
    after = page[answer.end() :]
    assert after.index("What the check found") < after.index("</div>")
    assert "No record you can see looks like this person." in after


def test_after_a_check_for_a_known_person_the_answer_says_what_was_found(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    known = PersonFactory(organisation=practitioner.organisation)
    draft = _start(client, str(known.pk))
    page = client.post(
        draft,
        {
            "account": (
                "Collected from school by a different adult each day; has two new phones and "
                "says she owes money for her journey here. Seemed frightened of the driver."
            ),
            "find_matches": "1",
        },
    ).content.decode()
    answer = _ANSWER.search(page)
    assert answer and "autofocus" in answer.group(0)
    assert "What the check found" in page
    assert "Noddfa found no sign that another agency holds a record of this person." in page
