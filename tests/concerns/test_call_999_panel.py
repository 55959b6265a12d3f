"""The "Call 999 now" panel a practitioner sees when someone is in immediate danger (issue 19)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.concerns.test_recording_a_concern import _TYPICAL, _start

from noddfa.accounts.models import User

pytestmark = pytest.mark.django_db

_FINISH_LATER = "You can finish this record afterwards"


def _record_in_danger(client: Client) -> str:
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "immediate_danger": "yes",
            "person-given_name": "Arben",
            "person-sex": "male",
            "submit": "",
        },
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_the_panel_on_the_form_dials_999_and_says_the_record_can_wait(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    form = client.get(_start(client)).content.decode()
    panel = form[form.index('id="call-999"') : form.index("Who is this about?")]
    assert 'href="tel:999"' in panel
    assert _FINISH_LATER in panel


def test_once_recorded_the_panel_still_dials_999_but_no_longer_says_finish_it_later(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    detail = _record_in_danger(sign_in(practitioner))
    panel = detail[detail.index("Call 999 now") : detail.index("What happens next")]
    assert 'href="tel:999"' in panel
    assert _FINISH_LATER not in detail
    # On a phone the panel comes first, before the long "recorded" message.
    assert detail.index("Call 999 now") < detail.index("The concern is recorded")


def test_in_immediate_danger_the_safeguarding_lead_is_told_now_not_by_the_end_of_the_day(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    detail = _record_in_danger(sign_in(practitioner))
    start = detail.index("Tell your safeguarding lead\n")
    lead = detail[start : detail.index("</li>", start)]
    assert "When: immediately" in lead
    assert "17:00" not in lead and "today" not in lead.split("When:")[1].split("<")[0]


def test_the_panel_is_in_welsh_on_a_welsh_page(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    client.get("/language/cy/")
    form = client.get(_start(client)).content.decode()
    assert "Gallwch orffen y cofnod hwn wedyn" in form
