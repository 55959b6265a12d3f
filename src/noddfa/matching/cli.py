"""`noddfa dedupe PEOPLE.csv --out PAIRS.csv`: the matching contract, without Django."""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from noddfa.cells import neutralise

from .batch import dedupe
from .csv_input import MalformedCsv, decoded_lines, open_csv, read_people
from .records import PersonRecord
from .scoring import DEFAULT_THRESHOLD, REASON_TEXT, Match

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
        help="noddfa (default) or Splink on DuckDB",
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


def write_pairs(matches: Sequence[Match], stream: TextIO) -> None:
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


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    started = time.perf_counter()
    if options.out and not os.path.isdir(os.path.dirname(os.path.abspath(options.out))):
        # Said before the matching runs, not after minutes of work.
        print(f"noddfa dedupe: cannot write {options.out}: no such folder", file=sys.stderr)
        return 2
    try:
        with open_csv(options.people) as stream:
            records: list[PersonRecord] = list(read_people(decoded_lines(stream)))
    except OSError as error:
        print(f"noddfa dedupe: cannot read {options.people}: {error.strerror}", file=sys.stderr)
        return 2
    except MalformedCsv as error:
        print(f"noddfa dedupe: {options.people}: {error}", file=sys.stderr)
        return 2
    loud = not options.quiet and len(records) >= _PROGRESS_FROM

    def progress(message: str) -> None:
        if loud:
            print(
                f"noddfa dedupe: {message} ({time.perf_counter() - started:.1f} s)", file=sys.stderr
            )

    progress(f"{len(records):,} records read")
    if options.engine == "splink":
        from .splink_engine import dedupe_with_splink

        matches = dedupe_with_splink(records, options.threshold)
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
