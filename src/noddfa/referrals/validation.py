"""Checking a draft's answers: their form always, and completeness before it is ready.

Messages name the field, as the GOV.UK error summary needs them to.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from noddfa.people.models import Person

from .fields import Field, fields_for
from .models import ConsentDecision, Kind

OLDEST = 120


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _age_from(born: date, on: date) -> int:
    return on.year - born.year - int((on.month, on.day) < (born.month, born.day))


def _field_error(f: Field, value: Any, today: date) -> str | None:
    if value in ("", None, []):
        return None
    if f.type == "date":
        day = parse_date(str(value))
        if day is None:
            return _("%(field)s must be a real date, for example 2011-03-14") % {"field": f.label}
        if day > today:
            return _("%(field)s must be today or in the past") % {"field": f.label}
        if day.year < today.year - OLDEST:
            return _("%(field)s is too long ago") % {"field": f.label}
    elif f.type == "integer":
        if not str(value).strip().isdigit() or int(value) > OLDEST:
            return _("%(field)s must be a whole number between 0 and 120") % {"field": f.label}
    elif f.type == "choice":
        if value not in dict(f.choices):
            return _("Choose an answer for %(field)s") % {"field": f.label}
    elif f.type == "multichoice" and (
        not isinstance(value, list) or set(value) - set(dict(f.choices))
    ):
        return _("Choose from the options for %(field)s") % {"field": f.label}
    return None


def _identifiers(person: Person) -> list[str]:
    """What would identify the person if it appeared in a free-text answer."""
    values = [person.given_name, person.family_name, *person.aliases, person.postcode]
    values += [re.sub(r"\D", "", phone) for phone in person.phone_numbers]
    if person.date_of_birth:
        values.append(person.date_of_birth.isoformat())
    values += [line.strip() for line in person.address.replace(",", "\n").splitlines()]
    return [v for v in values if len(v.strip()) >= 3]


def _mentions(text: str, identifier: str) -> bool:
    if identifier.isdigit():
        return identifier in re.sub(r"\D", "", text)
    return re.search(rf"\b{re.escape(identifier)}\b", text, re.IGNORECASE) is not None


def format_errors(kind: str, data: dict[str, Any], subject: Person) -> dict[str, str]:
    """Errors in what is filled in; an empty answer is never an error here."""
    today = timezone.localdate()
    fields = fields_for(kind, data)
    errors = {
        f.name: message for f in fields if (message := _field_error(f, data.get(f.name), today))
    }
    born = parse_date(str(data.get("date_of_birth") or ""))
    if "date_of_birth" not in errors and born is not None:
        age = _age_from(born, today)
        if age > OLDEST:
            errors["date_of_birth"] = _("Date of birth gives an age over 120: check the year")
        stated = str(data.get("age") or "").strip()
        if "age" not in errors and stated.isdigit() and abs(int(stated) - age) > 1:
            errors["age"] = _("Age does not match the date of birth (which gives %(age)s)") % {
                "age": age
            }
    if kind == Kind.NRM_CHILD and data.get("under_18") == "no":
        errors["under_18"] = _(
            "Under 18 must be yes or not sure on a child referral: use the adult referral "
            "for someone aged 18 or over"
        )
    if kind == Kind.NRM_ADULT and data.get("under_18") in ("yes", "not_sure"):
        errors["under_18"] = _("Under 18 is yes or not sure, so use the child referral")
    if (
        kind in (Kind.NRM_CHILD, Kind.NRM_ADULT)
        and data.get("under_18") == "yes"
        and data.get("under_18_during") == "no"
    ):
        errors["under_18_during"] = _(
            "They are under 18 now, so they were under 18 while they were exploited"
        )
    if kind == Kind.DUTY_TO_NOTIFY and data.get("named") != "yes":
        # Every free-text answer of an anonymous notice, not only the summary (s52(3)).
        identifiers = _identifiers(subject)
        for f in fields:
            text = str(data.get(f.name) or "")
            if f.type == "textarea" and any(_mentions(text, value) for value in identifiers):
                errors[f.name] = _(
                    "%(field)s must not name or otherwise identify the person: they have not "
                    "agreed to be named"
                ) % {"field": f.label}
    return errors


def _in_sentence(label: object) -> str:
    text = str(label)
    # "Name" reads "Enter name"; "NRM referral" keeps its capitals.
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def missing(kind: str, data: dict[str, Any]) -> dict[str, str]:
    """Required answers still empty: each one stops the draft being marked ready."""
    return {
        f.name: _missing_message(f)
        for f in fields_for(kind, data)
        if f.is_required(data) and data.get(f.name) in ("", None, [])
    }


def _missing_message(f: Field) -> str:
    if f.missing:
        return str(f.missing)
    if f.type in ("choice", "multichoice"):
        return _("Choose an answer for %(field)s") % {"field": _in_sentence(f.label)}
    return _("Enter %(field)s") % {"field": _in_sentence(f.label)}


def consent_problem(kind: str, data: dict[str, Any], decision: str | None) -> str | None:
    """Why an adult NRM referral cannot go ahead for want of current informed consent, or
    None. `decision` is the person's latest recorded decision (selectors.current_consent):
    the draft's own answer and that record must both say they agree (sources.md#ref-3-2)."""
    if kind != Kind.NRM_ADULT:
        return None
    if data.get("consent") != "yes":  # "no", or not answered
        return _(
            "They have not agreed to this referral, and an adult NRM referral needs their "
            "informed consent"
        )
    if decision == ConsentDecision.CONSENTS:
        return None
    if decision == ConsentDecision.WITHDRAWN:
        return _(
            "They have withdrawn their agreement since this referral was started, so it cannot "
            "be submitted"
        )
    if decision == ConsentDecision.REFUSES:
        return _(
            "Their latest recorded decision is that they do not agree to an NRM referral, so "
            "it cannot be submitted"
        )
    return _(
        "There is no record that the NRM was explained to them and that they agreed: record "
        "their decision first"
    )


def readiness_errors(
    kind: str, data: dict[str, Any], subject: Person, *, consent_decision: str | None = None
) -> dict[str, str]:
    """Everything that stops a draft being marked ready. For an adult NRM referral pass the
    person's current consent decision; without one the referral cannot be ready."""
    errors = missing(kind, data) | format_errors(kind, data, subject)
    problem = consent_problem(kind, data, consent_decision)
    if problem and "consent" not in errors:
        errors["consent"] = problem
    return errors
