"""`noddfa suggest_duplicates`: work out and store the suggested duplicates (issue 22).

Incremental by default (the people whose records were added or changed since the last run);
`--full` compares everyone again. Idempotent and safe on a schedule: every 15 minutes, and
`--full` nightly (deploy/systemd/noddfa-suggest_duplicates*.timer, deploy/cron/noddfa).
Prints counts only, never a name.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from noddfa.people.duplicate_suggestions import suggest_duplicates


class Command(BaseCommand):
    help = "Work out the suggested duplicates the local authority teams check, and store them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="compare everyone again, not only the people added or changed since the last run",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        summary = suggest_duplicates(full=options["full"])
        how = "full" if summary.full else "incremental"
        self.stdout.write(
            f"{how} run: {summary.people_checked} people compared, {summary.removed} open pairs "
            f"replaced, {summary.open_pairs} open pairs stored, "
            f"{time.monotonic() - started:.1f} s"
        )
