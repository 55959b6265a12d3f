"""Reading casework. Everything starts from a person the user may see; anything else is
answered exactly like a record that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from noddfa.accounts.models import Role, User
from noddfa.audit import reads
from noddfa.concerns.action_status import ActionStatus, State, time_state
from noddfa.people.models import Person
from noddfa.people.permissions import people_visible_to

from .models import (
    AftercareReferral,
    Casefile,
    MissingEpisode,
    Notice,
    SafetyPlan,
    SafetyPlanVersion,
    Task,
    TaskOutcome,
    TransitionPlan,
)
from .pattern_models import SchoolRegistration
from .permissions import tasks_visible_to
from .transition import eighteenth_birthday, in_transition_window


def person_for_casework(user: User, person_id: uuid.UUID, *, page: str = "") -> Person:
    """The person, if the user may see them. `page` names the page that shows them, and
    makes the read an audited one."""
    person = people_visible_to(user).filter(pk=person_id).select_related("organisation").first()
    if person is None:
        raise Http404
    if page:
        reads.read(user, page, target=person)
    return person


def casefile_of(person: Person, organisation_id: int | None) -> Casefile | None:
    return Casefile.objects.filter(person=person, organisation=organisation_id).first()


@dataclass(frozen=True)
class PlanSummary:
    plan: SafetyPlan
    current: SafetyPlanVersion | None


@dataclass(frozen=True)
class Casework:
    person: Person
    own_casefile: Casefile | None
    casefiles: list[Casefile]
    plans: list[PlanSummary]
    episodes: list[MissingEpisode]
    tasks: list[Task]
    aftercare: list[AftercareReferral]
    transitions: list[TransitionPlan]
    eighteenth: date | None
    in_transition_window: bool


def casework_for_viewing(user: User, person_id: uuid.UUID) -> Casework:
    """Everything every organisation entitled to see the person has recorded; audited."""
    person = person_for_casework(user, person_id)
    casefiles = list(
        Casefile.objects.filter(person=person).select_related("organisation").order_by("opened_at")
    )
    plans = [
        PlanSummary(plan, plan.current)
        for plan in SafetyPlan.objects.filter(casefile__person=person).select_related(
            "casefile__organisation"
        )
    ]
    today = timezone.localdate()
    dob = person.date_of_birth
    reads.read(user, "casework", target=person)
    return Casework(
        person=person,
        own_casefile=next(
            (c for c in casefiles if c.organisation_id == user.organisation_id), None
        ),
        casefiles=casefiles,
        plans=plans,
        episodes=list(
            MissingEpisode.objects.filter(person=person)
            .select_related("casefile__organisation", "return_record")
            .prefetch_related("actions")
        ),
        tasks=ordered_tasks(tasks_visible_to(user).filter(person=person)),
        aftercare=list(
            AftercareReferral.objects.filter(casefile__person=person).select_related(
                "service", "casefile__organisation"
            )
        ),
        transitions=list(
            TransitionPlan.objects.filter(casefile__person=person).select_related(
                "casefile__organisation", "updated_by"
            )
        ),
        eighteenth=eighteenth_birthday(dob) if dob else None,
        in_transition_window=bool(dob and in_transition_window(dob, today)),
    )


def plan_for_viewing(user: User, plan_id: uuid.UUID) -> SafetyPlan:
    plan = (
        SafetyPlan.objects.filter(
            pk=plan_id, casefile__person__in=people_visible_to(user).values("pk")
        )
        .select_related("casefile__person", "casefile__organisation")
        .first()
    )
    if plan is None:
        raise Http404
    reads.read(user, "safety_plan", target=plan)
    return plan


def episode_for_viewing(user: User, episode_id: uuid.UUID) -> MissingEpisode:
    episode = (
        MissingEpisode.objects.filter(
            pk=episode_id, person__in=people_visible_to(user).values("pk")
        )
        .select_related("person", "casefile__organisation", "reported_by")
        .first()
    )
    if episode is None:
        raise Http404
    reads.read(user, "missing_episode", target=episode)
    return episode


def missing_episodes_for(
    person: Person, within_days: int, now: datetime | None = None
) -> QuerySet[MissingEpisode]:
    """Every organisation's missing episodes for a person that began within the last
    `within_days` days: what a repeated-missing pattern alert counts (3 in 90 days)."""
    since = (now or timezone.now()) - timedelta(days=within_days)
    return MissingEpisode.objects.filter(person=person, last_seen_at__gte=since)


def task_status(task: Task, now: datetime) -> ActionStatus:
    """A task's state at `now`, as its pathway action's would be (ADR 18): done or not done
    once finished; else "now" for a task from an action due immediately, within its grace;
    overdue only once its deadline has passed; due by its deadline; to do without one."""
    if task.outcome == TaskOutcome.DONE:
        return ActionStatus(State.DONE, task.due_at)
    if task.outcome == TaskOutcome.NOT_DONE:
        return ActionStatus(State.NOT_DONE, task.due_at)
    due = task.pathway_action.due if task.pathway_action is not None else ""
    return time_state(due, task.due_at, now)


def missing_now_among(user: User, person_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people, among those the user may see, are missing now: an episode
    reported and no return recorded yet, whichever organisation reported it (as the person's
    keeping-safe page shows them)."""
    if not person_ids:
        return set()
    return set(
        MissingEpisode.objects.filter(
            person_id__in=person_ids,
            person__in=people_visible_to(user).values("pk"),
            return_record__isnull=True,
        ).values_list("person_id", flat=True)
    )


