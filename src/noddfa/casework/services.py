"""Writing casework: each write checks permission, changes the data and writes its audit
event in one transaction. Audit details carry ids and codes only, never what was written."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from noddfa.accounts.models import Organisation, User
from noddfa.audit.models import AuditAction
from noddfa.audit.services import appended_together, record
from noddfa.core.errors import Conflict, StaleSave
from noddfa.directory.models import Service
from noddfa.people.models import Person
from noddfa.people.permissions import is_local_authority_team

from .models import (
    AftercareOutcome,
    AftercareReferral,
    Casefile,
    CaseStatus,
    CaseStatusChange,
    ImmediateAction,
    ImmediateStep,
    MissingEpisode,
    MissingReturn,
    MissingRisk,
    Notice,
    NrmStatus,
    SafetyPlan,
    SafetyPlanVersion,
    Task,
    TaskOutcome,
    TransitionPlan,
)
from .permissions import (
    can_finish_task,
    can_manage_casework,
    can_respond_to_missing,
    is_case_manager,
)
from .plan_templates import TEMPLATES
from .transition import ADULT_AGE, in_transition_window, transition_due

if TYPE_CHECKING:
    from noddfa.concerns.models import Concern, PathwayAction

PLAN_REVIEW = "plan_review"
PATHWAY_ACTION = "pathway_action"
# The rule set's "who" for the practitioner who recorded the concern.
PRACTITIONER = "practitioner"
TRANSITION = "transition"


class CaseClosedError(Conflict):
    """Casework on a closed case waits until someone reopens it with a reason."""


class StalePlan(StaleSave):
    """The plan gained a version after the page was opened: saving would drop that change."""

    def __init__(self, opened: int, current: int) -> None:
        super().__init__(
            _("Someone saved a newer version of this plan after you opened it."), str(current)
        )
        self.opened = opened
        self.current = current


def _casefile(by: User, person: Person, *, allow_closed: bool = False) -> Casefile:
    """The writer's organisation's case file for the person, opened on first use."""
    assert by.organisation is not None
    casefile, created = Casefile.objects.get_or_create(
        person=person, organisation=by.organisation, defaults={"opened_by": by}
    )
    if created:
        CaseStatusChange.objects.create(casefile=casefile, status=CaseStatus.OPEN, changed_by=by)
        record(AuditAction.CREATE, actor=by, target=casefile, detail={"event": "case_opened"})
    elif casefile.is_closed and not allow_closed:
        raise CaseClosedError(_("This case is closed. Reopen it, with a reason, to add to it."))
    return casefile


def _require_manager(by: User, person: Person) -> None:
    if not can_manage_casework(by, person):
        raise PermissionDenied


# Safety plans ------------------------------------------------------------------------------


@transaction.atomic
def save_plan_version(
    by: User,
    person: Person,
    *,
    template: str,
    risks: str,
    contact_allowed: str,
    contact_not_allowed: str,
    phone_and_internet: str,
    supervision: str,
    safe_places: str,
    if_missing: str,
    who_to_call: str,
    review_on: date,
    agreed_by: str,
    change_reason: str,
    based_on: int | None = None,
) -> SafetyPlanVersion:
    """Add a version of the organisation's safety plan; earlier versions stay as they were.

    `based_on` is the version the person opened (0 when there was no plan): a save made from
    an older version raises StalePlan and changes nothing, so one lead's new risk is never
    silently dropped by another's save.
    """
    _require_manager(by, person)
    if template not in TEMPLATES:
        raise ValidationError(_("Choose a template"))
    if review_on <= timezone.localdate():
        raise ValidationError(_("The review date must be in the future"))
    if not [line for line in agreed_by.splitlines() if line.strip()]:
        raise ValidationError(_("Name the professionals who agreed the plan"))
    casefile = _casefile(by, person)
    plan, _created = SafetyPlan.objects.get_or_create(casefile=casefile)
    # Lock the plan so two people saving at once get numbers 2 and 3, not two 2s.
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    if based_on is not None and based_on != last:
        raise StalePlan(based_on, last)
    version = SafetyPlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        template=template,
        risks=risks,
        contact_allowed=contact_allowed,
        contact_not_allowed=contact_not_allowed,
        phone_and_internet=phone_and_internet,
        supervision=supervision,
        safe_places=safe_places,
        if_missing=if_missing,
        who_to_call=who_to_call,
        review_on=review_on,
        agreed_by=agreed_by,
        change_reason=change_reason,
        created_by=by,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=version,
        detail={"event": "safety_plan_version", "plan": str(plan.pk), "number": version.number},
    )
    _replace_review_task(by, person, plan, version)
    return version


def _replace_review_task(
    by: User, person: Person, plan: SafetyPlan, version: SafetyPlanVersion
) -> None:
    # A new version is itself the review of the last one: its reminder is done, and the
    # new version's review date becomes the next reminder.
    for task in Task.objects.filter(
        source_kind=PLAN_REVIEW, person=person, organisation=plan.casefile.organisation, outcome=""
    ):
        _finish(by, task, TaskOutcome.DONE, f"safety plan version {version.number}")
    due = datetime.combine(version.review_on, datetime.min.time().replace(hour=9))
    schedule_task(
        None,
        person,
        gettext_noop("Review the safety plan"),
        timezone.make_aware(due),
        owner=by,
        organisation=plan.casefile.organisation,
        source_kind=PLAN_REVIEW,
        source_id=str(version.pk),
    )


# Missing episodes --------------------------------------------------------------------------


def immediate_steps(risk: str) -> list[ImmediateStep]:
    """What comes first when someone goes missing: the police (999 when they may be in
    danger, 101 otherwise) and social services at once (seed 002, steps 2 and 3)."""
    police = ImmediateStep.CALL_999 if risk == MissingRisk.HIGH else ImmediateStep.CALL_101
    return [police, ImmediateStep.INFORM_SOCIAL_SERVICES]


@transaction.atomic
def report_missing(
    by: User,
    person: Person,
    *,
    last_seen_at: datetime,
    last_seen_where: str,
    description: str,
    may_be_with: str,
    phone_numbers: str,
    risk: str,
) -> MissingEpisode:
    if not can_respond_to_missing(by, person):
        raise PermissionDenied
    if risk not in MissingRisk.values:
        raise ValidationError(_("Choose the level of risk"))
    casefile = _casefile(by, person, allow_closed=True)
    if casefile.is_closed:
        # A closed case must not slow down the response: going missing reopens it, logged.
        _change_status(by, casefile, CaseStatus.REOPENED, reason="missing episode reported")
    episode = MissingEpisode.objects.create(
        casefile=casefile,
        person=person,
        last_seen_at=last_seen_at,
        last_seen_where=last_seen_where,
        description=description,
        may_be_with=may_be_with,
        phone_numbers=phone_numbers,
        risk=risk,
        reported_by=by,
        reported_at=timezone.now(),
    )
    # A local authority team reporting the episode is social services: telling them is done
    # as it is reported, never an instruction to contact itself (issue 18, item 6).
    social_services = by.organisation is not None and is_local_authority_team(by.organisation)
    ImmediateAction.objects.bulk_create(
        ImmediateAction(
            episode=episode,
            step=step,
            order=order,
            **(
                {"done_at": episode.reported_at, "done_by": by}
                if social_services and step == ImmediateStep.INFORM_SOCIAL_SERVICES
                else {}
            ),
        )
        for order, step in enumerate(immediate_steps(risk), start=1)
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=episode,
        detail={"event": "missing_episode_reported", "risk": risk},
    )
    return episode


@transaction.atomic
def record_immediate_action(
    by: User, action: ImmediateAction, *, done_at: datetime, reference: str = ""
) -> ImmediateAction:
    if not can_respond_to_missing(by, action.episode.person):
        raise PermissionDenied
    action = ImmediateAction.objects.select_for_update().get(pk=action.pk)
    if action.done_at is not None:
        raise Conflict(_("This step was already recorded."))
    if done_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError(_("The time must not be in the future"))
    action.done_at = done_at
    action.done_by = by
    action.reference = reference
    action.save(update_fields=["done_at", "done_by", "reference"])
    record(
        AuditAction.CHANGE,
        actor=by,
        target=action.episode,
        detail={"event": "immediate_action_done", "step": action.step},
    )
    return action


@transaction.atomic
def record_return(
    by: User,
    episode: MissingEpisode,
    *,
    returned_at: datetime,
    found_where: str,
    interview_offered: bool,
    interview_held: bool,
    interviewed_by: str,
    learned: str,
) -> MissingReturn:
    if not can_respond_to_missing(by, episode.person):
        raise PermissionDenied
    if returned_at < episode.last_seen_at:
        raise ValidationError(_("The return must be after the person was last seen"))
    if interview_held and not (interview_offered and interviewed_by.strip()):
        raise ValidationError(_("Say who held the return interview"))
    if MissingReturn.objects.filter(episode=episode).exists():
        raise Conflict(_("This return was already recorded."))
    returned = MissingReturn.objects.create(
        episode=episode,
        returned_at=returned_at,
        found_where=found_where,
        interview_offered=interview_offered,
        interview_held=interview_held,
        interviewed_by=interviewed_by,
        learned=learned,
        recorded_by=by,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=episode,
        detail={"event": "missing_return_recorded", "interview_held": interview_held},
    )
    return returned


# Tasks -------------------------------------------------------------------------------------


@transaction.atomic
def schedule_task(
    by: User | None,
    person: Person | None,
    title: str,
    due_at: datetime | None,
    owner: User | None = None,
    *,
    organisation: Organisation | None = None,
    source_kind: str = "",
    source_id: str = "",
    pathway_action: PathwayAction | None = None,
) -> Task:
    """Schedule a task for a team, once per source: scheduling the same (source_kind,
    source_id) again returns the task already there.

    `by` is the person scheduling it, whose organisation becomes the team; `None` means the
    system (a hook or the scheduled job), which must name the organisation.
    """
    if by is not None:
        if person is not None:
            _require_manager(by, person)
        elif not is_case_manager(by):
            raise PermissionDenied
        organisation = by.organisation
    if organisation is None:
        raise ValueError("A task needs a team.")
    if owner is not None and owner.organisation_id != organisation.pk:
        raise PermissionDenied
    if source_kind:
        existing = Task.objects.filter(source_kind=source_kind, source_id=source_id).first()
        if existing is not None:
            return existing
    task = Task.objects.create(
        organisation=organisation,
        person=person,
        title=title,
        due_at=due_at,
        owner=owner,
        source_kind=source_kind,
        source_id=source_id,
        pathway_action=pathway_action,
        created_by=by,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        organisation=organisation,
        target=task,
        detail={"event": "task_scheduled", "source_kind": source_kind, "source_id": source_id},
    )
    return task


def _finish(by: User | None, task: Task, outcome: str, note: str) -> Task:
    task.outcome = outcome
    task.outcome_note = note
    task.finished_at = timezone.now()
    task.finished_by = by
    task.save(update_fields=["outcome", "outcome_note", "finished_at", "finished_by"])
    record(
        AuditAction.CHANGE,
        actor=by,
        organisation=task.organisation,
        target=task,
        detail={"event": "task_finished", "outcome": outcome},
    )
    return task


def settle_source_tasks(source_kind: str, prefix: str, keep: str = "") -> int:
    """Finish, as the system, the open tasks of one source that are no longer current (a
    referral that moved on from waiting for a reply, say). Returns how many were finished."""
    stale = Task.objects.filter(
        source_kind=source_kind, source_id__startswith=prefix, outcome=""
    ).exclude(source_id=keep)
    finished = 0
    for task in stale.select_for_update():
        _finish(None, task, TaskOutcome.DONE, "")
        finished += 1
    return finished


@transaction.atomic
def finish_task(by: User, task: Task, *, outcome: str, note: str = "") -> Task:
    if not can_finish_task(by, task):
        raise PermissionDenied
    if outcome not in TaskOutcome.values:
        raise ValidationError(_("Choose whether the task was done"))
    if outcome == TaskOutcome.NOT_DONE and not note.strip():
        raise ValidationError(_("Say why the task was not done"))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise Conflict(_("This task is already finished."))
    return _finish(by, task, outcome, note)


def mark_notices_read(user: User, notices: list[Notice]) -> None:
    """In-app reminders are shown once on "My tasks", then marked read."""
    mine = [notice.pk for notice in notices if notice.recipient_id == user.pk]
    Notice.objects.filter(pk__in=mine, read_at__isnull=True).update(read_at=timezone.now())


def _pathway_due(action: PathwayAction) -> datetime | None:
    person = action.concern.subject
    if action.code == "TRANSITION_PLAN" and person.date_of_birth is not None:
        return transition_due(person.date_of_birth, timezone.now())
    return action.due_at


def _owner_of(action: PathwayAction, concern: Concern) -> User | None:
    """Who a pathway action's task belongs to: whoever a lead assigned it to; else, for an
    action the rule set gives the practitioner ("You" on the concern page), the practitioner
    who recorded the concern, while they are an active member of its organisation. A lead's
    action, or anyone's, stays with the team (issue 18, item 6)."""
    if action.assigned_to_id is not None:
        return action.assigned_to
    if action.who != PRACTITIONER:
        return None
    recorder = concern.recorded_by
    if recorder.is_active and recorder.organisation_id == concern.organisation_id:
        return recorder
    return None


