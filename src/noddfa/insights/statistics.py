"""Counts behind the insights pages: one fact per record, never a person's details.

Each measure turns rows of the owning apps into facts (an area and the record's category in
each breakdown), reading only codes, dates and areas; names and free text are never read.
"""

from __future__ import annotations

import math
import statistics as stats
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import OrganisationType
from noddfa.casework.models import MissingEpisode, MissingRisk
from noddfa.concerns.models import Concern
from noddfa.people.models import Sex
from noddfa.referrals.models import (
    NRM_KINDS,
    DecisionKind,
    Kind,
    NrmDecision,
    Outcome,
    ReferralDraft,
    Status,
)

from . import categories
from .categories import NOT_KNOWN
from .disclosure import THRESHOLD, Hidden, Key, Ledger, protect

OTHER = "other"
# A median or 90th percentile of very few decisions is close to one person's own dates.
MIN_FOR_QUANTILES = 10

Choices = list[tuple[str, str | Promise]]


@dataclass(frozen=True)
class Fact:
    area: str
    categories: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Breakdown:
    code: str
    title: Promise
    choices: Callable[[], Choices] | None  # None: categories come from the data
    multiple: bool = False  # a record may fall in several categories, so they do not add up


BREAKDOWNS = {
    "exploitation_type": Breakdown(
        "exploitation_type",
        _("By type of exploitation"),
        lambda: list(categories.EXPLOITATION_TYPES),
        multiple=True,
    ),
    "age_band": Breakdown("age_band", _("By age"), categories.age_band_choices),
    "sex": Breakdown("sex", _("By sex"), lambda: list(Sex.choices)),
    "nationality": Breakdown("nationality", _("By nationality"), None),
    "organisation_type": Breakdown(
        "organisation_type", _("By type of organisation"), lambda: list(OrganisationType.choices)
    ),
    "month": Breakdown("month", _("By month"), categories.month_choices),
    "referral_kind": Breakdown(
        "referral_kind", _("By kind of referral"), lambda: list(Kind.choices)
    ),
    "decision": Breakdown("decision", _("By decision"), lambda: list(DecisionKind.choices)),
    "outcome": Breakdown(
        "outcome",
        _("By outcome"),
        lambda: [*Outcome.choices, (NOT_KNOWN, _("No outcome recorded"))],
    ),
    "risk": Breakdown("risk", _("By risk"), lambda: list(MissingRisk.choices)),
}


def _month(moment: datetime | date) -> str:
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    return f"{day.month:02d}"


