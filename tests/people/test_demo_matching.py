from __future__ import annotations

import pytest

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role
from noddfa.casework.models import PatternAlert, PatternKind
from noddfa.casework.patterns import raise_alerts
from noddfa.people.demo_matching import add_matching_demo
from noddfa.people.duplicate_suggestions import suggest_duplicates
from noddfa.people.links import suggested_duplicates

pytestmark = pytest.mark.django_db


def test_the_demo_shows_one_child_known_twice_and_three_children_at_one_address() -> None:
    school = UserFactory(role=Role.SAFEGUARDING_LEAD)
    police = UserFactory(
        role=Role.SAFEGUARDING_LEAD,
        organisation=OrganisationFactory(organisation_type=OrganisationType.POLICE),
    )
    team = UserFactory(
        role=Role.LA_SAFEGUARDING_TEAM,
        organisation=OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES),
    )
    made = add_matching_demo(school, police, team)
    assert all(person.is_synthetic for person in made)
    suggest_duplicates()
    pairs = {frozenset((d.person_a_id, d.person_b_id)) for d in suggested_duplicates(team)}
    assert frozenset((made[0].pk, made[1].pk)) in pairs
    raise_alerts()
    kinds = set(PatternAlert.objects.values_list("kind", flat=True))
    assert {PatternKind.CHILDREN_AT_ADDRESS, PatternKind.SHARED_PHONE} <= kinds
