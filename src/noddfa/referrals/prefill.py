"""Everything a referral can start from, gathered from the record so nothing is retyped."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from django.utils import timezone
from django.utils.translation import override

from noddfa.accounts.areas import LOCAL_AUTHORITY_AREAS
from noddfa.accounts.duties import is_police_force
from noddfa.accounts.models import User
from noddfa.concerns.chronology import chronology
from noddfa.concerns.models import ActionOutcome, Concern, Involvement
from noddfa.concerns.permissions import concerns_visible_to
from noddfa.concerns.services import current_run
from noddfa.pathway import load_catalogue
from noddfa.people.models import CaseMembership

from .fields import Field, all_fields
from .models import ConsentDecision, ReferralDraft
from .nrm_state import nrm_state
from .selectors import current_consent

_FAMILY_ROLES = {Involvement.Role.SO_CALLED_RELATIVE, Involvement.Role.BRINGS_OR_COLLECTS}


# The box each of our purposes ticks on the NRM form (sources.md#ref-2-1). One box each: the
# most general that fits, so a practitioner adds detail rather than unticking guesses.
_NRM_BOX = {
    "labour": "LABOUR_FORCED_WORK",
    "financial": "FINANCIAL_FRAUD",
    "criminal": "CRIMINAL",
    "organ_removal": "ORGAN_REMOVAL",
    "domestic_servitude": "DOMESTIC_SERVITUDE",
    # The form has no forced marriage box; its domestic servitude hint names it.
    "forced_marriage": "DOMESTIC_SERVITUDE",
    "illegal_adoption": "OTHER",
}


def nrm_options(purposes: list[str], subtypes: list[str], *, child: bool) -> tuple[list[str], bool]:
    """Our exploitation types as the NRM form's boxes, and whether to flag county lines."""
    catalogue = load_catalogue()
    options: list[str] = []
    for code in purposes:
        if code == "sexual":
            box = "SEXUAL_CSE" if child else "SEXUAL_PROSTITUTION"
        else:
            box = _NRM_BOX.get(code, "OTHER")
        if box not in options:
            options.append(box)
    county_lines = any(
        (kind := catalogue.exploitation_types.get(code)) is not None
        and kind.nrm_form.county_lines_flag
        for code in subtypes
    )
    if county_lines and "CRIMINAL" not in options:
        options.append("CRIMINAL")
    return options, county_lines


def _lines(values: list[str]) -> str:
    return "\n".join(v for v in values if v)


def _actions_taken(concern: Concern) -> str:
    outcomes = ActionOutcome.objects.filter(
        action__concern=concern, status=ActionOutcome.Status.DONE
    ).select_related("action")
    return _lines(
        [
            f"{timezone.localtime(o.happened_at):%Y-%m-%d}: {o.action.code}"
            + (f" ({o.reference})" if o.reference else "")
            for o in outcomes
        ]
    )


def _chronology(concern: Concern, by: User) -> str:
    """What else the referrer may see about the person, oldest first: what led here."""
    entries = [
        entry
        for entry in chronology(by, concern.subject)
        if not (entry.kind == "concern" and entry.concern_id == concern.pk)
    ]
    return _lines(
        [f"{timezone.localtime(e.at):%Y-%m-%d}, {e.organisation}: {e.summary}" for e in entries]
    )


def _indicators(concern: Concern, by: User) -> list[str]:
    """The indicators recorded in every concern about the person that the referrer may see,
    oldest first and each once: a referral describes the person's situation, which one
    concern rarely shows whole."""
    concerns = (
        concerns_visible_to(by)
        .filter(subject=concern.subject)
        .exclude(pk=concern.pk)
        .order_by("observed_at")
        .values_list("indicators", flat=True)
    )
    codes: list[str] = []
    for recorded in [*concerns, concern.indicators]:
        codes += [code for code in recorded or [] if code not in codes]
    return codes


def _involved(concern: Concern, roles: Set[str]) -> str:
    return _lines(
        [
            f"{i.person} ({i.get_role_display()})"
            + (f": {i.person.description}" if i.person.description else "")
            for i in concern.involvements.select_related("person")
            if i.role in roles
        ]
    )


def _other_agencies(concern: Concern) -> str:
    """The other organisations in a multi-agency case about the person: each one joined
    through a recorded sharing decision, so the referrer may name them."""
    names = (
        CaseMembership.objects.filter(case__people=concern.subject)
        .exclude(organisation_id=concern.organisation_id)
        .values_list("organisation__name", flat=True)
        .distinct()
        .order_by("organisation__name")
    )
    return _lines(list(names))