def _task_order(task: Task, now: datetime) -> tuple[int, datetime, int, int, str]:
    overdue = task.due_at is not None and task.due_at < now
    group = 0 if overdue else (1 if task.due_at is not None else 2)
    # Pathway actions due at the same moment keep the pathway's order (priority, then the
    # engine's order of urgency), not the alphabetical order of their codes.
    action = task.pathway_action
    rank = (action.priority, action.position) if action is not None else (99, 0)
    return (group, task.due_at or datetime.max.replace(tzinfo=now.tzinfo), *rank, task.title)


def ordered_tasks(tasks: QuerySet[Task], now: datetime | None = None) -> list[Task]:
    """Open tasks, overdue first (most overdue at the top), then by due time; tasks with no
    due time last; pathway tasks due together in the pathway's order."""
    moment = now or timezone.now()
    open_tasks = list(
        tasks.filter(outcome="").select_related("owner", "person", "organisation", "pathway_action")
    )
    for task in open_tasks:
        task.status = task_status(task, moment)
    return sorted(open_tasks, key=lambda task: _task_order(task, moment))


def my_tasks(user: User, now: datetime | None = None, *, page: str = "") -> list[Task]:
    tasks = ordered_tasks(tasks_visible_to(user).filter(owner=user), now)
    if page:
        reads.read(user, page)
    return tasks


def team_tasks(user: User, now: datetime | None = None, *, page: str = "") -> list[Task]:
    tasks = ordered_tasks(tasks_visible_to(user), now)
    if page:
        reads.read(user, page)
    return tasks


def team_open_tasks(user: User, *, page: str = "") -> QuerySet[Task]:
    """The team's open tasks in the order of `ordered_tasks`, worked out in SQL so that a page
    of them reads only that page: overdue first, most overdue at the top, is the soonest due
    first with those without a due time last; pathway tasks due together in the pathway's
    order. Mark a page's tasks with `with_status` before showing them."""
    if page:
        reads.read(user, page)
    return (
        tasks_visible_to(user)
        .filter(outcome="")
        .select_related("owner", "person", "organisation", "pathway_action")
        .order_by(
            F("due_at").asc(nulls_last=True),
            Coalesce("pathway_action__priority", Value(99)),
            Coalesce("pathway_action__position", Value(0)),
            "title",
            "pk",
        )
    )


