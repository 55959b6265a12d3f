"""`noddfa insights --warm` (or plain `noddfa insights`, as the timer runs it): count the
partnership figures ahead of the analysts who read them.

Counts, for each region some analyst may read and each year the pages offer, every figure
whose records changed since it was last counted (or that is older than the age limit), and
keeps it in the shared cache, so the next page reads it at once. Safe on a schedule and
twice at once: a figure counted already is left alone. Prints only how many.

`--forget` marks every record as changed, for after a bulk change the signals did not see
(a script's `update()`, a restore into a running service): every figure counts again.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from noddfa.insights import counted, versions
from noddfa.insights.permissions import regions_read
from noddfa.insights.selectors import years_available


class Command(BaseCommand):
    help = "Count the partnership insights figures ahead of their readers (the default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--warm", action="store_true", help="count every figure not counted at its records"
        )
        parser.add_argument(
            "--forget", action="store_true", help="count every figure again (after a bulk change)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["forget"]:
            versions.replace([(versions.EVERYTHING, versions.EVERYTHING, versions.EVERY_YEAR)])
            self.stdout.write("every figure will be counted again")
        if options["warm"] or not options["forget"]:
            started = time.monotonic()
            regions = regions_read()
            done, kept = counted.warm(regions, years_available())
            seconds = time.monotonic() - started
            self.stdout.write(
                f"{done} figures counted, {kept} already counted, "
                f"{len(regions)} regions, {seconds:.1f} s"
            )
