"""What state a pathway action is in, told truthfully about time (issue 18, item 3; ADR 18).

One of: *now* (due immediately and still within its grace), *due* (by its deadline), *overdue*
(only once the deadline has passed), *to do* (no fixed time), *done* (how, when, by whom),
*not done* (why), or *superseded* (a later run of the pathway replaced or retracted it). The
concern page, the task lists (through `casework.selectors.task_status`), the review queue and
the reminders all count "overdue" from the same stored deadline, which for "immediately"
already holds the grace (`pathway_case.IMMEDIATE_GRACE`), so none of them calls an action
overdue the moment it is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ActionOutcome, PathwayAction
from .pathway_case import IMMEDIATE_GRACE

IMMEDIATELY = "immediately"


class State(StrEnum):
    NOW = "now"
    DUE = "due"
    OVERDUE = "overdue"
    OPEN = "to_do"
    DONE = "done"
    NOT_DONE = "not_done"
    SUPERSEDED = "superseded"


# The GOV.UK tag each state wears. Its text always says the state: colour is never alone.
_TAGS = {
    State.NOW: "govuk-tag--orange",
    State.DUE: "",  # the plain tag: govuk-frontend 6 has no "blue" modifier
    State.OVERDUE: "govuk-tag--red",
    State.OPEN: "govuk-tag--grey",
    State.DONE: "govuk-tag--green",
    State.NOT_DONE: "govuk-tag--yellow",
    State.SUPERSEDED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class ActionStatus:
    state: State
    due_at: datetime | None = None
    outcome: ActionOutcome | None = None

    @property
    def label(self) -> str:
        return {
            State.NOW: _("Now"),
            State.DUE: _("Due"),
            State.OVERDUE: _("Overdue"),
            State.OPEN: _("To do"),
            State.DONE: _("Done"),
            State.NOT_DONE: _("Not done"),
            State.SUPERSEDED: _("Replaced"),
        }[self.state]

    @property
    def tag(self) -> str:
        return _TAGS[self.state]

    @property
    def is_overdue(self) -> bool:
        return self.state == State.OVERDUE


def time_state(due: str, due_at: datetime | None, now: datetime) -> ActionStatus:
    """The state of something still to do, from its wording and its deadline alone."""
    if due_at is None:
        return ActionStatus(State.OPEN)
    if due_at < now:
        return ActionStatus(State.OVERDUE, due_at)
    if due == IMMEDIATELY:
        return ActionStatus(State.NOW, due_at)
    return ActionStatus(State.DUE, due_at)


def status_of(action: PathwayAction, latest: ActionOutcome | None, now: datetime) -> ActionStatus:
    """The action's state at `now`, given its latest outcome (None when none is recorded)."""
    if action.retracted_at is not None:
        return ActionStatus(State.SUPERSEDED, action.due_at, latest)
    if latest is not None:
        done = latest.status == ActionOutcome.Status.DONE
        return ActionStatus(State.DONE if done else State.NOT_DONE, action.due_at, latest)
    return time_state(action.due, action.due_at, now)


def grace_statement() -> str:
    """The grace for "immediately", in the reader's language, as the concern page states it."""
    hours = int(IMMEDIATE_GRACE.total_seconds() // 3600)
    return ngettext(
        "An action due immediately shows as “Now” until it is done; it counts as overdue "
        "%(hours)s hour after the pathway listed it.",
        "An action due immediately shows as “Now” until it is done; it counts as overdue "
        "%(hours)s hours after the pathway listed it.",
        hours,
    ) % {"hours": hours}
