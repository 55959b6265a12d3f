"""Keeping safe in a person's chronology: safety plan versions, missing episodes and returns,
and case status changes. Registered with noddfa.concerns.chronology when the app loads."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from noddfa.concerns.chronology import ChronologyEntry, chronology_source
from noddfa.concerns.models import Concern
from noddfa.people.models import Person

from .models import CaseStatusChange, MissingReturn, SafetyPlanVersion


@chronology_source
def keeping_safe_entries(person: Person, concerns: QuerySet[Concern]) -> list[ChronologyEntry]:
    """Safety plan versions, missing episodes and returns, and case status changes. Anyone
    who may see the person may read their casework, so no filter beyond the person."""
    entries = []
    for version in SafetyPlanVersion.objects.filter(plan__casefile__person=person).select_related(
        "plan__casefile__organisation", "created_by"
    ):
        entries.append(
            ChronologyEntry(
                version.created_at,
                "plan",
                version.plan.casefile.organisation.name,
                version.created_by.full_name,
                _("Safety plan version %(number)s: %(reason)s")
                % {"number": version.number, "reason": version.change_reason},
            )
        )
    for episode in person.missing_episodes.select_related("casefile__organisation", "reported_by"):
        entries.append(
            ChronologyEntry(
                episode.last_seen_at,
                "missing",
                episode.casefile.organisation.name,
                episode.reported_by.full_name,
                _("Went missing from %(place)s (risk: %(risk)s)")
                % {"place": episode.last_seen_where, "risk": episode.get_risk_display()},
            )
        )
    for back in MissingReturn.objects.filter(episode__person=person).select_related(
        "episode__casefile__organisation", "recorded_by"
    ):
        interview = (
            _("return interview held")
            if back.interview_held
            else (
                _("return interview offered, not held")
                if back.interview_offered
                else _("no return interview offered")
            )
        )
        entries.append(
            ChronologyEntry(
                back.returned_at,
                "missing",
                back.episode.casefile.organisation.name,
                back.recorded_by.full_name,
                _("Returned from missing; %(interview)s") % {"interview": interview},
            )
        )
    for change in CaseStatusChange.objects.filter(casefile__person=person).select_related(
        "casefile__organisation", "changed_by"
    ):
        summary = change.get_status_display()
        if change.outcome:
            summary += f": {change.get_outcome_display()}"
        if change.reason:
            summary += f" ({change.reason})"
        entries.append(
            ChronologyEntry(
                change.changed_at,
                "case",
                change.casefile.organisation.name,
                change.changed_by.full_name,
                summary,
            )
        )
    return entries
