from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from noddfa.training.models import ReminderKind
from noddfa.training.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Email staff whose training expires within 60 or 30 days or has expired, once per "
        "record and reminder kind. Safe to run as often as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD); for checking, not for cron.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Queued in the outbox with their record; `noddfa send_mail` sends them.
        queued = send_due_reminders(options["on"] or timezone.localdate())
        parts = ", ".join(f"{queued[kind.value]} {kind.value}" for kind in ReminderKind)
        self.stdout.write(
            f"Training reminders queued: {sum(queued.values())} ({parts}); "
            "noddfa send_mail sends them."
        )
