"""Referrals in a person's chronology: each status change of a referral about a concern the
reader may see. Registered with noddfa.concerns.chronology when the app loads."""

from __future__ import annotations

from django.db.models import QuerySet

from noddfa.concerns.chronology import ChronologyEntry, chronology_source
from noddfa.concerns.models import Concern
from noddfa.people.models import Person

from .models import StatusChange


@chronology_source
def referral_entries(person: Person, concerns: QuerySet[Concern]) -> list[ChronologyEntry]:
    """Each status change of a referral about the visible concerns: what was sent, when.
    External references and reasons stay on the referral, which only its organisation and
    its receiving body can open."""
    entries = []
    for change in StatusChange.objects.filter(draft__concern__in=concerns).select_related(
        "draft__organisation", "by__organisation"
    ):
        # Who did it: the referrer, or the receiving organisation answering from its inbox.
        organisation = change.by.organisation or change.draft.organisation
        summary = f"{change.draft.get_kind_display()}: {change.get_status_display()}"
        if change.decision:
            summary += f" ({change.get_decision_display()})"
        entries.append(
            ChronologyEntry(
                change.at,
                "referral",
                organisation.name,
                change.by.full_name,
                summary,
                change.draft.concern_id,
            )
        )
    return entries
