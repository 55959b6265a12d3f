"""How often a name written in its own script meets the English spelling an agency records.

Reads `names_across_scripts.tsv` (a name in its script beside a common English spelling of
the same name, one person a row, eighteen scripts and communities) and reports, per
script, the share of rows where two records, one with the name in its script and one
with the English spelling, and the same date of birth and nothing else, are compared
(they share a blocking key) and joined (`compare` at the default threshold): as written,
and with one slip of the pen in the English given name or family name (a letter after
the first left out, doubled, swapped with its neighbour or replaced; seeded).

    .venv/bin/python benchmarks/names_across_scripts.py [--file F] [--seed N] [--half odd|even]

The list was written, for this benchmark, by someone who had not seen the matcher. The
rows missed on its odd half were read to improve the matcher; the even half's were not,
so `--half even` still measures names the matcher was not fitted to.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import defaultdict
from pathlib import Path

from noddfa.matching import (
    DEFAULT_THRESHOLD,
    PartialDate,
    PersonRecord,
    blocking_keys,
    compare,
    prepare,
)

HERE = Path(__file__).parent
BORN = PartialDate(1990, 5, 17)


def slip(rng: random.Random, text: str) -> str:
    """One slip of the pen after the first letter, as a clerk writing by ear makes."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return text[:at] + text[at + 1 :]
    if kind == "double":
        return text[: at + 1] + text[at:]
    if kind == "swap":
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text[:at] + rng.choice("aeioulnrst") + text[at + 1 :]


def links(native: tuple[str, str], latin: tuple[str, str]) -> bool:
    """Whether records of the two names born on one day are compared and joined."""
    a = prepare(PersonRecord("a", *native, date_of_birth=BORN))
    b = prepare(PersonRecord("b", *latin, date_of_birth=BORN))
    compared = bool(set(blocking_keys(a)) & set(blocking_keys(b)))
    return compared and compare(a, b).score >= DEFAULT_THRESHOLD


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=HERE / "names_across_scripts.tsv")
    parser.add_argument("--seed", type=int, default=6122026)
    parser.add_argument("--half", choices=("odd", "even"), help="only the odd or even rows")
    args = parser.parse_args()
    keep = {"odd": 1, "even": 0}.get(args.half or "")
    rng = random.Random(args.seed)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with args.file.open(encoding="utf-8", newline="") as rows:
        for number, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=1):
            if keep is not None and number % 2 != keep:
                continue
            native = (row["native_given"], row["native_family"])
            given, family = row["latin_given"], row["latin_family"]
            counts = totals[row["script"]]
            counts[0] += 1
            counts[1] += links(native, (given, family))
            counts[2] += links(native, (slip(rng, given), family))
            counts[3] += links(native, (given, slip(rng, family)))
    print("| Script | Names | As written | Slip in given name | Slip in family name |")
    print("|---|---|---|---|---|")
    overall = [0, 0, 0, 0]
    for script in sorted(totals):
        counts = totals[script]
        overall = [x + y for x, y in zip(overall, counts, strict=True)]
        print(
            f"| {script} | {counts[0]} | "
            + " | ".join(_share(c, counts[0]) for c in counts[1:])
            + " |"
        )
    print(
        f"| all | {overall[0]} | " + " | ".join(_share(c, overall[0]) for c in overall[1:]) + " |"
    )
    return 0


def _share(count: int, total: int) -> str:
    return f"{count / total:.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
