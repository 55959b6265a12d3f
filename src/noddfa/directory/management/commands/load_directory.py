"""`noddfa load_directory`: bring the directory in line with its data file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.directory.datafile import DirectoryDataError
from noddfa.directory.loader import load_directory


class Command(BaseCommand):
    help = "Add and update helplines from the directory data file (admin-edited entries are kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-retire-all",
            action="store_true",
            help="Load a data file with no services, retiring every helpline it loaded before.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_directory(allow_retire_all=options["allow_retire_all"])
        except DirectoryDataError as error:
            raise CommandError(str(error)) from None
        for heading, keys in (
            ("Added", report.created),
            ("Updated", report.updated),
            ("Retired", report.retired),
            ("Left as administrators set them", report.left_to_administrators),
        ):
            if keys:
                self.stdout.write(f"{heading}: {', '.join(keys)}")
        if not report.changed_anything:
            self.stdout.write("The directory already matches its data file.")
