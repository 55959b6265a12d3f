"""The holder of a shared person sees who outside its organisation read or exported the
record (issue 17, item 8): the council's look at the school's child shows on the school's
person page, to its safeguarding leads only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db

HEADING = "Who outside your organisation has read this record"


def test_the_school_lead_sees_that_the_council_read_its_childs_record(
    sign_in: Callable[[User], Client],
) -> None:
    school = OrganisationFactory(name="Ysgol Synthetig", organisation_type=OrganisationType.SCHOOL)
    council = OrganisationFactory(
        name="Cyngor Synthetig", organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
    )
    lead = UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)
    teacher = UserFactory(organisation=school, role=Role.PRACTITIONER)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    child = PersonFactory(organisation=school, date_of_birth=date(2011, 4, 2))
    concern = make_concern(teacher, child)
    share_with_organisation(
        lead,
        child,
        council,
        reason="Signs of criminal exploitation; the council leads the strategy discussion.",
        lawful_basis=LawfulBasis.values[0],
    )
    assert sign_in(team).get(reverse("concerns:detail", args=[concern.pk])).status_code == 200

    page = sign_in(lead).get(reverse("site:person", args=[child.pk])).content.decode()
    assert HEADING in page
    table = page[page.index(HEADING) :]
    assert "Cyngor Synthetig" in table and "Viewed" in table
    assert "Ysgol Synthetig" not in table  # the school's own reads are not listed

    # The teacher and the council team see no such list.
    assert (
        HEADING
        not in sign_in(teacher).get(reverse("site:person", args=[child.pk])).content.decode()
    )
    assert (
        HEADING not in sign_in(team).get(reverse("site:person", args=[child.pk])).content.decode()
    )