def _year_range(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _types(result: Mapping[str, object]) -> tuple[str, ...]:
    assessment = result.get("assessment") or {}
    found = (
        tuple(assessment.get("exploitation_types") or ()) if isinstance(assessment, dict) else ()
    )
    return found or (NOT_KNOWN,)


def _concerns(year: int, areas: Iterable[str]) -> Iterable[Concern]:
    start, end = _year_range(year)
    return (
        Concern.objects.filter(
            recorded_at__gte=start,
            recorded_at__lt=end,
            organisation__local_authority_area__in=list(areas),
        )
        .select_related("organisation", "subject")
        .order_by("recorded_at", "pk")
    )


def concern_facts(year: int, areas: Iterable[str]) -> list[Fact]:
    facts = []
    for concern in _concerns(year, areas):
        person = concern.subject
        facts.append(
            Fact(
                concern.organisation.local_authority_area,
                {
                    "exploitation_type": _types(concern.pathway_result),
                    "age_band": (
                        categories.age_band(
                            person.age_on(timezone.localtime(concern.observed_at).date())
                        ),
                    ),
                    "sex": (person.sex,),
                    "nationality": (categories.nationality(person.nationality),),
                    "organisation_type": (concern.organisation.organisation_type,),
                    "month": (_month(concern.recorded_at),),
                },
            )
        )
    return facts


def victim_facts(year: int, areas: Iterable[str]) -> list[Fact]:
    """Each person recorded as a potential victim in the year, once, in their first month."""
    first: dict[object, Concern] = {}
    types: dict[object, set[str]] = defaultdict(set)
    for concern in _concerns(year, areas):
        assessment = concern.pathway_result.get("assessment") or {}
        if not assessment.get("potential_victim"):
            continue
        first.setdefault(concern.subject_id, concern)
        types[concern.subject_id].update(_types(concern.pathway_result))
    facts = []
    for person_id, concern in first.items():
        person = concern.subject
        found = types[person_id] - {NOT_KNOWN} or {NOT_KNOWN}
        facts.append(
            Fact(
                person.organisation.local_authority_area,
                {
                    "exploitation_type": tuple(sorted(found)),
                    "age_band": (
                        categories.age_band(
                            person.age_on(timezone.localtime(concern.observed_at).date())
                        ),
                    ),
                    "sex": (person.sex,),
                    "nationality": (categories.nationality(person.nationality),),
                    "month": (_month(concern.recorded_at),),
                },
            )
        )
    return facts


def _submitted(year: int, areas: Iterable[str]) -> list[tuple[ReferralDraft, datetime]]:
    """Referrals first submitted in the year, with when."""
    start, end = _year_range(year)
    drafts = (
        ReferralDraft.objects.filter(
            organisation__local_authority_area__in=list(areas),
            status_changes__status=Status.SUBMITTED,
        )
        .select_related("organisation")
        .prefetch_related("status_changes")
        .distinct()
    )
    found = []
    for draft in drafts:
        when = min(c.at for c in draft.status_changes.all() if c.status == Status.SUBMITTED)
        if start <= when < end:
            found.append((draft, when))
    return sorted(found, key=lambda pair: (pair[1], str(pair[0].pk)))


def referral_facts(year: int, areas: Iterable[str]) -> list[Fact]:
    return [
        Fact(
            draft.organisation.local_authority_area,
            {
                "referral_kind": (draft.kind,),
                "organisation_type": (draft.organisation.organisation_type,),
                "month": (_month(when),),
            },
        )
        for draft, when in _submitted(year, areas)
    ]


def decision_facts(year: int, areas: Iterable[str]) -> list[Fact]:
    decisions = NrmDecision.objects.filter(
        decided_on__year=year, draft__organisation__local_authority_area__in=list(areas)
    ).select_related("draft__organisation")
    return [
        Fact(
            decision.draft.organisation.local_authority_area,
            {
                "decision": (decision.decision,),
                "outcome": (decision.outcome or NOT_KNOWN,),
                "month": (_month(decision.decided_on),),
            },
        )
        for decision in decisions
    ]


def missing_facts(year: int, areas: Iterable[str]) -> list[Fact]:
    start, end = _year_range(year)
    episodes = MissingEpisode.objects.filter(
        reported_at__gte=start,
        reported_at__lt=end,
        casefile__organisation__local_authority_area__in=list(areas),
    ).select_related("casefile__organisation", "person")
    return [
        Fact(
            episode.casefile.organisation.local_authority_area,
            {
                "risk": (episode.risk,),
                "age_band": (
                    categories.age_band(
                        episode.person.age_on(timezone.localtime(episode.last_seen_at).date())
                    ),
                ),
                "sex": (episode.person.sex,),
                "month": (_month(episode.reported_at),),
            },
        )
        for episode in episodes
    ]


@dataclass(frozen=True)
class Measure:
    code: str
    title: Promise
    description: Promise
    facts: Callable[[int, Iterable[str]], list[Fact]]
    breakdowns: tuple[str, ...]


MEASURES = {
    measure.code: measure
    for measure in (
        Measure(
            "concerns",
            _("Concerns recorded"),
            _(
                "Each concern recorded in the year, in the area of the organisation "
                "that recorded it."
            ),
            concern_facts,
            ("exploitation_type", "age_band", "sex", "nationality", "organisation_type", "month"),
        ),
        Measure(
            "victims",
            _("Potential victims"),
            _(
                "Each person the pathway assessed as a potential victim in the year, counted once, "
                "in the month of their first such concern."
            ),
            victim_facts,
            ("exploitation_type", "age_band", "sex", "nationality", "month"),
        ),
        Measure(
            "referrals",
            _("Referrals submitted"),
            _("Each referral first marked as submitted in the year."),
            referral_facts,
            ("referral_kind", "organisation_type", "month"),
        ),
        Measure(
            "decisions",
            _("National Referral Mechanism decisions"),
            _("Each decision recorded with a decision date in the year."),
            decision_facts,
            ("decision", "outcome", "month"),
        ),
        Measure(
            "missing",
            _("Missing episodes"),
            _("Each missing episode reported in the year."),
            missing_facts,
            ("risk", "age_band", "sex", "month"),
        ),
    )
}


def _choices(breakdown: Breakdown, facts: list[Fact]) -> Choices:
    if breakdown.choices is not None:
        return breakdown.choices()
    # Categories from the data: any with fewer than five in the whole region join "other",
    # so that a rare nationality is not a column of its own.
    totals: dict[str, int] = defaultdict(int)
    for fact in facts:
        for category in fact.categories[breakdown.code]:
            totals[category] += 1
    kept = sorted(c for c, n in totals.items() if n >= THRESHOLD and c != NOT_KNOWN)
    return labelled(breakdown, [*kept, OTHER, NOT_KNOWN])


def labelled(breakdown: Breakdown, codes: Iterable[str]) -> Choices:
    """The categories with their labels in the reader's language (a cached figure keeps the
    codes only)."""
    if breakdown.choices is not None:
        labels = dict(breakdown.choices())
        return [(code, labels[code]) for code in codes]
    words: dict[str, str | Promise] = {OTHER: _("Other"), NOT_KNOWN: _("Not recorded")}
    return [(code, words.get(code, code.title())) for code in codes]


@dataclass(frozen=True)
class Figure:
    """One count as it may be published: its value, or why it is hidden."""

    value: int | None
    hidden: Hidden | None

    @property
    def is_small(self) -> bool:
        return self.hidden is Hidden.SMALL


@dataclass(frozen=True)
class Row:
    code: str
    label: str | Promise
    figure: Figure


@dataclass(frozen=True)
class Table:
    code: str
    title: str | Promise
    rows: list[Row]
    total: Figure
    multiple: bool


class _Figures:
    """The tables of one measure, year and region, read through `figure`."""

    measure: Measure
    areas: tuple[str, ...]
    choices: dict[str, Choices]

    def figure(self, key: Key) -> Figure:
        raise NotImplementedError

    def total(self, area: str | None) -> Figure:
        return self.figure(("total",) if area is None else ("area", area))

    def by_area(self, names: Mapping[str, str | Promise]) -> Table:
        rows = [Row(a, names[a], self.figure(("area", a))) for a in self.areas]
        return Table("area", _("By local authority area"), rows, self.total(None), False)

    def tables(self, area: str | None) -> list[Table]:
        tables = []
        for code in self.measure.breakdowns:
            breakdown = BREAKDOWNS[code]
            where = "*" if area is None else area
            rows = [
                Row(category, label, self.figure((code, where, category)))
                for category, label in self.choices[code]
            ]
            tables.append(Table(code, breakdown.title, rows, self.total(area), breakdown.multiple))
        return tables


@dataclass(frozen=True)
class Statistics(_Figures):
    """A measure for one year and region, protected as a whole; `view` picks an area."""

    measure: Measure
    year: int
    areas: tuple[str, ...]
    choices: dict[str, Choices]
    ledger: Ledger
    hidden: dict[Key, Hidden]

    def figure(self, key: Key) -> Figure:
        hidden = self.hidden.get(key)
        return Figure(None if hidden else self.ledger.values[key], hidden)

    def published(self) -> dict[str, Any]:
        """Exactly what may be shown, as plain data for the cache: each count that may be
        published, and for a hidden one only why it is hidden, never its value."""
        figures = []
        for key in self.ledger.values:
            figure = self.figure(key)
            figures.append([list(key), figure.value, figure.hidden and figure.hidden.value])
        return {
            "measure": self.measure.code,
            "year": self.year,
            "areas": list(self.areas),
            "categories": {code: [c for c, _l in found] for code, found in self.choices.items()},
            "figures": figures,
        }


@dataclass(frozen=True)
class Published(_Figures):
    """Figures as they were published (read back from the cache), and when they were
    counted; `fresh` is False when newer records are still being counted."""

    measure: Measure
    year: int
    areas: tuple[str, ...]
    choices: dict[str, Choices]
    figures: dict[Key, Figure]
    as_of: datetime
    fresh: bool

    def figure(self, key: Key) -> Figure:
        return self.figures[key]

    @classmethod
    def read(cls, data: Mapping[str, Any], as_of: datetime, *, fresh: bool) -> Published:
        return cls(
            MEASURES[data["measure"]],
            int(data["year"]),
            tuple(data["areas"]),
            {code: labelled(BREAKDOWNS[code], codes) for code, codes in data["categories"].items()},
            {
                tuple(key): Figure(value, None if hidden is None else Hidden(hidden))
                for key, value, hidden in data["figures"]
            },
            as_of,
            fresh,
        )


def _ledger(
    facts: list[Fact],
    areas: tuple[str, ...],
    choices: dict[str, Choices],
    multiple: dict[str, bool],
) -> Ledger:
    ledger = Ledger()
    counts: dict[Key, int] = defaultdict(int)
    for fact in facts:
        counts[("area", fact.area)] += 1
        for code, found in fact.categories.items():
            if code not in choices:
                continue
            known = {c for c, _label in choices[code]}
            for category in found:
                counts[(code, fact.area, category if category in known else OTHER)] += 1
    ledger.values[("total",)] = len(facts)
    for area in areas:
        ledger.values[("area", area)] = counts[("area", area)]
    ledger.add_sum(("total",), [("area", a) for a in areas])
    for code, category_choices in choices.items():
        for category, _label in category_choices:
            column = [(code, a, category) for a in areas]
            for key in column:
                ledger.values[key] = counts[key]
            ledger.values[(code, "*", category)] = sum(counts[k] for k in column)
            ledger.add_sum((code, "*", category), column)
        if not multiple[code]:
            for area in areas:
                ledger.add_sum(("area", area), [(code, area, c) for c, _l in category_choices])
            ledger.add_sum(("total",), [(code, "*", c) for c, _l in category_choices])
    return ledger


def statistics_for(measure_code: str, year: int, areas: Iterable[str]) -> Statistics:
    measure = MEASURES[measure_code]
    region = tuple(areas)
    facts = measure.facts(year, region)
    choices = {code: _choices(BREAKDOWNS[code], facts) for code in measure.breakdowns}
    multiple = {code: BREAKDOWNS[code].multiple for code in measure.breakdowns}
    ledger = _ledger(facts, region, choices, multiple)
    return Statistics(measure, year, region, choices, ledger, protect(ledger))


@dataclass(frozen=True)
class Quantiles:
    title: Promise
    count: int
    median: float | None
    ninetieth: int | None

    @property
    def published(self) -> bool:
        return self.median is not None


def quantiles(title: Promise, days: list[int]) -> Quantiles:
    """Median (mean of the middle two when even) and 90th percentile (nearest rank)."""
    if len(days) < MIN_FOR_QUANTILES:
        return Quantiles(title, len(days), None, None)
    ordered = sorted(days)
    rank = math.ceil(0.9 * len(ordered))
    return Quantiles(title, len(days), float(stats.median(ordered)), ordered[rank - 1])


def time_to_decision(year: int, areas: Iterable[str]) -> list[Quantiles]:
    """Days from an NRM referral's first submission to its first decision of each kind,
    for decisions dated in the year."""
    waits: dict[str, list[int]] = {
        DecisionKind.REASONABLE_GROUNDS: [],
        DecisionKind.CONCLUSIVE_GROUNDS: [],
    }
    drafts = ReferralDraft.objects.filter(
        kind__in=NRM_KINDS, organisation__local_authority_area__in=list(areas)
    ).prefetch_related("status_changes", "decisions")
    for draft in drafts:
        submitted = [c.at for c in draft.status_changes.all() if c.status == Status.SUBMITTED]
        if not submitted:
            continue
        sent_on = timezone.localtime(min(submitted)).date()
        for kind, found in waits.items():
            dates = [d.decided_on for d in draft.decisions.all() if d.decision == kind]
            if dates and min(dates).year == year:
                found.append((min(dates) - sent_on).days)
    return [
        quantiles(TIME_TITLES[0], waits[DecisionKind.REASONABLE_GROUNDS]),
        quantiles(TIME_TITLES[1], waits[DecisionKind.CONCLUSIVE_GROUNDS]),
    ]


TIME_TITLES = (
    _("Submission to Reasonable Grounds decision"),
    _("Submission to Conclusive Grounds decision"),
)


def published_times(times: list[Quantiles]) -> list[list[float | int | None]]:
    """What the page shows of each time, as plain data for the cache: the median and 90th
    percentile when published, and nothing (not even how many) when not."""
    return [[t.count, t.median, t.ninetieth] if t.published else [0, None, None] for t in times]


def read_times(data: list[list[float | int | None]]) -> list[Quantiles]:
    return [
        Quantiles(
            title,
            int(count or 0),
            None if median is None else float(median),
            None if ninetieth is None else int(ninetieth),
        )
        for title, (count, median, ninetieth) in zip(TIME_TITLES, data, strict=True)
    ]
