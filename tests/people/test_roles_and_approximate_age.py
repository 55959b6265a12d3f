"""Issue 19: a suspected exploiter recorded in a concern is listed with that part, not as if one
of the children; an approximate age is kept with the day it was given, so the year of birth and
the 18th birthday can be worked out (and are shown as approximate)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.concerns.test_recording_a_concern import _TYPICAL, _start

from factories import PersonFactory
from noddfa.accounts.models import User
from noddfa.concerns.models import Involvement
from noddfa.people.models import Person

pytestmark = pytest.mark.django_db


def _record_child_and_boyfriend(client: Client) -> None:
    response = client.post(
        _start(client),
        {
            **_TYPICAL,
            "person-given_name": "Elira",
            "person-family_name": "Hoxha",
            "person-approximate_age": "15",
            "person-sex": "female",
            "other1-role": "suspected_exploiter",
            "other1-name": "Boyfriend Unknown",
            "other1-description": "Much older boyfriend; silver car",
            "submit": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _row(page: str, name: str) -> str:
    start = page.rindex("<tr", 0, page.index(name))
    return page[start : page.index("</tr>", start)]


def test_a_suspected_exploiter_is_listed_with_that_part_and_the_child_without_one(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    _record_child_and_boyfriend(client)
    assert Involvement.objects.get().role == "suspected_exploiter"
    page = client.get(reverse("people:list")).content.decode()
    assert "Suspected exploiter" in _row(page, "Boyfriend Unknown")
    assert "Suspected exploiter" not in _row(page, "Elira Hoxha")


def test_the_part_is_shown_on_the_persons_record_and_in_welsh(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    _record_child_and_boyfriend(client)
    boyfriend = Person.objects.get(given_name="Boyfriend")
    record = client.get(reverse("site:person", args=[boyfriend.pk])).content.decode()
    assert "Part in concerns about others" in record and "Suspected exploiter" in record
    client.get("/language/cy/", {"next": "/"})
    listing = client.get(reverse("people:list")).content.decode()
    assert "Camfanteisiwr a amheuir" in _row(listing, "Boyfriend Unknown")


def test_the_approximate_age_given_on_the_form_is_kept_with_its_year_of_birth(
    sign_in: Callable[[User], Client], practitioner: User
) -> None:
    client = sign_in(practitioner)
    _record_child_and_boyfriend(client)
    child = Person.objects.get(given_name="Elira")
    this_year = timezone.localdate().year
    assert child.approximate_age == 15
    assert child.approximate_birth_year == this_year - 15
    assert child.approximate_eighteenth_year == this_year + 3
    record = client.get(reverse("site:person", args=[child.pk])).content.decode()
    assert f"born about {this_year - 15} (approximate)" in record
    assert f"so 18 about {this_year + 3}" in record
    listing = client.get(reverse("people:list")).content.decode()
    assert f"born about {this_year - 15}" in _row(listing, "Elira Hoxha")


def test_an_approximate_age_grows_with_the_years_since_it_was_given() -> None:
    person = PersonFactory(approximate_age=15, date_of_birth=None)
    person.created_at = timezone.make_aware(datetime(2026, 12, 5, 10, 0))
    assert person.age_on(date(2026, 12, 5)) == 15
    assert person.age_on(date(2027, 12, 4)) == 15
    assert person.age_on(date(2027, 12, 5)) == 16
    assert person.age_on(date(2029, 12, 5)) == 18
    # Never younger than the age given, whatever day is asked about.
    assert person.age_on(date(2026, 1, 1)) == 15
    assert person.approximate_birth_year == 2011


def test_a_date_of_birth_outranks_an_approximate_age() -> None:
    person = PersonFactory(approximate_age=30, date_of_birth=date(2011, 2, 3))
    assert person.approximate_birth_year is None
    assert person.age_on(date(2026, 12, 5)) == 15


def test_no_age_at_all_stays_not_known() -> None:
    person = PersonFactory(approximate_age=None, date_of_birth=None)
    assert person.age_on(timezone.localdate() + timedelta(days=400)) is None
    assert person.approximate_birth_year is None
