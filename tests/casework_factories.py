"""Casework records made through the real services, as a lead would make them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.casework.models import MissingEpisode, MissingRisk, SafetyPlanVersion
from noddfa.casework.plan_templates import CHILD
from noddfa.casework.services import report_missing, save_plan_version
from noddfa.people.models import Person


def plan_fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "template": CHILD.key,
        "risks": "Controllers may phone him.",
        "contact_allowed": "Foster carers; school staff.",
        "contact_not_allowed": "The man who drove him to the nail bar.",
        "phone_and_internet": str(CHILD.phone_and_internet),
        "supervision": str(CHILD.supervision),
        "safe_places": "School office.",
        "if_missing": str(CHILD.if_missing),
        "who_to_call": str(CHILD.who_to_call),
        "review_on": timezone.localdate() + timedelta(weeks=6),
        "agreed_by": "Catrin Lloyd, social worker\nGareth Morgan, designated safeguarding lead",
        "change_reason": "First plan after the strategy discussion",
    }
    fields.update(changes)
    return fields


def make_plan(by: User, person: Person, **changes: object) -> SafetyPlanVersion:
    return save_plan_version(by, person, **plan_fields(**changes))  # type: ignore[arg-type]


def make_episode(
    by: User,
    person: Person,
    *,
    risk: str = MissingRisk.MEDIUM,
    last_seen_at: datetime | None = None,
) -> MissingEpisode:
    return report_missing(
        by,
        person,
        last_seen_at=last_seen_at or timezone.now() - timedelta(hours=2),
        last_seen_where="Bus station",
        description="Slim, short black hair; grey hoodie and black trainers.",
        may_be_with="An older man in a silver car",
        phone_numbers="07700 900123",
        risk=risk,
    )


def born(years_ago: int, days: int = 0, today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today.replace(year=today.year - years_ago) - timedelta(days=days)
