"""Who may see is decided per person, never by building everyone an organisation may see
(issue 22, item 1).

At a region's size a police force may see 26,000 people; the old check listed them all (a
sequential scan of the people table) on every person page, concern page and record form.
The check of one person is now the holder's own column or an indexed lookup of the people
shared with the organisation, with the same answers as before."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.casework.permissions import tasks_visible_to
from noddfa.casework.services import schedule_task
from noddfa.concerns.models import Concern
from noddfa.concerns.permissions import concerns_visible_to
from noddfa.people.match_keys import person_record
from noddfa.people.match_suggestions import _hidden_matches
from noddfa.people.models import LawfulBasis, Person
from noddfa.people.permissions import can_view_person, filter_visible, people_visible_to
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db

REASON = "Strategy discussion about possible criminal exploitation"


@pytest.fixture
def police() -> Organisation:
    return OrganisationFactory(organisation_type=OrganisationType.POLICE)


@pytest.fixture
def school() -> Organisation:
    return OrganisationFactory(organisation_type=OrganisationType.SCHOOL)


@pytest.fixture
def officer(police: Organisation) -> User:
    return UserFactory(organisation=police, role=Role.SAFEGUARDING_LEAD)


@pytest.fixture
def school_lead(school: Organisation) -> User:
    return UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)


def _shared_child(school_lead: User, police: Organisation) -> Person:
    child = PersonFactory(organisation=school_lead.organisation, created_by=school_lead)
    share_with_organisation(
        school_lead, child, police, reason=REASON, lawful_basis=LawfulBasis.SAFEGUARDING
    )
    return child


def test_the_holder_sees_its_own_person_without_asking_the_database(officer: User) -> None:
    own = PersonFactory(organisation=officer.organisation, created_by=officer)
    with CaptureQueriesContext(connection) as queries:
        assert can_view_person(officer, own)
    assert len(queries) == 0


def test_a_shared_person_is_checked_by_one_query_on_that_persons_cases_alone(
    officer: User, school_lead: User, police: Organisation
) -> None:
    child = _shared_child(school_lead, police)
    unshared = PersonFactory(organisation=school_lead.organisation, created_by=school_lead)
    with CaptureQueriesContext(connection) as queries:
        assert can_view_person(officer, child)
        assert not can_view_person(officer, unshared)
    assert len(queries) == 2
    for query in queries:
        # The check reads the memberships of the person's cases, never the people table.
        assert '"people_person"' not in query["sql"]
        named = query["sql"].replace("-", "")
        assert child.pk.hex in named or unshared.pk.hex in named


def test_looking_up_one_visible_person_filters_that_row_and_lists_nobody(
    officer: User, school_lead: User, police: Organisation
) -> None:
    child = _shared_child(school_lead, police)
    with CaptureQueriesContext(connection) as queries:
        assert people_visible_to(officer).filter(pk=child.pk).exists()
    (query,) = queries
    sql = query["sql"].upper()
    # The shared people come from the memberships; no "id IN (SELECT id FROM people_person
    # ...)": the organisation's visible set is never built.
    assert "PEOPLE_CASEMEMBERSHIP" in sql
    assert sql.count('FROM "PEOPLE_PERSON"') == 1


def test_the_same_people_and_concerns_are_visible_as_before(
    officer: User, school_lead: User, police: Organisation, school: Organisation
) -> None:
    child = _shared_child(school_lead, police)
    own = PersonFactory(organisation=police, created_by=officer)
    elsewhere = PersonFactory(organisation=school, created_by=school_lead)
    stranger = PersonFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.HOSPITAL),
        created_by=UserFactory(),
    )
    teacher = UserFactory(organisation=school)
    about_child = make_concern(teacher, child)
    about_elsewhere = make_concern(teacher, elsewhere)

    assert set(people_visible_to(officer)) == {child, own}
    assert set(people_visible_to(school_lead)) == {child, elsewhere}
    assert set(concerns_visible_to(officer)) == {about_child}
    assert set(concerns_visible_to(school_lead)) == {about_child, about_elsewhere}
    assert not can_view_person(officer, stranger)
    # A person shared into two cases with the police still appears once.
    share_with_organisation(
        school_lead, child, police, reason=REASON, lawful_basis=LawfulBasis.SAFEGUARDING
    )
    assert list(filter_visible(Concern.objects.all(), officer, "subject")) == [about_child]


def test_an_organisation_admin_and_an_analyst_see_nobody(
    police: Organisation, school_lead: User
) -> None:
    child = _shared_child(school_lead, police)
    for role in (Role.ORGANISATION_ADMIN, Role.PARTNERSHIP_ANALYST):
        user = UserFactory(organisation=police, role=role)
        assert not can_view_person(user, child)
        assert not people_visible_to(user).exists()
    former = UserFactory(organisation=police, role=Role.SAFEGUARDING_LEAD, is_active=False)
    assert not can_view_person(former, child)


def test_team_tasks_about_a_person_no_longer_visible_are_hidden(
    officer: User, school_lead: User, police: Organisation
) -> None:
    child = _shared_child(school_lead, police)
    about_child = schedule_task(officer, child, "Strategy meeting", None)
    general = schedule_task(officer, None, "Team meeting", None)
    assert set(tasks_visible_to(officer)) == {about_child, general}
    assert set(tasks_visible_to(school_lead)) == set()


def test_a_likely_match_held_elsewhere_is_found_without_listing_who_the_user_may_see(
    officer: User, school_lead: User
) -> None:
    hidden = PersonFactory(
        organisation=school_lead.organisation,
        created_by=school_lead,
        given_name="Oluwaseun",
        family_name="Adeyemi",
        date_of_birth=date(2011, 3, 4),
    )
    mine = PersonFactory(
        organisation=officer.organisation,
        created_by=officer,
        given_name="Oluwaseun",
        family_name="Adeyemi",
        date_of_birth=date(2011, 3, 4),
    )
    assert _hidden_matches(person_record(mine), officer) == [hidden]
    assert _hidden_matches(person_record(mine), school_lead) == [mine]


def _explain(queryset: object) -> str:
    plan = queryset.explain()  # type: ignore[attr-defined]
    assert isinstance(plan, str)
    return plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plan")
def test_on_postgresql_one_persons_check_reads_by_index_not_by_scanning_people(
    officer: User, school_lead: User, police: Organisation, school: Organisation
) -> None:
    child = _shared_child(school_lead, police)
    concern = make_concern(UserFactory(organisation=school), child)
    # Enough people for a scan of the table to cost more than an index lookup.
    Person.objects.bulk_create(
        Person(
            organisation=police if n % 3 else school,
            created_by=officer,
            given_name=f"Person {n}",
            family_name="Example",
        )
        for n in range(6000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for plan in (
        _explain(people_visible_to(officer).filter(pk=child.pk)),
        _explain(concerns_visible_to(officer).filter(pk=concern.pk)),
    ):
        assert "Seq Scan on people_person" not in plan, plan
        assert "people_person_pkey" in plan, plan