@transaction.atomic
def follow_pathway_actions(concern: Concern) -> None:
    """Keep a concern's own pathway actions mirrored as its organisation's tasks: one task per
    action, owned by whoever it is assigned to, finished when an outcome is recorded, and
    finished as not done, with the reason, when a re-run of the pathway retracts the action
    (a task for advice no longer given must not sit in a list turning overdue).

    Received from noddfa.concerns.signals.actions_changed after each change to the actions,
    as the system."""
    from noddfa.concerns.models import ActionOutcome, PathwayAction

    retracted = PathwayAction.history.filter(
        concern=concern, retracted_at__isnull=False, tasks__outcome=""
    ).select_related("retracted_by")
    for action in retracted.distinct():
        for task in Task.objects.select_for_update().filter(pathway_action=action, outcome=""):
            _finish(action.retracted_by, task, TaskOutcome.NOT_DONE, action.retracted_reason)
    for action in concern.actions.filter(for_referrer=True).select_related("assigned_to"):
        owner = _owner_of(action, concern)
        task = schedule_task(
            None,
            concern.subject,
            action.code,
            _pathway_due(action),
            owner=owner,
            organisation=concern.organisation,
            source_kind=PATHWAY_ACTION,
            source_id=str(action.pk),
            pathway_action=action,
        )
        owner_id = owner.pk if owner is not None else None
        if task.owner_id != owner_id and task.is_open:
            task.owner = owner
            task.save(update_fields=["owner"])
            record(
                AuditAction.CHANGE,
                organisation=concern.organisation,
                target=task,
                detail={"event": "task_assigned", "owner": owner_id},
            )
        latest = action.outcomes.order_by("-recorded_at", "-id").first()
        if latest is not None and task.is_open:
            outcome = (
                TaskOutcome.DONE
                if latest.status == ActionOutcome.Status.DONE
                else TaskOutcome.NOT_DONE
            )
            _finish(latest.recorded_by, task, outcome, latest.reason)


