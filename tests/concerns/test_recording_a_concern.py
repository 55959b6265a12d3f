from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from factories import PersonFactory, UserFactory
from noddfa.accounts.models import Role, User
from noddfa.concerns.models import Concern, ConcernDraft
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db

_TYPICAL = {
    "immediate_danger": "no",
    "observed_at": "2026-11-24T08:40",
    "observed_where": "School gate",
    "account": "Collected by a different adult each day; has new phones; seemed frightened.",
    "quotes": "I have to pay them back",
    "action": ["recruitment", "transportation"],
    "purpose": ["criminal"],
    "indicators": ["CTL-01"],
    "at_risk_of_going_missing": "not_known",
    "missing_now": "no",
}


def form_token(page: str) -> str:
    """The token a rendered concern form carries: one per form instance."""
    found = re.search(r'name="form_token" value="([0-9a-f-]{36})"', page)
    assert found, "the concern form carries its form token"
    return found.group(1)


def _start(client: Client, person: Person | None = None) -> str:
    response = client.get("/concerns/new/", {"person": str(person.pk)} if person else {})
    assert response.status_code == 302
    return str(response["Location"])


def test_practitioner_records_a_concern_about_a_known_child_and_gets_the_pathway(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2011, 2, 3))
    client = sign_in(practitioner)
    draft_url = _start(client, child)
    page = client.get(draft_url).content.decode()
    assert "Is anyone in immediate danger?" in page
    assert "Exploitation and control by another person" in page
    assert page.count('name="indicators"') >= 80
    assert page.index("Is anyone in immediate danger?") < page.index("Who is this about?")
    response = client.post(draft_url, {**_TYPICAL, "submit": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    concern = Concern.objects.get(subject=child)
    detail = client.get(response["Location"]).content.decode()
    assert "Report a child at risk" in detail
    assert "I have to pay them back" in detail
    assert concern.quotes == ["I have to pay them back"]
    # The draft is consumed: it keeps the concern it became and whom it was about, nothing typed.
    assert not ConcernDraft.objects.filter(author=practitioner, concern__isnull=True).exists()
    kept = ConcernDraft.objects.get(author=practitioner, concern=concern).data
    assert kept == {"subject": [str(child.pk)]}


def test_yes_to_immediate_danger_shows_call_999_before_anything_else(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    page = client.get(_start(client)).content.decode()
    assert page.index("Call 999 now") < page.index("Who is this about?")
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
    detail = client.get(response["Location"]).content.decode()
    assert detail.index("Call 999 now") < detail.index("What happens next")


def test_a_new_person_can_be_added_while_recording(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "person-given_name": "Tesfay",
            "person-other_names": "ተስፋይ",
            "person-sex": "male",
            "submit": "",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(given_name="Tesfay")
    assert person.aliases == ["ተስፋይ"]
    assert person.organisation == practitioner.organisation


def test_missing_answers_are_explained_and_nothing_typed_is_lost(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft_url = _start(client)
    response = client.post(draft_url, {"account": "Half an account", "submit": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Say whether anyone is in immediate danger" in body
    assert "Half an account" in body
    assert ConcernDraft.objects.get(author=practitioner).data["account"] == ["Half an account"]


def test_a_draft_survives_the_session_ending(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    draft_url = _start(client)
    token = form_token(client.get(draft_url).content.decode())
    client.post(
        draft_url.rstrip("/") + "/autosave/",
        {"account": "Seen at the car wash", "form_token": token},
    )
    client.logout()
    again = sign_in(practitioner)
    assert "Seen at the car wash" in again.get(draft_url).content.decode()


def test_nobody_else_can_open_or_autosave_someone_elses_draft(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    draft_url = _start(sign_in(practitioner))
    colleague = UserFactory(organisation=practitioner.organisation)
    other = sign_in(colleague)
    assert other.get(draft_url).status_code == 404
    assert other.post(draft_url.rstrip("/") + "/autosave/", {"account": "x"}).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN, Role.ORGANISATION_ADMIN]
)
def test_roles_that_do_not_record_concerns_cannot_start_one(
    sign_in: Callable[[User], Client], role: str
) -> None:
    assert sign_in(UserFactory(role=role)).get("/concerns/new/").status_code == 403
