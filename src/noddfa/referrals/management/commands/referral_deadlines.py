from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.referrals.open_deadlines import rebuild_open_deadlines


class Command(BaseCommand):
    help = (
        "Compare each referral's stored open dates (the deadline lists read them) with the "
        "dates worked out afresh from its history, and put any difference right, a batch at a "
        "time (nightly by the timer; by hand after a change to the bank holidays, a restore or "
        "a bulk load). --check only says how many differ, and exits 1 if any do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Say what differs; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        tty = self.stderr.isatty()

        def progress(done: int, total: int) -> None:
            # A line at a time for a log, over itself on a terminal.
            if tty:
                self.stderr.write(f"{done} of {total} referrals", ending="\r")
            elif done == total or done % 5000 == 0:
                self.stderr.write(f"{done} of {total} referrals")

        write = not options["check"]
        found = rebuild_open_deadlines(write=write, progress=progress)
        if tty:
            self.stderr.write("")
        summary = (
            f"Open dates missing: {found.missing}, moved: {found.moved}, "
            f"no longer open: {found.ended}."
        )
        if write:
            self.stdout.write(f"{summary} All put right." if found.any else summary)
        elif found.any:
            raise CommandError(f"{summary} Run `noddfa referral_deadlines` to put them right.")
        else:
            self.stdout.write(summary)
