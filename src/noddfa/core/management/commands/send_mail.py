from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from noddfa.core.outbox import deliver_queued


class Command(BaseCommand):
    help = (
        "Send the email waiting in the outbox, with a timeout, retrying failures with backoff. "
        "Safe to run every minute, and twice at once: no email goes twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=500, help="Send at most this many emails in this run."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = deliver_queued(limit=options["limit"])
        self.stdout.write(
            f"Emails sent: {report.sent}; failed, to retry: {report.failed}; "
            f"given up: {report.given_up}."
        )