def with_status(tasks: Iterable[Task], now: datetime | None = None) -> list[Task]:
    """The tasks, each marked with its state at `now` for the page."""
    moment = now or timezone.now()
    marked = list(tasks)
    for task in marked:
        task.status = task_status(task, moment)
    return marked


def team_task_list(user: User, state: str | None = None, *, page: str = "") -> QuerySet[Task]:
    """The team's tasks, open, finished or both, soonest due first (the API's list)."""
    tasks = tasks_visible_to(user).select_related("owner")
    if state == "open":
        tasks = tasks.filter(finished_at__isnull=True)
    elif state == "finished":
        tasks = tasks.filter(finished_at__isnull=False)
    if page:
        reads.read(user, page)
    return tasks.order_by("due_at", "pk")


def task_for(user: User, task_id: uuid.UUID, *, page: str = "") -> Task:
    task = tasks_visible_to(user).filter(pk=task_id).select_related("person").first()
    if task is None:
        raise Http404
    if page and task.person is not None:
        reads.read(user, page, target=task.person)
    return task


def unread_notices(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(
        recipient=user, read_at__isnull=True, reminder__task__in=tasks_visible_to(user)
    ).select_related("reminder__task")


def aftercare_for(user: User, referral_id: uuid.UUID, *, page: str = "") -> AftercareReferral:
    referral = (
        AftercareReferral.objects.filter(
            pk=referral_id, casefile__person__in=people_visible_to(user).values("pk")
        )
        .select_related("casefile__person")
        .first()
    )
    if referral is None:
        raise Http404
    if page:
        reads.read(user, page, target=referral.casefile.person)
    return referral


def school_registrations_for(user: User, person: Person) -> QuerySet[SchoolRegistration]:
    """A school sees the registrations it recorded; the local authority team, which acts
    on the pattern they make, sees every registration of a child it may see."""
    registrations = SchoolRegistration.objects.filter(person=person).select_related("organisation")
    if user.role == Role.LA_SAFEGUARDING_TEAM:
        return registrations.order_by("registered_on")
    return registrations.filter(organisation=user.organisation_id).order_by("registered_on")


def registration_for(
    user: User, registration_id: uuid.UUID, *, page: str = ""
) -> SchoolRegistration:
    registration = (
        SchoolRegistration.objects.filter(pk=registration_id, person__in=people_visible_to(user))
        .select_related("person")
        .first()
    )
    if (
        registration is None
        or not school_registrations_for(user, registration.person)
        .filter(pk=registration.pk)
        .exists()
    ):
        raise Http404
    if page:
        reads.read(user, page, target=registration.person)
    return registration


# A stale save of a safety plan -----------------------------------------------------------

# The parts of a plan a person writes, in the order the form asks them.
_PLAN_PARTS = (
    "risks",
    "contact_allowed",
    "contact_not_allowed",
    "phone_and_internet",
    "supervision",
    "safe_places",
    "if_missing",
    "who_to_call",
    "review_on",
    "agreed_by",
)


@dataclass(frozen=True)
class PlanChange:
    part: str
    opened: object
    now: object


def plan_changes(opened: SafetyPlanVersion | None, current: SafetyPlanVersion) -> list[PlanChange]:
    """The parts of the plan that differ between the version a person opened (None: there was
    no plan) and the version saved now."""
    return [
        PlanChange(part, getattr(opened, part, ""), getattr(current, part))
        for part in _PLAN_PARTS
        if getattr(opened, part, "") != getattr(current, part)
    ]


def versions_since(current: SafetyPlanVersion, opened: int) -> QuerySet[SafetyPlanVersion]:
    """The versions saved after the one a person opened, newest first, with who saved them."""
    return current.plan.versions.filter(number__gt=opened).select_related("created_by")
