from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.audit.services import verify_chain


class Command(BaseCommand):
    help = "Work with the audit log. `noddfa audit verify` checks the whole hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at event {report.first_broken_id}: {report.problem}. "
                f"{report.checked} events before it are intact.",
                returncode=1,
            )
        self.stdout.write(f"Audit chain intact: {report.checked} events checked.")
