"""Home is a dashboard per role (issue 18, item 6).

A practitioner sees their own recent concerns (the person, when, open, reviewed or closed, and
how many actions wait on them), their open tasks and their unfinished drafts, each named by the
person it is about, with a way to discard it. A lead keeps the queue, danger first, and the new
concern alerts (`danger.home_for`). A local authority team sees its inbox (the referrals app's
tag), the cases other organisations shared with it, open pattern alerts and overdue tasks, as
counts with links.

Every list here is read through the selectors of the app that owns it, in a fixed number of
queries whatever the number of rows; the home page records one audited read when it shows
anyone's name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from noddfa.accounts.models import Role, User
from noddfa.audit import reads
from noddfa.audit.models import AuditAction
from noddfa.audit.services import record
from noddfa.casework.models import Task
from noddfa.casework.patterns import alerts_for, can_see_alerts
from noddfa.casework.permissions import tasks_visible_to
from noddfa.casework.selectors import my_tasks
from noddfa.concerns.models import Concern, ConcernDraft, LeadReview
from noddfa.concerns.permissions import concerns_visible_to
from noddfa.people.permissions import is_local_authority_team, people_visible_to

from .danger import Home, home_for

RECENT_CONCERNS = 5
TOP_TASKS = 5
# The rule set's "who" for the practitioner who recorded a concern.
PRACTITIONER = "practitioner"


class ConcernState:
    OPEN = "open"
    REVIEWED = "reviewed"
    CLOSED = "closed"


@dataclass(frozen=True)
class MyConcern:
    concern: Concern
    state: str
    # Actions still open that fall to the reader: theirs by the rule set or assigned to them.
    waiting: int

    @property
    def state_label(self) -> str:
        return {
            ConcernState.OPEN: _("Open"),
            ConcernState.REVIEWED: _("Reviewed"),
            ConcernState.CLOSED: _("Closed"),
        }[self.state]


@dataclass(frozen=True)
class NamedDraft:
    draft: ConcernDraft
    # The person the draft is about, as far as it says; "" when it names nobody yet.
    name: str


@dataclass(frozen=True)
class TeamCounts:
    """What a local authority team's home counts (no names)."""

    shared_cases: int
    pattern_alerts: int
    overdue_tasks: int


@dataclass(frozen=True)
class Dashboard:
    home: Home
    concerns: list[MyConcern] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    more_tasks: int = 0
    drafts: list[NamedDraft] = field(default_factory=list)
    team: TeamCounts | None = None


def my_recent_concerns(user: User, *, limit: int = RECENT_CONCERNS) -> list[MyConcern]:
    """The concerns the user recorded, newest first, still visible to them. One query."""
    waiting = Q(
        actions__retracted_at__isnull=True,
        actions__for_referrer=True,
        actions__outcomes__isnull=True,
    ) & (
        Q(actions__assigned_to=user)
        | Q(actions__assigned_to__isnull=True, actions__who=PRACTITIONER)
    )
    concerns = (
        concerns_visible_to(user)
        .filter(recorded_by=user)
        .select_related("subject", "closure")
        .annotate(
            reviewed=Exists(LeadReview.objects.filter(concern=OuterRef("pk"))),
            waiting=Count("actions", filter=waiting, distinct=True),
        )
        .order_by("-recorded_at")[:limit]
    )
    rows = []
    for concern in concerns:
        if hasattr(concern, "closure"):
            state = ConcernState.CLOSED
        elif concern.reviewed:
            state = ConcernState.REVIEWED
        else:
            state = ConcernState.OPEN
        rows.append(MyConcern(concern, state, int(concern.waiting)))
    return rows


def _own_drafts(user: User) -> list[ConcernDraft]:
    """The user's unfinished drafts that hold more than the person they are about."""
    drafts = ConcernDraft.objects.filter(author=user, concern__isnull=True).order_by("-updated_at")
    return [draft for draft in drafts if set(draft.data) - {"subject"}]


