"""Which parts of the concern form apply to the person it is about (issue 19).

A 15-year-old's concern does not ask the adult-only questions; a 30-year-old's does not list
the signs that are only for children. Age comes from the person's record, or from what was
typed about someone new (a date of birth, else an approximate age). The pathway's rule holds
here too: an age that is not known, or is disputed, is never taken as an answer, so both sets
are shown. A section is hidden, never removed, so what is typed stays in the form and in the
draft; and anything already answered stays in view whatever the age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .body_map import NOTE_FIELD_PREFIX, REGION_FIELD

ADULT_AGE = 18
ADULT_QUESTIONS = (
    "consents_to_nrm",
    "care_and_support_needs",
    "unable_to_protect_self",
    "access_refused",
)
NOT_ANSWERED = ("", "not_known")


@dataclass(frozen=True)
class Sections:
    adult_questions: bool
    child_signs: bool
    adult_signs: bool


def age_from_typed(date_of_birth: str, approximate_age: str, today: date) -> int | None:
    """The age a new person's typed details give, or None when they give none."""
    try:
        born = date.fromisoformat(date_of_birth.strip()) if date_of_birth.strip() else None
    except ValueError:
        born = None
    if born is not None and born <= today:
        return today.year - born.year - int((today.month, today.day) < (born.month, born.day))
    try:
        age = int(approximate_age.strip())
    except ValueError:
        return None
    return age if 0 <= age <= 120 else None


def sections_for(age: int | None, disputed: bool, answered_adult: bool = False) -> Sections:
    """What applies at `age` (None: not known)."""
    known = age is not None and not disputed
    child = known and age is not None and age < ADULT_AGE
    adult = known and age is not None and age >= ADULT_AGE
    return Sections(
        adult_questions=not child or answered_adult,
        child_signs=not adult,
        adult_signs=not child,
    )


def adult_answered(data: dict[str, list[str]]) -> bool:
    """Whether any adult-only question already has an answer (kept in view if so)."""
    return any((data.get(name) or [""])[0] not in NOT_ANSWERED for name in ADULT_QUESTIONS)


def hidden_signs(
    groups: list[tuple[str, list[Any]]], sections: Sections, ticked: set[str]
) -> tuple[set[str], set[str]]:
    """The signs (by id) and the groups (by name) that do not apply: a sign for the other age
    group that is not ticked; a group all of whose signs are hidden."""
    shown_for = {"both": True, "child": sections.child_signs, "adult": sections.adult_signs}
    signs: set[str] = set()
    names: set[str] = set()
    for name, members in groups:
        hidden = {
            i.id for i in members if not shown_for.get(i.audience, True) and i.id not in ticked
        }
        signs |= hidden
        if members and len(hidden) == len(members):
            names.add(name)
    return signs, names


# Follow-up questions that apply only after an earlier answer, and that answer (issue 19).
# A follow-up is hidden only after a clear "no": unanswered or "not known" keeps it open. Each
# pair is one whose follow-up cannot change the pathway once the earlier answer is no:
# - smuggling rather than trafficking needs both a facilitated crossing and the arrangement
#   ending on arrival to be true (pathway.legal.smuggling_not_trafficking), so with no crossing
#   the ending decides nothing;
# - the adult at risk tests (pathway.legal.adult_at_risk, adult_suspected_at_risk,
#   adult_may_be_at_risk) all fail once the person has no needs for care and support, and the
#   pathway then no longer asks whether those needs leave them unable to protect themselves.
FOLLOW_UPS: dict[str, str] = {
    "relationship_ended_on_arrival": "facilitated_border_crossing",
    "unable_to_protect_self": "care_and_support_needs",
}
CLEAR_NO = "no"
INVOLVED_FIELDS = ("role", "name", "description", "phone_numbers", "address", "vehicles")


def _first(data: dict[str, list[str]], name: str) -> str:
    return (data.get(name) or [""])[0].strip()


def hidden_follow_ups(data: dict[str, list[str]]) -> set[str]:
    """The follow-up questions (by field name) hidden by a clear "no" to the answer before them;
    one already answered stays in view."""
    return {
        follow_up
        for follow_up, leads_from in FOLLOW_UPS.items()
        if _first(data, leads_from) == CLEAR_NO and _first(data, follow_up) in NOT_ANSWERED
    }


def someone_typed(data: dict[str, list[str]], prefix: str) -> bool:
    """Whether anything is written about the involved person with this form prefix."""
    return any(_first(data, f"{prefix}-{name}") for name in INVOLVED_FIELDS)


def injuries_marked(data: dict[str, list[str]]) -> bool:
    """Whether a region of the body map is ticked or has a note (the map then opens)."""
    return any(value.strip() for value in data.get(REGION_FIELD) or []) or any(
        _first(data, name) for name in data if name.startswith(NOTE_FIELD_PREFIX)
    )
