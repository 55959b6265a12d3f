# ruff: noqa: F811 (the shared fixtures are imported by name)
"""The page that asks whether two records are one person shows what a team decides on (issue 19):
nationality, sex, phone, school, other names, and why the pair was suggested."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from factories import UserFactory
from noddfa.accounts.models import Role, User

from .test_person_matching import child, la_team, police, school, share  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_pair_is_shown_side_by_side_with_the_reasons(
    sign_in: Callable[[User], Client], school: User, police: User, la_team: User
) -> None:
    at_school = child(
        school,
        "An",
        "Nguyen Van",
        school_or_workplace="Ysgol Prawf",
        nationality="Vietnamese",
        sex="male",
        aliases=["Anh"],
        phone_numbers=["07700 900456"],
    )
    with_police = child(police, "Nguyễn", "An", nationality="Vietnamese")
    share(school, at_school, la_team)
    share(police, with_police, la_team)
    left, right = sorted([at_school, with_police], key=lambda p: str(p.pk))
    url = f"/people/duplicates/{left.pk}/{right.pk}/"
    page = sign_in(la_team).get(url).content.decode()
    compare = page[page.index('id="compare"') : page.index("</table>")]
    for shown in ("Nationality", "Vietnamese", "Sex", "Male", "Phone numbers", "07700 900456"):
        assert shown in compare, shown
    assert "School or workplace" in compare and "Ysgol Prawf" in compare
    assert "Other names" in compare and "Anh" in compare
    reasons = page[page.index('id="reasons"') :]
    assert "same date of birth" in reasons
    assert "Likeness:" in page
    # A practitioner of either organisation may not open it.
    practitioner = UserFactory(organisation=school.organisation, role=Role.PRACTITIONER)
    assert sign_in(practitioner).get(url).status_code == 403
