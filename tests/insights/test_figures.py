"""Every figure on constructed data matches what was worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Organisation
from noddfa.concerns.models import Concern
from noddfa.insights.disclosure import Hidden, Ledger, protect
from noddfa.insights.statistics import quantiles, statistics_for, time_to_decision
from noddfa.referrals.models import (
    DecisionKind,
    Kind,
    NrmDecision,
    ReferralDraft,
    Status,
    StatusChange,
)

pytestmark = pytest.mark.django_db

AREAS = ("bridgend", "merthyr-tydfil", "rhondda-cynon-taf")
MakeConcern = Callable[..., Concern]


def _year() -> int:
    return timezone.localdate().year


def test_counts_by_area_sex_age_and_type_match_the_hand_count(concern_in: MakeConcern) -> None:
    # Bridgend: 6 girls aged 15 (criminal), 5 boys aged 16 (criminal and sexual).
    # Merthyr Tydfil: 5 women aged 30 (labour). Rhondda Cynon Taf: none.
    for _ in range(6):
        concern_in("bridgend", sex="female", age=15, month=2)
    for _ in range(5):
        concern_in("bridgend", sex="male", age=16, types=("criminal", "sexual"), month=2)
    for _ in range(5):
        concern_in("merthyr-tydfil", sex="female", age=30, types=("labour",), month=5)
    concern_in("cardiff")  # another region: never counted here

    stats = statistics_for("concerns", _year(), AREAS)
    counts = stats.ledger.values

    assert counts[("total",)] == 16
    assert counts[("area", "bridgend")] == 11
    assert counts[("area", "merthyr-tydfil")] == 5
    assert counts[("area", "rhondda-cynon-taf")] == 0
    expected_region = {
        ("sex", "female"): 11,
        ("sex", "male"): 5,
        ("age_band", "12-15"): 6,
        ("age_band", "16-17"): 5,
        ("age_band", "25-39"): 5,
        ("exploitation_type", "criminal"): 11,
        ("exploitation_type", "sexual"): 5,
        ("exploitation_type", "labour"): 5,
        ("month", "02"): 11,
        ("month", "05"): 5,
        ("nationality", "british"): 16,
        ("organisation_type", "school"): 16,
    }
    for (breakdown, category), count in expected_region.items():
        assert counts[(breakdown, "*", category)] == count, (breakdown, category)
    assert counts[("sex", "bridgend", "male")] == 5
    assert counts[("exploitation_type", "bridgend", "sexual")] == 5
    assert counts[("age_band", "merthyr-tydfil", "25-39")] == 5
    # What is published: Rhondda Cynon Taf's 0 is "fewer than 5", so the region total and
    # the two other areas cannot all be shown, or 16 - 11 - 5 would give it away.
    assert stats.total("rhondda-cynon-taf").hidden is Hidden.SMALL
    assert Hidden.WITHHELD in {
        stats.total(None).hidden,
        stats.total("bridgend").hidden,
        stats.total("merthyr-tydfil").hidden,
    }
    assert all(f.value == counts[k] for k, f in ((k, stats.figure(k)) for k in counts) if f.value)


def test_a_person_with_two_concerns_is_one_potential_victim(concern_in: MakeConcern) -> None:
    first = concern_in("bridgend", month=1)
    concern_in("bridgend", person=first.subject, month=2, types=("sexual",))
    for _ in range(5):
        concern_in("bridgend", month=3)
    concern_in("bridgend", potential_victim=False)

    stats = statistics_for("victims", _year(), AREAS)
    assert stats.ledger.values[("total",)] == 6
    assert stats.ledger.values[("month", "bridgend", "01")] == 1
    assert stats.ledger.values[("month", "bridgend", "03")] == 5
    assert stats.ledger.values[("exploitation_type", "bridgend", "sexual")] == 1
    assert stats.ledger.values[("exploitation_type", "bridgend", "criminal")] == 6


def test_a_count_below_five_is_hidden_and_its_neighbour_too() -> None:
    ledger = Ledger()
    ledger.values.update({("total",): 20, ("area", "a"): 17, ("area", "b"): 3})
    ledger.add_sum(("total",), [("area", "a"), ("area", "b")])
    hidden = protect(ledger)
    assert hidden[("area", "b")] is Hidden.SMALL
    # With the total and a published, b would be 20 - 17: one more count must go.
    assert hidden.get(("area", "a")) is Hidden.WITHHELD or hidden.get(("total",)) is not None


def test_hidden_cells_in_a_rectangle_are_not_given_away_by_their_bounds() -> None:
    # a + b and c + d are rows, a + c and b + d columns. With a = 0 and d = 4 small and b, c
    # withheld, the bounds alone would pin a to 0 unless more is hidden.
    ledger = Ledger()
    cells = {"a": 0, "b": 6, "c": 6, "d": 4, "e": 9, "f": 9}
    rows = {"r1": ("a", "b", "e"), "r2": ("c", "d", "f")}
    columns = {"k1": ("a", "c"), "k2": ("b", "d"), "k3": ("e", "f")}
    for name, value in cells.items():
        ledger.values[(name,)] = value
    for name, parts in {**rows, **columns}.items():
        ledger.values[(name,)] = sum(cells[p] for p in parts)
        ledger.add_sum((name,), [(p,) for p in parts])
    hidden = protect(ledger)
    from noddfa.insights.disclosure import determinable

    assert hidden[("a",)] is Hidden.SMALL and hidden[("d",)] is Hidden.SMALL
    assert determinable(ledger, hidden) == []


def test_median_and_ninetieth_percentile_are_computed_as_documented() -> None:
    days = [10, 3, 7, 30, 14, 21, 5, 60, 12, 9]  # sorted: 3 5 7 9 10 12 14 21 30 60
    result = quantiles("t", days)  # type: ignore[arg-type]
    assert result.median == 11.0  # (10 + 12) / 2
    assert result.ninetieth == 30  # rank ceil(0.9 * 10) = 9
    assert quantiles("t", days[:9]).published is False  # fewer than 10: not shown  # type: ignore[arg-type]


def test_time_to_decision_reads_submission_and_decision_rows(
    organisations: dict[str, Organisation], concern_in: MakeConcern
) -> None:
    year = _year()
    officer = UserFactory(organisation=organisations["bridgend"])
    zone = timezone.get_current_timezone()
    waits = [
        (5, 40),
        (6, 41),
        (7, 50),
        (8, 60),
        (9, 70),
        (10, 80),
        (11, 90),
        (12, 100),
        (13, 110),
        (40, 200),
    ]
    for reasonable, conclusive in waits:
        concern = concern_in("bridgend", month=1)
        draft = ReferralDraft.objects.create(
            kind=Kind.NRM_CHILD,
            concern=concern,
            subject=concern.subject,
            organisation=organisations["bridgend"],
            jurisdiction="wales",
            created_by=officer,
        )
        sent = datetime(year, 1, 2, 9, tzinfo=zone)
        StatusChange.objects.create(draft=draft, status=Status.SUBMITTED, at=sent, by=officer)
        for kind, days in (
            (DecisionKind.REASONABLE_GROUNDS, reasonable),
            (DecisionKind.CONCLUSIVE_GROUNDS, conclusive),
        ):
            NrmDecision.objects.create(
                draft=draft,
                decision=kind,
                outcome="positive",
                decided_on=date(year, 1, 2) + timedelta(days=days),
                recorded_by=officer,
            )
    reasonable, conclusive = time_to_decision(year, AREAS)
    # 5 6 7 8 9 10 11 12 13 40: median (9 + 10) / 2, 90th the 9th value.
    assert (reasonable.count, reasonable.median, reasonable.ninetieth) == (10, 9.5, 13)
    # Conclusive decisions more than a year on fall in a later year's figures.
    expected = sorted(d for _r, d in waits if (date(year, 1, 2) + timedelta(days=d)).year == year)
    assert conclusive.count == len(expected)
