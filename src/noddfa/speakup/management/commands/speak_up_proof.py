"""`noddfa speak_up_proof FILE`: is this proof of report one this instance signed, unchanged?

For an organisation (or a court, or an inspector) shown a reporter's proof of report: the
signature is checked with this instance's key; the command prints the channel, the time and
the fingerprint, which the organisation can match against the report it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.speakup.services import proof_is_genuine


class Command(BaseCommand):
    help = "Check that a speak-up proof of report was signed by this instance and is unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("proof", type=Path, help="the proof-of-report text file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["proof"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}", returncode=2) from error
        if not proof_is_genuine(text):
            raise CommandError(
                "Not genuine: this proof was not signed by this instance, or it was changed.",
                returncode=1,
            )
        self.stdout.write("Genuine: signed by this instance and unchanged.")
        for line in text.splitlines()[1:5]:
            self.stdout.write(f"  {line}")