def _under_18(age: int | None, child: bool) -> str:
    if age is not None and age < 18:
        return "yes"
    # Treated as a child without a known age under 18: the form's "not sure" (3.2).
    return "not_sure" if child else "no"


def sources(concern: Concern, by: User, draft: ReferralDraft | None = None) -> dict[str, Any]:
    """Every pre-fill value by the name fields.py uses in `source`."""
    person = concern.subject
    today = timezone.localdate()
    age = person.age_on(today)
    # The pathway as it stands now, a lead's corrections included.
    run = current_run(concern)
    assessment = run.result.get("assessment", {})
    child = bool(assessment.get("treated_as_child"))
    # What the practitioner said they were made to do; failing that, what the engine read
    # from the indicators.
    purposes = list(run.case.get("elements", {}).get("purpose", [])) or list(
        assessment.get("exploitation_types", [])
    )
    options, county_lines = nrm_options(
        purposes, list(assessment.get("exploitation_subtypes", [])), child=child
    )
    catalogue = load_catalogue()
    consent = current_consent(concern)
    organisation = concern.organisation
    with override("en"):
        area = str(dict(LOCAL_AUTHORITY_AREAS).get(organisation.local_authority_area, ""))
        involved_roles = _involved(concern, _FAMILY_ROLES)
        others = _involved(concern, {Involvement.Role.OTHER_POSSIBLE_VICTIM})
        exploiters = _involved(concern, {Involvement.Role.SUSPECTED_EXPLOITER})
        nrm_status = nrm_state(person.pk, organisation.pk)
    observed = timezone.localtime(concern.observed_at)
    history = _chronology(concern, by)
    return {
        "person_name": str(person) if (person.given_name or person.family_name) else "",
        "other_names": _lines(person.aliases),
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "age": str(age) if age is not None else "",
        "age_disputed": "yes" if person.age_disputed else "no",
        "sex": str(person.sex),
        "nationality": person.nationality,
        "languages": ", ".join(person.languages),
        "address": person.address,
        "postcode": person.postcode,
        "phone": _lines(person.phone_numbers),
        "school_or_workplace": person.school_or_workplace,
        "family_and_carers": involved_roles,
        "observed": f"{observed:%Y-%m-%d %H:%M}, {concern.observed_where}",
        "account": concern.account,
        # What else is known about the person, so "Background" adds to "What happened"
        # (the account) instead of repeating it.
        "background": history,
        "what_they_had_to_do": _lines(
            [
                catalogue.exploitation_types[c].label.en
                for c in assessment.get("exploitation_types", [])
                if c in catalogue.exploitation_types
            ]
        ),
        "quotes": _lines([f"“{q}”" for q in concern.quotes]),
        "indicators": _lines(
            [catalogue.by_id[c].text_en for c in _indicators(concern, by) if c in catalogue.by_id]
        ),
        "actions_taken": _actions_taken(concern),
        "chronology": history,
        "referrer_name": by.full_name,
        "referrer_email": by.email,
        "organisation": organisation.name,
        "nation": run.case.get("jurisdiction", "wales"),
        "under_18": _under_18(age, child),
        # A child now was a child while exploited; for an adult it is asked, never assumed.
        "under_18_during": _under_18(age, child) if child else "",
        "exploiters": exploiters,
        "other_agencies": _other_agencies(concern),
        # A police force making the report has told the police; anyone else says.
        "police_told": "yes" if is_police_force(organisation) else "",
        "continuing": "not_known",
        "where": "uk",
        # Where the concern was noticed (a school, a clinic) is not where the person was
        # exploited: the referrer says where that was.
        "places": "",
        "area": area,
        # The council for the organisation's area in Wales, to confirm or change; England
        # is one "area" here, not a council, so it names none.
        "la_name": area if organisation.local_authority_area != "england" else "",
        "nrm_exploitation": options,
        "county_lines": "yes" if county_lines else "no",
        "other_victims": others,
        "police_reference": "",
        "consent": "yes"
        if consent is not None and consent.decision == ConsentDecision.CONSENTS
        else "",
        "agrees_to_be_named": "yes" if consent is not None and consent.agrees_to_be_named else "no",
        "communication": _lines(
            [
                ", ".join(person.languages),
                "Interpreter needed" if person.interpreter_needed else "",
            ]
        ),
        "safe_address": "",
        "parental_responsibility": "not_known",
        "nrm_status": nrm_status,
    }


def initial_data(kind: str, concern: Concern, by: User) -> dict[str, Any]:
    values = sources(concern, by)
    return {
        f.name: values.get(f.source, _empty(f)) if f.source else _empty(f) for f in all_fields(kind)
    }


def _empty(f: Field) -> Any:
    return [] if f.type == "multichoice" else ""
