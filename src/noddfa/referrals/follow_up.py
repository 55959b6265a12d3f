"""A referral's next step as a task for the team that sent it.

Once a referral has gone, the team waits for someone else (the local authority, the Home
Office) within a statutory time. That wait is a task owned by whoever prepared the referral,
so it shows in "My tasks", is reminded by `noddfa reminders`, and turns overdue when the reply
is late. The referrer's own steps after a report made in Wales (confirm a telephone report in
writing, follow up when no acknowledgement came) are tasks the same way. Before submission no
task is made here: the pathway action the draft came from is already a task. A recovery
period end is an earliest date, not a deadline, so it is not one.
"""

from __future__ import annotations

from django.utils.translation import override

from noddfa.casework.services import schedule_task, settle_source_tasks

from .deadlines import TASK_KEYS, deadlines_of
from .models import ReferralDraft, Status
from .open_deadlines import keep_open_deadlines

REFERRAL_STEP = "referral_step"


def follow_referral(draft: ReferralDraft) -> None:
    """Make a task for each date the referral now waits on (the receiving body's reply, a
    telephone report's written confirmation, the follow-up when no acknowledgement came),
    and finish the tasks for waits now over.

    Called by the services after every status change, decision or written confirmation, as
    the system. Each task's source id is "<draft id>:<deadline key>". The referral's open
    dates are stored again too, for the deadline lists."""
    keep_open_deadlines(draft)
    waiting = (
        []
        if draft.status in (Status.DRAFT, Status.READY)
        else [d for d in deadlines_of(draft) if d.can_be_overdue and d.key in TASK_KEYS]
    )
    current = {d.key for d in waiting}
    for key in TASK_KEYS:
        if key not in current:
            settle_source_tasks(REFERRAL_STEP, f"{draft.pk}:{key}")
    for deadline in waiting:
        # The English wording is the message id: the task list shows it in the reader's
        # language.
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
            source_id=f"{draft.pk}:{deadline.key}",
        )
