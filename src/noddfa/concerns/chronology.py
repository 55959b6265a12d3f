"""A person's chronology: everything recorded about them that a user may see, oldest first.

Concerns, addenda, reviews, outcomes, re-runs, closures and sharing decisions are gathered
here. The apps built on concerns (referrals, casework) add their own entries through
`chronology_source`, registered when their app loads, so this module never imports them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from noddfa.accounts.models import User
from noddfa.people.models import MultiAgencyCase, Person
from noddfa.people.selectors import memberships_of

from .models import ActionOutcome, Addendum, Closure, Concern, LeadReview, PathwayRun
from .permissions import concerns_visible_to

# When two things share a moment, they read in the order they can happen.
_KIND_ORDER = (
    "sharing",
    "concern",
    "addendum",
    "review",
    "action",
    "referral",
    "plan",
    "missing",
    "case",
    "closure",
)


@dataclass(frozen=True)
class ChronologyEntry:
    at: datetime
    kind: str
    organisation: str
    by: str
    summary: str
    concern_id: uuid.UUID | None = None


ChronologySource = Callable[[Person, QuerySet[Concern]], Iterable[ChronologyEntry]]
_SOURCES: list[ChronologySource] = []


def chronology_source(source: ChronologySource) -> ChronologySource:
    """Add a source of entries: called with the person and the concerns about them (and the
    people joined to them) that the user may see. Each source returns only what that user
    may read."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def _kind_rank(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


def _joined_to(person: Person) -> list[uuid.UUID]:
    # A person's chronology gathers every record joined to them in a shared case: the person
    # and everyone in a case with them, read from the cases' people (a handful of ids). "This
    # person or one in their cases" asked of the people table was an OR across a join that
    # read all of it (100,000 people: 23 ms, and every section's query built on it; issue 22).
    cases_people = MultiAgencyCase.people.through.objects
    their_cases = cases_people.filter(person_id=person.pk).values("multiagencycase_id")
    others = cases_people.filter(multiagencycase_id__in=their_cases).values_list(
        "person_id", flat=True
    )
    return [person.pk, *sorted(set(others) - {person.pk})]


def chronology(user: User, person: Person, kinds: set[str] | None = None) -> list[ChronologyEntry]:
    """Everything recorded about the person that the user may see, oldest first."""
    concerns = concerns_visible_to(user).filter(subject__in=_joined_to(person))
    entries: list[ChronologyEntry] = []
    for concern in concerns.select_related("organisation", "recorded_by"):
        entries.append(
            ChronologyEntry(
                concern.observed_at,
                "concern",
                concern.organisation.name,
                concern.recorded_by.full_name,
                f"{concern.observed_where}: {concern.account}",
                concern.pk,
            )
        )
    for addendum in Addendum.objects.filter(concern__in=concerns).select_related(
        "concern__organisation", "added_by", "run"
    ):
        entries.append(
            ChronologyEntry(
                addendum.added_at,
                "addendum",
                addendum.concern.organisation.name,
                addendum.added_by.full_name,
                _correction_summary(addendum)
                if addendum.changes
                else f"{addendum.reason}: {addendum.text}",
                addendum.concern_id,
            )
        )
    for review in LeadReview.objects.filter(concern__in=concerns).select_related(
        "concern__organisation", "reviewed_by"
    ):
        entries.append(
            ChronologyEntry(
                review.reviewed_at,
                "review",
                review.concern.organisation.name,
                review.reviewed_by.full_name,
                f"{review.get_risk_level_display()} ({review.risk_reason}): {review.decision}",
                review.concern_id,
            )
        )
    # An outcome recorded from its evidence (the concern recorded, the lead's review, the
    # referral submitted) is the same event as an entry already here: it is not told twice.
    by_hand = ActionOutcome.objects.filter(action__concern__in=concerns, evidence="")
    for outcome in by_hand.select_related("action__concern__organisation", "recorded_by"):
        detail = outcome.reference or outcome.reason
        entries.append(
            ChronologyEntry(
                outcome.happened_at,
                "action",
                outcome.action.concern.organisation.name,
                outcome.recorded_by.full_name,
                f"{outcome.action.code}: {outcome.get_status_display()}"
                + (f" ({detail})" if detail else ""),
                outcome.action.concern_id,
            )
        )
    # A run started by a correction is told with its addendum, once.
    reruns = PathwayRun.objects.filter(concern__in=concerns, number__gt=1, addendum__isnull=True)
    for run in reruns.select_related("concern__organisation", "ran_by"):
        entries.append(
            ChronologyEntry(
                run.ran_at,
                "action",
                run.concern.organisation.name,
                run.ran_by.full_name,
                _rerun_summary(run),
                run.concern_id,
            )
        )
    for closure in Closure.objects.filter(concern__in=concerns).select_related(
        "concern__organisation", "closed_by"
    ):
        entries.append(
            ChronologyEntry(
                closure.closed_at,
                "closure",
                closure.concern.organisation.name,
                closure.closed_by.full_name,
                f"{closure.get_outcome_display()}: {closure.reason}",
                closure.concern_id,
            )
        )
    for source in _SOURCES:
        entries += source(person, concerns)
    for membership in memberships_of(person):
        entries.append(
            ChronologyEntry(
                membership.decided_at,
                "sharing",
                membership.organisation.name,
                membership.decided_by.full_name,
                membership.reason,
            )
        )
    if kinds:
        entries = [entry for entry in entries if entry.kind in kinds]
    return sorted(entries, key=lambda entry: (entry.at, _kind_rank(entry.kind)))


def _rerun_summary(run: PathwayRun) -> str:
    """What a later run of the pathway changed, in the reader's language."""
    from .forms import action_label

    parts = [_("Pathway worked out again: %(reason)s") % {"reason": _(run.reason)}]
    gone = run.summary.get("retracted", [])
    new = run.summary.get("added", [])
    if gone:
        labels = ", ".join(action_label(code) for code in gone)
        parts.append(_("no longer advised: %(actions)s") % {"actions": labels})
    if new:
        labels = ", ".join(action_label(code) for code in new)
        parts.append(_("now advised: %(actions)s") % {"actions": labels})
    return "; ".join(parts)


def _correction_summary(addendum: Addendum) -> str:
    """A correction of the facts: why, each fact from what to what, and what the pathway did."""
    from .addenda import shown_changes

    facts = "; ".join(
        f"{change.label}: {change.before} → {change.after}"
        for change in shown_changes(addendum.changes)
    )
    text = _("Facts corrected or completed: %(reason)s (%(facts)s)") % {
        "reason": addendum.reason,
        "facts": facts,
    }
    if addendum.run is None:
        return text
    return f"{text}. {_rerun_summary(addendum.run)}"
