"""Suggested duplicates, computed by a batch job and stored (issue 22).

A local authority team's page of suggested duplicates used to compare everyone the team may
see on every view (almost a second at 100,000 people). The comparison is now a job,
`noddfa suggest_duplicates`, run on a schedule:

- **incrementally** (the default): only the people whose match keys were written since the
  last run began (a person's keys are rewritten on every record or change), each against the
  people sharing the most keys with them, as the online matcher does; their open pairs are
  replaced by what this finds;
- **in full** (`--full`, the first run, a day after the last full run, or when too many people
  changed for the incremental way to be the cheaper): everyone through the batch engine
  (`noddfa.matching.batch`), the open pairs that are no longer found removed.

Only pairs held by two different organisations are kept. A pair a team has answered (a match
review) or that was ever linked (a link undone was a link judged wrong) is never suggested
again. Writes go in short transactions of a few hundred rows, so the job never holds SQLite's
write lock for long; each batch costs a fixed number of queries. Who may see a pair is decided
when the page is read, not here: the rows say nothing about any viewer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Case, Exists, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from noddfa.matching import Match, blocking_keys, compare, prepare
from noddfa.matching.batch import dedupe_prepared

from .match_keys import CANDIDATE_LIMIT, SUGGESTION_THRESHOLD, person_record
from .models import (
    MatchReview,
    PairDecision,
    Person,
    PersonLink,
    PersonMatchKey,
    SuggestedDuplicate,
    SuggestionRun,
    SuggestionState,
)

# Keys written this long before the last run began are looked at again: a record being saved
# while that run read the keys is caught by the next one (a save takes well under a minute).
OVERLAP = timedelta(minutes=10)
# People compared in one incremental batch (a fixed number of queries each), and rows written
# in one transaction.
PEOPLE_PER_BATCH = 100
ROWS_PER_WRITE = 500
# Past this many changed people (a bulk load, keys rebuilt) the full run is the cheaper one.
FULL_RUN_PAST = 5_000
# However few changed, everyone is compared again once a day.
FULL_RUN_EVERY = timedelta(days=1)

Pair = tuple[str, str]


@dataclass(frozen=True)
class RunSummary:
    full: bool
    people_checked: int
    open_pairs: int
    removed: int


def last_run() -> SuggestionRun | None:
    """The latest run that finished: the page says when suggestions were last computed."""
    return SuggestionRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def suggest_duplicates(*, full: bool = False) -> RunSummary:
    """Compute and store the suggested duplicates: incrementally unless `full` (see above)."""
    previous = last_run()
    started = timezone.now()
    changed: list[str] = []
    if not full and previous is not None:
        changed = sorted(
            {
                str(pk)
                for pk in PersonMatchKey.objects.filter(
                    written_at__gte=previous.started_at - OVERLAP
                ).values_list("person_id", flat=True)
            }
        )
    full = full or previous is None or len(changed) > FULL_RUN_PAST or _full_run_due(started)
    run = SuggestionRun.objects.create(started_at=started, full=full)
    summary = _full_run() if full else _incremental_run(changed)
    _settle_answered()
    run.finished_at = timezone.now()
    run.people_checked = summary.people_checked
    run.open_pairs = SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN).count()
    run.save(update_fields=["finished_at", "people_checked", "open_pairs"])
    return RunSummary(full, summary.people_checked, run.open_pairs, summary.removed)


def _full_run_due(now: datetime) -> bool:
    """A day after the last full run, the next run is a full one: it rescores every pair
    with weights fitted to all the records, and catches what an incremental run cannot see
    (a record whose every key was removed, a pair found only through a shared home)."""
    last_full = SuggestionRun.objects.filter(full=True, finished_at__isnull=False).aggregate(
        latest=Max("started_at")
    )["latest"]
    return last_full is None or now - last_full >= FULL_RUN_EVERY


def _ordered(left: str, right: str) -> Pair:
    return (left, right) if left < right else (right, left)


def _people(ids: Sequence[str] | None) -> list[Person]:
    found = Person.objects.order_by("pk")
    if ids is not None:
        found = found.filter(pk__in=list(ids))
    return list(found.iterator(chunk_size=2_000))


def _full_run() -> RunSummary:
    people = _people(None)
    holder = {str(p.pk): p.organisation_id for p in people}
    today = timezone.localdate()
    prepared = [prepare(person_record(p, today)) for p in people]
    answered = _answered_pairs(None)
    found: dict[Pair, Match] = {}
    for match in dedupe_prepared(prepared, SUGGESTION_THRESHOLD):
        pair = _ordered(match.left, match.right)
        if holder[pair[0]] != holder[pair[1]] and pair not in answered:
            found[pair] = match
    stale = [
        pk
        for pk, a, b in SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN).values_list(
            "pk", "person_a_id", "person_b_id"
        )
        # An answered pair is left for `_settle_answered` to close, not forgotten.
        if (str(a), str(b)) not in found and (str(a), str(b)) not in answered
    ]
    for start in range(0, len(stale), ROWS_PER_WRITE):
        with transaction.atomic():
            SuggestedDuplicate.objects.filter(pk__in=stale[start : start + ROWS_PER_WRITE]).delete()
    rows = list(found.items())
    for start in range(0, len(rows), ROWS_PER_WRITE):
        with transaction.atomic():
            _store(rows[start : start + ROWS_PER_WRITE])
    return RunSummary(True, len(people), len(found), len(stale))


def _incremental_run(changed: Sequence[str]) -> RunSummary:
    removed = 0
    for start in range(0, len(changed), PEOPLE_PER_BATCH):
        removed += _suggest_for(changed[start : start + PEOPLE_PER_BATCH])
    return RunSummary(False, len(changed), 0, removed)


def _suggest_for(ids: Sequence[str]) -> int:
    """Replace the open pairs of these people by those found now; returns how many went.
    A fixed number of queries whatever the number of people: the people, the stored keys
    they share, their candidates, the answered pairs, and one transaction to write."""
    people = {str(p.pk): p for p in _people(ids)}
    today = timezone.localdate()
    prepared = {pk: prepare(person_record(p, today)) for pk, p in people.items()}
    keys = {pk: blocking_keys(person) for pk, person in prepared.items()}
    holders: dict[str, list[tuple[str, int]]] = defaultdict(list)
    wanted = sorted(set().union(*keys.values())) if keys else []
    for key, holder, organisation in PersonMatchKey.objects.filter(key__in=wanted).values_list(
        "key", "person_id", "person__organisation_id"
    ):
        holders[key].append((str(holder), organisation))
    ranked: dict[str, list[str]] = {}
    for pk, person in people.items():
        shared: Counter[str] = Counter(
            other
            for key in keys[pk]
            for other, organisation in holders[key]
            if organisation != person.organisation_id
        )
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATE_LIMIT]
        ranked[pk] = [other for other, _count in best]
    candidates = {
        str(p.pk): prepare(person_record(p, today))
        for p in _people(sorted({other for others in ranked.values() for other in others}))
    }
    answered = _answered_pairs(list(people))
    found: dict[Pair, Match] = {}
    for pk, others in ranked.items():
        for other in others:
            pair = _ordered(pk, other)
            if pair in answered or pair in found or other not in candidates:
                continue
            match = compare(prepared[pk], candidates[other])
            if match.score >= SUGGESTION_THRESHOLD:
                found[pair] = match
    ids = list(people)
    stale = [
        row
        for row, a, b in SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN)
        .filter(Q(person_a__in=ids) | Q(person_b__in=ids))
        .values_list("pk", "person_a_id", "person_b_id")
        # An answered pair is left for `_settle_answered` to close, not forgotten.
        if (str(a), str(b)) not in answered
    ]
    with transaction.atomic():
        SuggestedDuplicate.objects.filter(pk__in=stale).delete()
        _store(list(found.items()))
    return len(stale)


def _store(rows: Iterable[tuple[Pair, Match]]) -> None:
    """Insert the pairs, or refresh the score and reasons of those already stored open."""
    now = timezone.now()
    rows = list(rows)
    held_by = {
        str(pk): organisation
        for pk, organisation in Person.objects.filter(
            pk__in={pk for pair, _m in rows for pk in pair}
        ).values_list("pk", "organisation_id")
    }
    SuggestedDuplicate.objects.bulk_create(
        [
            SuggestedDuplicate(
                person_a_id=a,
                person_b_id=b,
                organisation_a_id=held_by[a],
                organisation_b_id=held_by[b],
                score=round(match.score, 4),
                reasons=list(match.reasons),
                computed_at=now,
            )
            for (a, b), match in rows
        ],
        update_conflicts=True,
        unique_fields=["person_a", "person_b"],
        update_fields=["score", "reasons", "computed_at"],
    )


def _answered_pairs(among: list[str] | None) -> set[Pair]:
    """Pairs a team answered, ever linked, or stored with an answer: never suggested again.
    `among`: only the pairs with one of these people (None: all)."""
    near = Q() if among is None else Q(person_a__in=among) | Q(person_b__in=among)
    answered: set[Pair] = set()
    for rows in (
        MatchReview.objects.filter(near),
        PersonLink.objects.filter(near),
        SuggestedDuplicate.objects.filter(near).exclude(state=SuggestionState.OPEN),
    ):
        answered.update((str(a), str(b)) for a, b in rows.values_list("person_a_id", "person_b_id"))
    return answered


def _settle_answered() -> None:
    """Close the open pairs answered while the run was comparing (a team may decide a pair
    between the run's reading the answers and its writing the rows)."""
    review = MatchReview.objects.filter(
        person_a=OuterRef("person_a"), person_b=OuterRef("person_b")
    )
    link = PersonLink.objects.filter(person_a=OuterRef("person_a"), person_b=OuterRef("person_b"))
    open_pairs = SuggestedDuplicate.objects.filter(state=SuggestionState.OPEN)
    open_pairs.filter(Exists(review)).update(state=Subquery(review.values("decision")[:1]))
    open_pairs.filter(Exists(link)).update(
        state=Case(
            When(
                Exists(link.filter(unlinked_at__isnull=True)),
                then=Value(SuggestionState.CONFIRMED),
            ),
            default=Value(SuggestionState.REJECTED),
        )
    )


def record_answer(a: Person, b: Person, state: str) -> None:
    """Store a team's answer (or a link made or undone) on the pair, so the page stops
    showing it at once, without waiting for the next run."""
    first, second = (a, b) if str(a.pk) < str(b.pk) else (b, a)
    SuggestedDuplicate.objects.filter(person_a=first, person_b=second).update(state=state)


ANSWER_STATE = {
    PairDecision.CONFIRMED: SuggestionState.CONFIRMED,
    PairDecision.REJECTED: SuggestionState.REJECTED,
}
