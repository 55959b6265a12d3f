"""`noddfa forget_failed_sign_ins`: delete django-axes' sign-in records once they are older than
NODDFA_FAILED_SIGN_IN_DAYS (30 days; docs/operations.md, "Privacy: failed sign-ins").

Axes keeps, for every failed sign-in, the address typed, the IP address and the browser
(`AccessAttempt`, and `AccessFailureLog` when that log is on), and for every sign-in the same
three (`AccessLog`). Its own clean-up only forgets an `AccessAttempt` once the cool-off is over
and only when someone next signs in; nothing else ever deletes them. The two logs are deleted
by age through axes' own handler (`reset_logs`, `reset_failure_logs`, what `axes_reset_logs
--age` and `axes_reset_failure_logs --age` run); axes has no age-based reset for
`AccessAttempt`, so that one is deleted here. The retention is far longer than the one-hour
cool-off, so nothing deleted can still be locking anyone out.

Safe on a schedule: each run deletes what is old and nothing else, and running it twice, or
in two places at once, deletes nothing more. It prints counts only, never whose or from where.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete failed sign-in records (and axes' sign-in log) older than "
        "NODDFA_FAILED_SIGN_IN_DAYS days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of NODDFA_FAILED_SIGN_IN_DAYS (at least 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"] if options["days"] is not None else _retention_days()
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cut_off = timezone.now() - timedelta(days=days)
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lte=cut_off).delete()
        failure_logs = AxesProxyHandler.reset_failure_logs(age_days=days)
        sign_in_logs = AxesProxyHandler.reset_logs(age_days=days)
        self.stdout.write(
            f"Forgot sign-in records older than {days} days: {attempts} failed sign-ins, "
            f"{failure_logs} failure log entries, {sign_in_logs} sign-in log entries."
        )


def _retention_days() -> int:
    days = settings.NODDFA_FAILED_SIGN_IN_DAYS
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise CommandError("NODDFA_FAILED_SIGN_IN_DAYS must be a whole number of days, at least 1.")
    return days
