"""`noddfa dedupe PEOPLE.csv --out PAIRS.csv`: the matching contract, without Django."""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from noddfa.cells import neutralise

from .batch import dedupe
from .csv_input import MalformedCsv, decoded_lines, open_csv, read_people, summary
from .records import PersonRecord
from .repairs import Repair
from .scoring import DEFAULT_THRESHOLD, REASON_TEXT, Match

# splink_engine imports Splink, pandas and PySpark only inside its functions.
from .splink_engine import SPARK_LOCAL, dedupe_with_splink, spark_problem, spark_session

# Below this many records a run takes about a second and progress would only be noise.
_PROGRESS_FROM = 10_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noddfa dedupe",
        description="Find records that describe the same person, in any script.",
    )
    parser.add_argument("people", help="CSV of person records (UTF-8, header row)")
    parser.add_argument("--out", help="where to write the pairs (default: standard output)")
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=DEFAULT_THRESHOLD,
        help=f"lowest score written, 0..1 (default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--engine",
        choices=("noddfa", "splink"),
        default="noddfa",
        help="noddfa (default) or Splink (on DuckDB, or on Spark with --backend spark)",
    )
    parser.add_argument(
        "--backend",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where --engine splink runs: duckdb (default, in this process) or spark",
    )
    parser.add_argument(
        "--spark-master",
        metavar="URL",
        help=f"the Spark master for --backend spark (default {SPARK_LOCAL}: local mode, "
        "two threads); e.g. spark://host:7077 or yarn",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="write a CSV of every value repaired or dropped (line, column, value, kept, why)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    return parser


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text!r}")
    return value


def _row_writer(stream: TextIO) -> Callable[[list[str]], None]:
    # Each row is made by the default dialect, which quotes a field holding a carriage return
    # or a line feed, and then ends with "\n": a writer told to end lines with "\n" leaves a
    # carriage return bare, and a spreadsheet starts a new row (and a new cell) at it.
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def put(row: list[str]) -> None:
        writer.writerow(row)
        stream.write(buffer.getvalue().removesuffix("\r\n") + "\n")
        buffer.seek(0)
        buffer.truncate()

    return put


def write_pairs(matches: Sequence[Match], stream: TextIO) -> None:
    put = _row_writer(stream)
    put(["id_l", "id_r", "score", "reasons"])
    for match in matches:
        reasons = "; ".join(REASON_TEXT.get(code, code) for code in match.reasons)
        # The ids come from the user's file (or the database) and are written as inert text
        # (issue 17); the score is a number our code formatted and stays one.
        put(
            [
                neutralise(match.left),
                neutralise(match.right),
                f"{match.score:.4f}",
                neutralise(reasons),
            ]
        )


REPORT_COLUMNS = ["line", "column", "value", "kept", "why"]


def write_report(repairs: Sequence[Repair], stream: TextIO) -> None:
    """Every value not used as given, in file order. The value and what was kept come from
    the user's file and are written as inert text, like the ids in the pairs file."""
    put = _row_writer(stream)
    put(REPORT_COLUMNS)
    for repair in sorted(repairs, key=lambda r: r.line):
        put(
            [
                str(repair.line),
                repair.column,
                neutralise(repair.given),
                neutralise(repair.kept),
                neutralise(repair.why),
            ]
        )


class Refused(Exception):
    """The people file, or a file to write, cannot be used; the message is one line."""


def load_people(path: str, report: str | None) -> tuple[list[PersonRecord], str]:
    """The records of `path` and a one-line summary of what was repaired or dropped (counts
    only, for standard error); with `report`, every such value written to that file.
    Raises `Refused` when the file cannot be read as person records."""
    repairs: list[Repair] = []
    try:
        with open_csv(path) as stream:
            records = list(read_people(decoded_lines(stream, repairs), repairs))
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    except MalformedCsv as error:
        raise Refused(f"{path}: {error}") from None
    if report:
        try:
            with open(report, "w", encoding="utf-8", newline="") as out:
                write_report(repairs, out)
        except OSError as error:
            raise Refused(f"cannot write {report}: {error.strerror}") from None
    return records, summary(len(records), repairs)


def _writable(path: str | None) -> bool:
    return not path or os.path.isdir(os.path.dirname(os.path.abspath(path)))


def _backend_problem(options: argparse.Namespace) -> str | None:
    if options.backend == "spark" and options.engine != "splink":
        return "--backend spark runs Splink: add --engine splink"
    if options.spark_master is not None and options.backend != "spark":
        return "--spark-master needs --backend spark"
    if options.backend == "spark":
        return spark_problem()
    return None


def _splink(
    records: Sequence[PersonRecord], options: argparse.Namespace, progress: Callable[[str], None]
) -> list[Match]:
    if options.backend != "spark":
        return dedupe_with_splink(records, options.threshold)
    master = options.spark_master or SPARK_LOCAL
    spark = spark_session(master)
    progress(f"Spark session on {master} started")
    try:
        return dedupe_with_splink(records, options.threshold, backend="spark", spark=spark)
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    started = time.perf_counter()
    # Said before the file is read, not after minutes of work.
    problem = _backend_problem(options)
    if problem:
        print(f"noddfa dedupe: {problem}", file=sys.stderr)
        return 2
    for target in (options.out, options.report):
        if not _writable(target):
            print(f"noddfa dedupe: cannot write {target}: no such folder", file=sys.stderr)
            return 2
    try:
        records, said = load_people(options.people, options.report)
    except Refused as error:
        print(f"noddfa dedupe: {error}", file=sys.stderr)
        return 2
    # Always, --quiet or not: a run that silently used less than the file said misleads.
    print(f"noddfa dedupe: {said}", file=sys.stderr)
    # A Spark run takes tens of seconds whatever the size: say what it is doing.
    loud = not options.quiet and (len(records) >= _PROGRESS_FROM or options.backend == "spark")

    def progress(message: str) -> None:
        if loud:
            print(
                f"noddfa dedupe: {message} ({time.perf_counter() - started:.1f} s)", file=sys.stderr
            )

    progress(f"{len(records):,} records read")
    if options.engine == "splink":
        matches = _splink(records, options, progress)
    else:
        matches = dedupe(records, options.threshold, progress)
    progress(f"{len(matches):,} pairs found")
    if options.out:
        try:
            with open(options.out, "w", encoding="utf-8", newline="") as out:
                write_pairs(matches, out)
        except OSError as error:
            print(f"noddfa dedupe: cannot write {options.out}: {error.strerror}", file=sys.stderr)
            return 2
    else:
        write_pairs(matches, sys.stdout)
    return 0
