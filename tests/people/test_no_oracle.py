"""'Known to other agencies' is no oracle (issue 17, item 2), written as the attack that worked.

As the police, a family name and a date of birth were enough to learn that another agency held
a child; as a charity, one family name with every date of birth in a year, unthrottled, found
the school's children. The signal is now given only about the person of a concern the user is
writing, a few times an hour, audited with the terms hashed and the answer, and the holder sees
that someone asked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.people.models import Person
from noddfa.people.services import record_person

pytestmark = pytest.mark.django_db

SIGNAL = "known to other agencies"
ACCOUNT = "Arben told his teacher that a man collects him after school and he is scared to go home."


def lead_of(name: str, **organisation: Any) -> User:
    return UserFactory(
        organisation=OrganisationFactory(name=name, **organisation), role=Role.SAFEGUARDING_LEAD
    )


@pytest.fixture
def school() -> User:
    return lead_of("Ysgol Prawf")


@pytest.fixture
def police() -> User:
    return lead_of("Heddlu Prawf", organisation_type=OrganisationType.POLICE)


@pytest.fixture
def schools_child(school: User) -> Person:
    return record_person(
        school, given_name="Arben", family_name="Hoxha", date_of_birth=date(2008, 6, 21)
    )


def check(client: Client, draft_url: str, account: str = ACCOUNT, **person: str) -> str:
    data = {f"person-{key}": value for key, value in person.items()}
    response = client.post(draft_url, {**data, "account": account, "find_matches": "1"})
    assert response.status_code == 200
    return response.content.decode()


def new_draft(client: Client) -> str:
    return str(client.get("/concerns/new/").url)


def test_a_free_look_at_a_person_with_no_concern_draft_gives_no_held_elsewhere_answer(
    sign_in: Callable[[User], Client], police: User, schools_child: Person
) -> None:
    # The police make a bare record with the same name and date of birth, then look at it.
    theirs = record_person(
        police, given_name="Arben", family_name="Hoxha", date_of_birth=date(2008, 6, 21)
    )
    client = sign_in(police)
    assert SIGNAL not in client.get(f"/people/{theirs.pk}/").text
    assert SIGNAL not in client.get(f"/people/{theirs.pk}/matches/").text


def test_a_draft_with_only_a_name_and_a_date_of_birth_gives_no_held_elsewhere_answer(
    sign_in: Callable[[User], Client], police: User, schools_child: Person
) -> None:
    client = sign_in(police)
    page = check(
        client,
        new_draft(client),
        account="",
        given_name="Arben",
        family_name="Hoxha",
        date_of_birth="2008-06-21",
    )
    assert SIGNAL not in page
    assert "what happened" in page.lower()


def test_a_concern_being_written_gets_the_signal_and_never_who_or_how_many(
    sign_in: Callable[[User], Client], police: User, schools_child: Person
) -> None:
    client = sign_in(police)
    page = check(
        client,
        new_draft(client),
        given_name="Arben",
        family_name="Hoxha",
        date_of_birth="2008-06-21",
    )
    assert SIGNAL in page
    assert "Ysgol Prawf" not in page
    assert str(schools_child.pk) not in page


def test_the_eleventh_check_in_an_hour_is_refused(
    sign_in: Callable[[User], Client], police: User, schools_child: Person
) -> None:
    client = sign_in(police)
    draft_url = new_draft(client)
    for day in range(1, 11):
        page = check(client, draft_url, family_name="Hoxha", date_of_birth=f"2008-06-{day:02d}")
        assert "too many" not in page.lower()
    page = check(
        client, draft_url, given_name="Arben", family_name="Hoxha", date_of_birth="2008-06-21"
    )
    assert SIGNAL not in page
    assert "too many" in page.lower()
    asked = AuditEvent.objects.filter(actor=police, detail__page="held_elsewhere_check")
    assert asked.filter(detail__asked=True).count() == 10


def test_the_audit_event_holds_a_hash_of_the_terms_and_the_answer_never_the_terms(
    sign_in: Callable[[User], Client], police: User, schools_child: Person
) -> None:
    client = sign_in(police)
    draft_url = new_draft(client)
    for _ in range(2):
        check(
            client, draft_url, given_name="Arben", family_name="Hoxha", date_of_birth="2008-06-21"
        )
    check(client, draft_url, given_name="Arben", family_name="Hoxha", date_of_birth="2008-06-22")
    events = list(
        AuditEvent.objects.filter(
            actor=police, detail__page="held_elsewhere_check", detail__asked=True
        ).order_by("id")
    )
    assert len(events) == 3
    first, again, other = (event.detail for event in events)
    assert len(first["terms"]) == 64
    assert int(first["terms"], 16) >= 0
    assert first["terms"] == again["terms"], "equal terms can be spotted"
    assert first["terms"] != other["terms"]
    assert first["answer"] is True
    assert other["answer"] is False
    for event in events:
        text = str(event.detail).lower()
        assert "hoxha" not in text and "arben" not in text and "2008" not in text


def test_the_schools_lead_sees_on_the_childs_page_that_the_police_asked(
    sign_in: Callable[[User], Client], school: User, police: User, schools_child: Person
) -> None:
    asking = sign_in(police)
    check(
        asking,
        new_draft(asking),
        given_name="Arben",
        family_name="Hoxha",
        date_of_birth="2008-06-21",
    )
    told = AuditEvent.objects.get(
        object_id=str(schools_child.pk), detail__page="held_elsewhere_check"
    )
    assert told.actor == police
    assert told.organisation == police.organisation
    assert told.detail["check"] == "held_elsewhere"
    page = sign_in(school).get(f"/people/{schools_child.pk}/").text
    reads = page.split("Who outside your organisation has read this record", 1)[1]
    assert "Heddlu Prawf" in reads
    assert "Asked whether you hold this person" in reads  # not a plain "Viewed"
