"""Turning what a practitioner recorded into a pathway case, and the answer into deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from noddfa.accounts.areas import jurisdiction_of
from noddfa.accounts.duties import duties_of
from noddfa.accounts.models import Organisation
from noddfa.core.working_days import add_working_days
from noddfa.people.models import Person

# The ruleset's "due" wording maps to a deadline; wording with no fixed time gives none.
_WORKING_DAYS = {
    "immediately": 0,
    "today (the same working day)": 0,
    "within 1 working day": 1,
    "as soon as possible": 1,
    "within 7 working days": 7,
}
# Wording counted in hours from the moment, whatever the day. Wording that names a condition,
# not a time ("if the person does not agree to an NRM referral", "before any NRM referral"),
# gives no deadline.
_HOURS = {"within 24 hours": 24}
_END_OF_DAY = time(17, 0)
# "Immediately" is a grace, not a stopwatch: an action due immediately shows as "now" from the
# moment the pathway lists it and counts as overdue only once this grace has passed. Nothing
# is due sooner, so no action is overdue the moment it is created (issue 18, item 3; ADR 18).
# The concern page states it; a data migration moved the deadlines stored before it.
IMMEDIATE_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class RecordedFacts:
    """The answers to the trafficking questions, each None where the answer is not known.

    Which nation's law applies is not among them: it follows from the recording
    organisation's area (`build_case`), however the concern arrives.
    """

    immediate_danger: bool | None = None
    at_risk_of_going_missing: bool | None = None
    missing_now: bool | None = None
    action: list[str] = field(default_factory=list)
    means: list[str] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    facilitated_border_crossing: bool | None = None
    relationship_ended_on_arrival: bool | None = None
    consents_to_nrm: bool | None = None
    care_and_support_needs: bool | None = None
    unable_to_protect_self: bool | None = None
    access_refused: bool | None = None


def _known(values: dict[str, Any]) -> dict[str, Any]:
    # The contract reads a missing field as "not known", so unknowns are left out.
    return {key: value for key, value in values.items() if value not in (None, [])}


def build_case(
    facts: RecordedFacts, subject: Person, organisation: Organisation, on: date
) -> dict[str, Any]:
    person = _known({"age": subject.age_on(on), "age_disputed": subject.age_disputed or None})
    # The law's answer for the organisation's type wins over its stored flags (DESIGN: "the
    # law settles duties"); the flags only fill what the law leaves open.
    duties = duties_of(organisation)
    return {
        "jurisdiction": jurisdiction_of(organisation),
        "person": person,
        "situation": _known(
            {
                "immediate_danger": facts.immediate_danger,
                "at_risk_of_going_missing": facts.at_risk_of_going_missing,
                "missing_now": facts.missing_now,
            }
        ),
        "elements": _known(
            {"action": facts.action, "means": facts.means, "purpose": facts.purpose}
        ),
        "indicators": list(facts.indicators),
        "smuggling": _known(
            {
                "facilitated_border_crossing": facts.facilitated_border_crossing,
                "relationship_ended_on_arrival": facts.relationship_ended_on_arrival,
            }
        ),
        "adult": _known(
            {
                "consents_to_nrm": facts.consents_to_nrm,
                "care_and_support_needs": facts.care_and_support_needs,
                "unable_to_protect_self": facts.unable_to_protect_self,
                "access_refused": facts.access_refused,
            }
        ),
        "referrer": {
            "organisation_type": organisation.organisation_type,
            "first_responder": duties.first_responder,
            "s52_public_authority": duties.s52_public_authority,
        },
    }


def deadline(due: str, recorded_at: datetime, jurisdiction: str = "wales") -> datetime | None:
    if due in _HOURS:
        return recorded_at + timedelta(hours=_HOURS[due])
    if due not in _WORKING_DAYS:
        return None
    if due == "immediately":
        return recorded_at + IMMEDIATE_GRACE
    local = timezone.localtime(recorded_at)
    day_end = local.replace(hour=_END_OF_DAY.hour, minute=0, second=0, microsecond=0)
    if due == "today (the same working day)":
        # Recorded late in the day (or after it), "today" is never sooner than "immediately".
        return max(day_end, local + IMMEDIATE_GRACE)
    return add_working_days(day_end, _WORKING_DAYS[due], jurisdiction)
