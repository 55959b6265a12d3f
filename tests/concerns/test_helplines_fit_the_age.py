"""Beside "Give helpline details", the concern page names the helplines to give this person:
Childline and Meic are for children, so an adult whose age is not in doubt is not given them,
while anyone who may be a child (a child, or an age unknown or disputed) still is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from factories import PersonFactory, UserFactory, adult_labour_concern
from noddfa.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def _helplines_on_the_page(client: Client, concern_id: object) -> str:
    page = client.get(f"/concerns/{concern_id}/").content.decode()
    assert "Give helpline details" in page
    return page


@pytest.mark.parametrize(
    ("born", "age_disputed", "given_childrens_lines"),
    [
        (date(1980, 1, 1), False, False),  # an adult, not in doubt
        (date(1980, 1, 1), True, True),  # says 46, but the age is disputed
        (None, False, True),  # nothing known of the age
    ],
)
def test_childrens_helplines_are_given_only_to_someone_who_may_be_a_child(
    sign_in: Callable[[User], Client],
    born: date | None,
    age_disputed: bool,
    given_childrens_lines: bool,
) -> None:
    worker = UserFactory(role=Role.PRACTITIONER)
    person = PersonFactory(
        organisation=worker.organisation,
        created_by=worker,
        date_of_birth=born,
        age_disputed=age_disputed,
    )
    concern = adult_labour_concern(worker, person, consents_to_nrm=False)
    page = _helplines_on_the_page(sign_in(worker), concern.pk)
    assert "08000 121 700" in page  # the Modern Slavery and Exploitation Helpline, for all
    assert ("Childline" in page) is given_childrens_lines
    assert ("Meic" in page) is given_childrens_lines
