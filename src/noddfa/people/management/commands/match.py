"""`noddfa match PERSON.csv`: new records against the people in the database.

The input and output follow the matching contract in DESIGN.md: `id_l` is the new
record's id, `id_r` the stored person's id. Run by an operator with access to the whole
database, so it searches every stored person.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.matching import DEFAULT_THRESHOLD, Match
from noddfa.matching.cli import Refused, load_people, write_pairs
from noddfa.people.match_keys import likely_matches, rebuild_all_keys


class Command(BaseCommand):
    help = "Match new person records (CSV) against the people in the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", nargs="?", help="CSV of new person records")
        parser.add_argument("--out", help="where to write the pairs (default: standard output)")
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="write a CSV of every value repaired or dropped (line, column, value, kept, why)",
        )
        parser.add_argument(
            "--rebuild-keys",
            action="store_true",
            help="recompute every stored person's blocking keys first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild_keys"]:
            read, rewritten = rebuild_all_keys()
            self.stderr.write(
                f"noddfa match: keys checked for {read:,} people, "
                f"rewritten for {rewritten:,} whose keys had changed"
            )
        if not options["people"]:
            if options["rebuild_keys"]:
                return
            raise CommandError("give a CSV of person records, or --rebuild-keys")
        threshold = options["threshold"]
        if not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1", returncode=2)
        try:
            records, said = load_people(options["people"], options["report"])
        except Refused as error:
            raise CommandError(str(error), returncode=2) from None
        # Counts only, never a value from the file.
        self.stderr.write(f"noddfa match: {said}")
        matches: list[Match] = []
        for record in records:
            matches.extend(s.match for s in likely_matches(record, None, threshold))
        matches.sort(key=lambda m: (-m.score, m.left, m.right))
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8", newline="") as out:
                write_pairs(matches, out)
        else:
            write_pairs(matches, sys.stdout)
