"""A referral's next step as a task for the team that sent it.

Once a referral has gone, the team waits for someone else (the local authority, the Home
Office) within a statutory time. That wait is a task owned by whoever prepared the referral,
so it shows in "My tasks", is reminded by `noddfa reminders`, and turns overdue when the reply
is late. Before submission no task is made here: the pathway action the draft came from is
already a task. A recovery period end is an earliest date, not a deadline, so it is not one.
"""

from __future__ import annotations

from django.utils.translation import override

from noddfa.casework.services import schedule_task, settle_source_tasks

from .deadlines import next_deadline
from .models import ReferralDraft, Status

REFERRAL_STEP = "referral_step"


def follow_referral(draft: ReferralDraft) -> None:
    """Make the task for the referral's current wait, and finish the one for a wait now over.

    Called by the services after every status change or decision, as the system."""
    prefix = f"{draft.pk}:"
    deadline = next_deadline(draft)
    waiting = (
        deadline is not None
        and deadline.can_be_overdue
        and draft.status not in (Status.DRAFT, Status.READY)
    )
    current = f"{prefix}reply" if waiting else ""
    settle_source_tasks(REFERRAL_STEP, prefix, keep=current)
    if not waiting or deadline is None:
        return
    # The English wording is the message id: the task list shows it in the reader's language.
    with override("en"):
        title = str(deadline.label)
    schedule_task(
        None,
        draft.subject,
        title,
        deadline.due,
        owner=draft.created_by,
        organisation=draft.organisation,
        source_kind=REFERRAL_STEP,
        source_id=current,
    )
