"""The person page's "Who else can see this record" lists other organisations only: never the
reader's own, and the holder as the holder (issue 19)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from factories import OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _section(page: str) -> str:
    start = page.index("Who else can see this record")
    return page[start : page.index("</ul>", start) if "</ul>" in page[start:] else None]


def test_the_holder_sees_only_the_others_and_the_team_sees_the_holder_as_holder(
    sign_in: SignIn,
) -> None:
    school = OrganisationFactory(name="Ysgol Gyfun Test", organisation_type=OrganisationType.SCHOOL)
    lead = UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)
    council = OrganisationFactory(
        name="Cyngor Test", organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
    )
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    person = PersonFactory(organisation=school, created_by=lead)
    url = reverse("site:person", args=[person.pk])
    alone = sign_in(lead).get(url).content.decode()
    assert "Only your organisation." in alone
    share_with_organisation(
        lead, person, council, reason="Child at risk", lawful_basis=LawfulBasis.SAFEGUARDING
    )
    held = _section(sign_in(lead).get(url).content.decode())
    assert "Cyngor Test" in held
    assert "Ysgol Gyfun Test" not in held
    seen = _section(sign_in(team).get(url).content.decode())
    assert "Ysgol Gyfun Test, which holds the record" in seen
    assert "Cyngor Test" not in seen
    # Anyone else is not told the record exists.
    stranger = UserFactory(role=Role.SAFEGUARDING_LEAD)
    assert sign_in(stranger).get(url).status_code == 404
