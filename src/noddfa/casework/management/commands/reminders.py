from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from noddfa.casework.models import ReminderKind
from noddfa.casework.reminders import more_reminders, send_due_reminders
from noddfa.casework.services import schedule_transition_tasks


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Schedule transition tasks that have come due and remind task owners (email and in "
        "the app) of tasks due within a day or overdue, once per task and kind; other apps add "
        "their clocks (speak-up reports: acknowledge and feedback reminders, and retention). "
        "Safe to run every few minutes, and twice at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=_moment,
            default=None,
            help="Act as if it were this time (ISO 8601); for checking, not for cron.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = options["now"] or timezone.now()
        scheduled = schedule_transition_tasks(now)
        # Reminders go to the outbox in the same transaction as their record;
        # `noddfa send_mail` sends them, so this run has queued them, not sent them.
        queued = send_due_reminders(now)
        parts = ", ".join(f"{queued[kind.value]} {kind.value}" for kind in ReminderKind)
        self.stdout.write(
            f"Transition tasks scheduled: {scheduled}. "
            f"Task reminders queued: {sum(queued.values())} ({parts}); "
            "noddfa send_mail sends them."
        )
        for _receiver, summary in more_reminders.send(sender=self.__class__, now=now):
            self.stdout.write(str(summary))
