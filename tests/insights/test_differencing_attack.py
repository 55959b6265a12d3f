"""An analyst tries to work out hidden counts from overlapping queries, and fails.

The attacker downloads the region and every area in it (queries that overlap: the region
contains each area), reads every published number, and sets up what they know: the areas
add up to the region, each area's categories add up to its total where a record has one
category, a "fewer than 5" is 0 to 4 and a withheld count is at least 5. For every hidden
count it asks an integer program for the smallest and largest value that fits. If the two
agree, the count is recovered.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pytest
from django.test import Client
from scipy.optimize import Bounds, LinearConstraint, milp

from noddfa.accounts.models import User
from noddfa.concerns.models import Concern
from noddfa.insights import statistics as insight_statistics
from noddfa.insights.disclosure import Hidden

pytestmark = pytest.mark.django_db

ADDS_UP = {"age_band", "sex", "nationality", "organisation_type", "month"}
REGION_AREAS = ("bridgend", "merthyr-tydfil", "rhondda-cynon-taf")  # as in conftest
MakeConcern = Callable[..., Concern]
Key = tuple[str, str, str]  # (area or "region", breakdown, category)


def _download(client: Client, area: str | None) -> list[dict[str, str]]:
    query = {"year": _year()} | ({"area": area} if area else {})
    response = client.get("/insights/concerns/export.csv", query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _published(client: Client) -> dict[Key, str]:
    """Every figure, from every overlapping query: a number, 'small' or 'withheld'."""
    seen: dict[Key, str] = {}
    for area in (None, *REGION_AREAS):
        for row in _download(client, area):
            place = row["area"]
            breakdown, category = row["breakdown"], row["category"]
            if breakdown == "area":  # the region page's by-area table is each area's total
                place, breakdown, category = category, "total", "total"
            value = row["count"] or ("small" if row["note"] == "fewer than 5" else "withheld")
            key = (place, breakdown, category)
            assert seen.get(key, value) == value, "two queries disagree about one figure"
            seen[key] = value
    return seen


def _equations(seen: dict[Key, str]) -> list[tuple[Key, list[Key]]]:
    categories: dict[str, set[str]] = defaultdict(set)
    for _place, breakdown, category in seen:
        if breakdown != "total":
            categories[breakdown].add(category)
    places = ["region", *REGION_AREAS]
    sums = [(("region", "total", "total"), [(a, "total", "total") for a in REGION_AREAS])]
    for breakdown, cats in categories.items():
        for category in cats:
            sums.append(
                (("region", breakdown, category), [(a, breakdown, category) for a in REGION_AREAS])
            )
        if breakdown in ADDS_UP:
            for place in places:
                sums.append(((place, "total", "total"), [(place, breakdown, c) for c in cats]))
    return sums


def recovered(seen: dict[Key, str]) -> dict[Key, int]:
    unknowns = sorted(key for key, value in seen.items() if not value.isdigit())
    index = {key: i for i, key in enumerate(unknowns)}
    rows, right = [], []
    for total, parts in _equations(seen):
        row = np.zeros(len(unknowns))
        constant = 0
        for key, sign in ((total, 1), *((p, -1) for p in parts)):
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * int(seen[key])
        if row.any():
            rows.append(row)
            right.append(constant)
    low = [0 if seen[k] == "small" else 5 for k in unknowns]
    high = [4 if seen[k] == "small" else 10_000 for k in unknowns]
    found = {}
    for key, i in index.items():
        objective = np.zeros(len(unknowns))
        objective[i] = 1
        options = {
            "constraints": [LinearConstraint(np.array(rows), right, right)],
            "bounds": Bounds(low, high),
            "integrality": np.ones(len(unknowns)),
        }
        smallest = milp(objective, **options)
        largest = milp(-objective, **options)
        if round(smallest.x[i]) == round(largest.x[i]):
            found[key] = round(smallest.x[i])
    return found


@pytest.fixture
def region_with_small_cells(concern_in: MakeConcern) -> None:
    # Bridgend: 9 concerns (7 girls, 2 boys); Merthyr Tydfil: 6 (all girls, one aged 30);
    # Rhondda Cynon Taf: 8 (4 girls, 3 boys, 1 not known). Several cells are 1 to 4, and
    # one area differs from the region by a single small cell: the classic differencing case.
    for _ in range(7):
        concern_in("bridgend")
    for _ in range(2):
        concern_in("bridgend", sex="male")
    for _ in range(5):
        concern_in("merthyr-tydfil")
    concern_in("merthyr-tydfil", age=30, types=("labour",))
    for _ in range(4):
        concern_in("rhondda-cynon-taf", month=4)
    for _ in range(3):
        concern_in("rhondda-cynon-taf", sex="male", month=4)
    concern_in("rhondda-cynon-taf", sex="not_known", month=4, nationality="Romanian")


def test_differencing_overlapping_queries_recovers_no_hidden_count(
    sign_in: object, analyst: User, region_with_small_cells: None
) -> None:
    seen = _published(sign_in(analyst))  # type: ignore[operator]
    assert any(value == "small" for value in seen.values()), "the data should have small cells"
    assert any(value.isdigit() for value in seen.values()), "something should be published"
    assert recovered(seen) == {}


def test_the_same_attack_does_recover_counts_when_only_small_cells_are_hidden(
    sign_in: object, analyst: User, region_with_small_cells: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proof that the attacker is competent: without secondary suppression it wins.
    monkeypatch.setattr(
        insight_statistics,
        "protect",
        lambda ledger: {k: Hidden.SMALL for k, v in ledger.values.items() if v < 5},
    )
    seen = _published(sign_in(analyst))  # type: ignore[operator]
    found = recovered(seen)
    assert found[("rhondda-cynon-taf", "sex", "female")] == 4
    assert found[("bridgend", "month", "01")] == 0


def test_a_period_other_than_a_whole_year_cannot_be_asked_for(
    sign_in: object, analyst: User, region_with_small_cells: None
) -> None:
    client = sign_in(analyst)  # type: ignore[operator]
    response = client.get("/insights/concerns/export.csv", {"year": "1999"})
    assert response.status_code == 404
    ranged = client.get(
        "/insights/concerns/export.csv", {"year": _year(), "from": "2026-03-01", "to": "2026-03-31"}
    )
    # Extra parameters change nothing: the answer is the whole year's, as the region query.
    assert ranged.content == client.get("/insights/concerns/export.csv", {"year": _year()}).content
