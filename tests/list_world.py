"""Rows in bulk for the tests that a list page's query count does not grow with its rows
(issue 22). Each helper writes many rows in a handful of statements, copying one concern that
was recorded through the real service, so that a test can build 10 and then 100 rows fast."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, Role, User
from noddfa.casework.models import Task
from noddfa.concerns.models import Alert, Concern, PathwayAction
from noddfa.people.models import CaseMembership, LawfulBasis, MultiAgencyCase, Person, Sex
from noddfa.referrals.models import Channel, Kind, ReferralDraft, Status, StatusChange
from noddfa.referrals.open_deadlines import rebuild_open_deadlines


@dataclass
class ListWorld:
    organisation: Organisation
    lead: User
    practitioner: User
    # A concern recorded through the service: the bulk ones are copies of it.
    model: Concern


def list_world(name: str = "Ysgol Rhestrau") -> ListWorld:
    organisation = OrganisationFactory(name=name)
    lead = UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)
    practitioner = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    model = make_concern(practitioner, danger="yes", immediate_danger=True)
    return ListWorld(organisation, lead, practitioner, model)


def people(world: ListWorld, count: int) -> list[Person]:
    start = Person.objects.count()
    return Person.objects.bulk_create(
        Person(
            organisation=world.organisation,
            given_name=f"Rhes{start + i}",
            family_name=f"Teulu{start + i}",
            sex=Sex.NOT_KNOWN,
            nationality="Albanian",
            is_synthetic=True,
            created_by=world.practitioner,
        )
        for i in range(count)
    )


def concerns(world: ListWorld, count: int, *, alerted: bool = True) -> list[Concern]:
    """Open concerns, every other one in immediate danger and each with an overdue action,
    each alerted to the lead."""
    model = world.model
    now = timezone.now()
    made = Concern.objects.bulk_create(
        Concern(
            id=uuid.uuid4(),
            organisation=world.organisation,
            subject=person,
            recorded_by=world.practitioner,
            recorded_at=now - timedelta(days=3, minutes=i),
            observed_at=model.observed_at,
            observed_where=model.observed_where,
            immediate_danger=model.immediate_danger if i % 2 == 0 else "no",
            account=model.account,
            pathway_case=model.pathway_case,
            pathway_result=model.pathway_result,
        )
        for i, person in enumerate(people(world, count))
    )
    PathwayAction.objects.bulk_create(
        PathwayAction(
            concern=concern,
            code="INFORM_SAFEGUARDING_LEAD",
            priority=1,
            position=0,
            who="practitioner",
            due="immediately",
            due_at=now - timedelta(days=2),
            for_referrer=True,
        )
        for concern in made
    )
    if alerted:
        Alert.objects.bulk_create(Alert(recipient=world.lead, concern=c) for c in made)
    return made


def referrals(world: ListWorld, count: int) -> list[ReferralDraft]:
    """Reports of a child at risk submitted by telephone ten days ago: each has a reply due,
    a written confirmation due and a follow-up due, all overdue."""
    made = ReferralDraft.objects.bulk_create(
        ReferralDraft(
            kind=Kind.CHILD_AT_RISK,
            concern=concern,
            subject_id=concern.subject_id,
            organisation=world.organisation,
            jurisdiction="wales",
            created_by=world.lead,
            reference=uuid.uuid4().hex[:12].upper(),
        )
        for concern in concerns(world, count, alerted=False)
    )
    sent = timezone.now() - timedelta(days=10)
    StatusChange.objects.bulk_create(
        StatusChange(
            draft=draft,
            status=Status.SUBMITTED,
            at=sent,
            by=world.lead,
            channel=Channel.TELEPHONE,
        )
        for draft in made
    )
    # Written in bulk, past the services: their open dates are stored as a bulk load's are.
    rebuild_open_deadlines(write=True)
    return made


def tasks(world: ListWorld, count: int) -> list[Task]:
    now = timezone.now()
    return Task.objects.bulk_create(
        Task(
            organisation=world.organisation,
            person=person,
            title=f"Visit {i}",
            due_at=now + timedelta(days=i - count // 2),
            owner=world.lead,
            created_by=world.lead,
        )
        for i, person in enumerate(people(world, count))
    )


def queries(fetch: Callable[[], object]) -> int:
    """How many queries one request costs (its status checked by `fetch`)."""
    with CaptureQueriesContext(connection) as context:
        fetch()
    return len(context.captured_queries)


def outside_lead() -> User:
    """A lead of another organisation, who must see none of it."""
    other = OrganisationFactory(name="Ysgol Arall")
    PersonFactory(organisation=other)
    return UserFactory(organisation=other, role=Role.SAFEGUARDING_LEAD)


def held_by(organisation: Organisation, family_names: list[str]) -> list[Person]:
    """People held by the organisation, given name "Rhes" and these family names, in bulk."""
    creator = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    return Person.objects.bulk_create(
        Person(
            organisation=organisation,
            given_name="Rhes",
            family_name=name,
            sex=Sex.NOT_KNOWN,
            is_synthetic=True,
            created_by=creator,
        )
        for name in family_names
    )


def share(people: list[Person], organisation: Organisation) -> None:
    """The people shared with the organisation through a case its holder opens."""
    opener = UserFactory(organisation=people[0].organisation, role=Role.SAFEGUARDING_LEAD)
    case = MultiAgencyCase.objects.create(opened_by=opener)
    CaseMembership.objects.create(
        case=case,
        organisation=organisation,
        decided_by=opener,
        reason="Strategy discussion",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
    case.people.add(*people)
