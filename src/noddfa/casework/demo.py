"""Synthetic casework for the demonstration: made through the real services, so the demo
shows exactly what a safeguarding lead would have made."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.people.models import Person

from .models import Casefile, MissingRisk
from .plan_templates import CHILD
from .services import (
    record_immediate_action,
    record_return,
    report_missing,
    save_plan_version,
    schedule_task,
)


@transaction.atomic
def add_demo_casework(person: Person, by: User) -> None:
    """A safety plan, a past missing episode with its return interview, and some tasks.
    `by` must be a safeguarding lead (or local authority team member) who can see the person.
    Running it again changes nothing."""
    if Casefile.objects.filter(person=person, organisation=by.organisation_id).exists():
        return
    now = timezone.now()
    save_plan_version(
        by,
        person,
        template=CHILD.key,
        risks=(
            "SYNTHETIC DEMO. The adults who collected him in a car may try to reach him again; "
            "he says he owes them money for the journey."
        ),
        contact_allowed="Foster carers; school staff; his ICTG worker.",
        contact_not_allowed="The driver of the silver car and anyone from the nail bar.",
        phone_and_internet=str(CHILD.phone_and_internet),
        supervision=str(CHILD.supervision),
        safe_places="The school office; the foster home.",
        if_missing=str(CHILD.if_missing),
        who_to_call=str(CHILD.who_to_call),
        review_on=timezone.localdate() + timedelta(weeks=6),
        agreed_by="Catrin Lloyd, social worker (synthetic)\nGareth Morgan, safeguarding lead",
        change_reason="First plan after the strategy discussion (synthetic)",
    )
    last_seen = now - timedelta(days=20)
    episode = report_missing(
        by,
        person,
        last_seen_at=last_seen,
        last_seen_where="Bus station (synthetic)",
        description="SYNTHETIC DEMO. Slim, short black hair; grey hoodie, black trainers.",
        may_be_with="Possibly the driver of a silver car",
        phone_numbers="07700 900000 (synthetic)",
        risk=MissingRisk.HIGH,
    )
    # The police were called 40 minutes after he was last seen, social services 15 later.
    for minutes, action in zip((40, 55), episode.actions.all(), strict=False):
        record_immediate_action(by, action, done_at=last_seen + timedelta(minutes=minutes))
    record_return(
        by,
        episode,
        returned_at=last_seen + timedelta(hours=30),
        found_where="Found by police in another town (synthetic)",
        interview_offered=True,
        interview_held=True,
        interviewed_by="Independent return interview worker (synthetic)",
        learned="SYNTHETIC DEMO. Was taken to work a night shift; was given a new phone.",
    )
    schedule_task(
        by, person, "Strategy meeting with police and social services", now + timedelta(days=2), by
    )
    schedule_task(
        by, person, "Check the foster carers have the new plan", now - timedelta(hours=3), by
    )
