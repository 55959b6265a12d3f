from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from noddfa.concerns.attachments import SWEEP_AFTER, sweep_leftovers


class Command(BaseCommand):
    help = (
        "Find files a crash left in the attachment store: stored files no record names, "
        "partial .incoming-* writes and spooled uploads, all older than an hour. Only lists "
        "them unless --delete is given. Safe to run on a schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove what is found.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = sweep_leftovers(delete=options["delete"])
        if options["verbosity"] > 1:
            # Stored names are random; they say nothing about anyone.
            for path in [*report.orphans, *report.partials, *report.spooled]:
                self.stdout.write(str(path))
        hours = int(SWEEP_AFTER.total_seconds() // 3600)
        summary = (
            f"Older than {hours} h: {len(report.orphans)} stored file(s) with no record, "
            f"{len(report.partials)} partial write(s), {len(report.spooled)} spooled upload(s)."
        )
        if options["delete"]:
            self.stdout.write(f"{summary} Deleted {report.deleted}.")
        else:
            self.stdout.write(f"{summary} Nothing deleted (dry run; --delete removes them).")
