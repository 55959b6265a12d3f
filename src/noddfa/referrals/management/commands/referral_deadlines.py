from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.referrals.open_deadlines import rebuild_open_deadlines


class Command(BaseCommand):
    help = (
        "Compare each referral's stored open dates (the deadline lists read them) with the "
        "dates worked out afresh from its history. --check only says how many differ and "
        "exits 1 if any do; --rebuild puts them right, a batch at a time. Run --rebuild after "
        "a change to the bank holidays, a restore, or a bulk load of referrals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--check", action="store_true", help="Say what differs; write nothing.")
        what.add_argument("--rebuild", action="store_true", help="Put every difference right.")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done} of {total} referrals", ending="\r")

        found = rebuild_open_deadlines(write=options["rebuild"], progress=progress)
        self.stderr.write("")
        summary = (
            f"Open dates missing: {found.missing}, moved: {found.moved}, "
            f"no longer open: {found.ended}."
        )
        if options["rebuild"]:
            self.stdout.write(f"{summary} All put right." if found.any else summary)
        elif found.any:
            raise CommandError(f"{summary} Run `noddfa referral_deadlines --rebuild`.")
        else:
            self.stdout.write(summary)