def _first(data: dict[str, list[str]], key: str) -> str:
    values = data.get(key) or [""]
    return str(values[0]).strip()


def _chosen(draft: ConcernDraft) -> uuid.UUID | None:
    try:
        return uuid.UUID(_first(draft.data, "subject"))
    except ValueError:
        return None


def named_drafts(user: User) -> list[NamedDraft]:
    """The user's own unfinished drafts, newest first, each named by the person it is about: a
    person chosen from the records (only one the user may still see) or the name typed for a
    new one. Two queries, whatever the number of drafts."""
    drafts = _own_drafts(user)
    chosen = {pk for draft in drafts if (pk := _chosen(draft)) is not None}
    people = {
        person.pk: str(person) for person in people_visible_to(user).filter(pk__in=chosen) if chosen
    }
    named = []
    for draft in drafts:
        pk = _chosen(draft)
        typed = " ".join(
            part
            for part in (
                _first(draft.data, "person-given_name"),
                _first(draft.data, "person-family_name"),
            )
            if part
        )
        name = people.get(pk, "") if pk is not None else typed
        named.append(NamedDraft(draft, name))
    return named


@transaction.atomic
def discard_draft(by: User, draft_id: uuid.UUID) -> None:
    """Discard one of the user's own unfinished drafts, audited. Anyone else's draft, or one
    that became a concern, is not found (404), exactly as if it did not exist."""
    draft = (
        ConcernDraft.objects.select_for_update()
        .filter(pk=draft_id, author=by, concern__isnull=True)
        .first()
    )
    if draft is None:
        raise Http404
    record(
        AuditAction.CHANGE,
        actor=by,
        organisation=draft.organisation,
        target=draft,
        detail={"event": "draft_discarded"},
    )
    draft.delete()


def draft_to_discard(user: User, draft_id: uuid.UUID, *, page: str = "") -> NamedDraft:
    """One of the user's own unfinished drafts, named, for the confirmation page; 404 for
    anyone else's. With `page`, an audited read when it names someone."""
    for named in named_drafts(user):
        if named.draft.pk == draft_id:
            if page and named.name:
                reads.read(user, page, target=named.draft)
            return named
    raise Http404


def team_counts(user: User) -> TeamCounts | None:
    """For a local authority team: people other organisations shared with it, its open pattern
    alerts and its overdue tasks. Counts only, so not a read of anyone's record."""
    if user.organisation is None or not is_local_authority_team(user.organisation):
        return None
    if user.role != Role.LA_SAFEGUARDING_TEAM:
        return None
    shared = (
        people_visible_to(user)
        .exclude(organisation=user.organisation_id)
        .filter(cases__memberships__organisation=user.organisation_id)
        .distinct()
        .count()
    )
    alerts = (
        alerts_for(user).filter(dismissed_at__isnull=True).count() if can_see_alerts(user) else 0
    )
    overdue = tasks_visible_to(user).filter(outcome="", due_at__lt=timezone.now()).count()
    return TeamCounts(shared_cases=shared, pattern_alerts=alerts, overdue_tasks=overdue)


def dashboard_for(user: User, *, page: str = "") -> Dashboard:
    """The home page for the user's role. With `page`, one audited read when it shows
    anyone's name (a concern, a task about a person, a named draft, an alert)."""
    home = home_for(user)
    concerns = my_recent_concerns(user)
    open_tasks = my_tasks(user)
    drafts = named_drafts(user)
    team = team_counts(user)
    shown = home.attention or home.alerts or concerns or open_tasks or drafts
    if page and shown:
        reads.read(
            user,
            page,
            alerts=len(home.alerts),
            attention=len(home.attention),
            concerns=len(concerns),
            tasks=len(open_tasks),
            drafts=len(drafts),
        )
    return Dashboard(
        home=home,
        concerns=concerns,
        tasks=open_tasks[:TOP_TASKS],
        more_tasks=max(0, len(open_tasks) - TOP_TASKS),
        drafts=drafts,
        team=team,
    )