def _transition_candidates(today: date) -> list[Casefile]:
    """Case files of people who may be in the transition window today, with no transition
    plan and no transition task yet, each with its latest status: one query.

    Someone is in the window from the 17th birthday to the eve of the 18th, so only people
    born in the 18th or the 17th year before this one can be; the exact window (29 February
    births) is checked by the caller."""
    latest_status = CaseStatusChange.objects.filter(casefile=OuterRef("pk")).order_by(
        "-changed_at", "-id"
    )
    own_action_task = Task.objects.filter(
        person=OuterRef("person"),
        organisation=OuterRef("organisation"),
        pathway_action__code="TRANSITION_PLAN",
    )
    return list(
        Casefile.objects.filter(
            person__date_of_birth__gte=date(today.year - ADULT_AGE, 1, 1),
            person__date_of_birth__lte=date(today.year - ADULT_AGE + 1, 12, 31),
            transition_plan__isnull=True,
        )
        .annotate(
            latest_status_value=Subquery(latest_status.values("status")[:1]),
            has_action_task=Exists(own_action_task),
        )
        .filter(has_action_task=False)
        .select_related("person", "organisation")
        .order_by("pk")
    )


def schedule_transition_tasks(now: datetime | None = None, batch_size: int = 500) -> int:
    """For every open case file of a person in the transition window with no transition plan
    yet, a transition task due well before the 18th birthday. Idempotent; the scheduled job
    runs it so nobody depends on remembering a birthday.

    A few queries per batch whatever the number of case files (issue 22): the candidates and
    their latest status in one query, the tasks already made in one, and each batch of new
    tasks with its audit events written in one short transaction. The unique (source_kind,
    source_id) pair keeps a task from being made twice by two runs at once: a run that loses
    that race rolls its batch back and reads again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due: list[tuple[Casefile, str]] = []
    for casefile in _transition_candidates(today):
        person = casefile.person
        assert person.date_of_birth is not None
        closed = getattr(casefile, "latest_status_value", None) == CaseStatus.CLOSED
        if closed or not in_transition_window(person.date_of_birth, today):
            continue
        due.append((casefile, f"{person.pk}:{casefile.organisation_id}"))
    made = 0
    for start in range(0, len(due), batch_size):
        batch = due[start : start + batch_size]
        for attempt in range(2):
            try:
                made += _schedule_transition_batch(batch, now)
            except IntegrityError:
                if attempt:
                    raise
                continue  # another run made some of these tasks first: read again
            break
    return made


def _schedule_transition_batch(batch: list[tuple[Casefile, str]], now: datetime) -> int:
    with transaction.atomic(), appended_together():
        made = set(
            Task.objects.filter(
                source_kind=TRANSITION, source_id__in=[source_id for _, source_id in batch]
            ).values_list("source_id", flat=True)
        )
        tasks = [
            Task(
                organisation=casefile.organisation,
                person=casefile.person,
                title=gettext_noop("Make the transition plan for the 18th birthday"),
                due_at=transition_due(born, now),
                source_kind=TRANSITION,
                source_id=source_id,
            )
            for casefile, source_id in batch
            if source_id not in made and (born := casefile.person.date_of_birth) is not None
        ]
        Task.objects.bulk_create(tasks)
        for task in tasks:
            record(
                AuditAction.CREATE,
                organisation=task.organisation,
                target=task,
                detail={
                    "event": "task_scheduled",
                    "source_kind": TRANSITION,
                    "source_id": task.source_id,
                },
            )
    return len(tasks)


# Aftercare and transition ------------------------------------------------------------------


@transaction.atomic
def refer_for_aftercare(
    by: User,
    person: Person,
    *,
    service: Service | None,
    service_name: str,
    referred_on: date,
    reason: str,
) -> AftercareReferral:
    _require_manager(by, person)
    if service is None and not service_name.strip():
        raise ValidationError(_("Choose a service or enter its name"))
    casefile = _casefile(by, person)
    referral = AftercareReferral.objects.create(
        casefile=casefile,
        service=service,
        service_name="" if service is not None else service_name,
        referred_on=referred_on,
        reason=reason,
        made_by=by,
    )
    record(
        AuditAction.CREATE,
        actor=by,
        target=referral,
        detail={"event": "aftercare_referral", "service": service.key if service else ""},
    )
    return referral


@transaction.atomic
def record_aftercare_outcome(
    by: User, referral: AftercareReferral, *, outcome: str, note: str = ""
) -> AftercareReferral:
    _require_manager(by, referral.casefile.person)
    if referral.casefile.organisation_id != by.organisation_id:
        raise PermissionDenied
    if outcome not in AftercareOutcome.values or outcome == AftercareOutcome.WAITING:
        raise ValidationError(_("Choose the outcome"))
    referral.outcome = outcome
    referral.outcome_note = note
    referral.outcome_at = timezone.now()
    referral.save(update_fields=["outcome", "outcome_note", "outcome_at"])
    record(
        AuditAction.CHANGE,
        actor=by,
        target=referral,
        detail={"event": "aftercare_outcome", "outcome": outcome},
    )
    return referral


@transaction.atomic
def save_transition_plan(
    by: User,
    person: Person,
    *,
    adult_services: str,
    nrm_status: str,
    nrm_reference: str,
    arrangements: str,
    person_views: str,
) -> TransitionPlan:
    _require_manager(by, person)
    if nrm_status not in NrmStatus.values:
        raise ValidationError(_("Choose the NRM status"))
    casefile = _casefile(by, person)
    plan, created = TransitionPlan.objects.update_or_create(
        casefile=casefile,
        defaults={
            "adult_services": adult_services,
            "nrm_status": nrm_status,
            "nrm_reference": nrm_reference,
            "arrangements": arrangements,
            "person_views": person_views,
            "updated_by": by,
        },
    )
    record(
        AuditAction.CREATE if created else AuditAction.CHANGE,
        actor=by,
        target=plan,
        detail={"event": "transition_plan_saved", "nrm_status": nrm_status},
    )
    # The plan exists now, so the task asking for it is done.
    open_tasks = Task.objects.filter(person=person, organisation=casefile.organisation, outcome="")
    for task in open_tasks.filter(
        Q(source_kind=TRANSITION) | Q(pathway_action__code="TRANSITION_PLAN")
    ):
        _finish(by, task, TaskOutcome.DONE, "transition plan saved")
    return plan


# Closing and reopening ---------------------------------------------------------------------


def _change_status(
    by: User, casefile: Casefile, status: str, *, outcome: str = "", reason: str = ""
) -> CaseStatusChange:
    change = CaseStatusChange.objects.create(
        casefile=casefile, status=status, outcome=outcome, reason=reason, changed_by=by
    )
    record(
        AuditAction.CHANGE,
        actor=by,
        target=casefile,
        detail={"event": f"case_{status}", "outcome": outcome},
    )
    return change


@transaction.atomic
def close_case(by: User, person: Person, *, outcome: str, reason: str) -> CaseStatusChange:
    _require_manager(by, person)
    if not outcome or not reason.strip():
        raise ValidationError(_("A case closes only with an outcome and a reason"))
    casefile = _casefile(by, person, allow_closed=True)
    casefile = Casefile.objects.select_for_update().get(pk=casefile.pk)
    if casefile.is_closed:
        raise CaseClosedError(_("This case is already closed."))
    return _change_status(by, casefile, CaseStatus.CLOSED, outcome=outcome, reason=reason)


@transaction.atomic
def reopen_case(by: User, person: Person, *, reason: str) -> CaseStatusChange:
    _require_manager(by, person)
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening the case"))
    casefile = (
        Casefile.objects.select_for_update()
        .filter(person=person, organisation=by.organisation_id)
        .first()
    )
    if casefile is None or not casefile.is_closed:
        raise Conflict(_("The case is already open."))
    return _change_status(by, casefile, CaseStatus.REOPENED, reason=reason)
