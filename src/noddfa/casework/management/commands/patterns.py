"""`noddfa patterns`: raise pattern alerts for every local authority team.

Idempotent: an alert already raised is not raised again, so it is safe on a schedule.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from noddfa.casework.patterns import raise_alerts


class Command(BaseCommand):
    help = "Find patterns that point to trafficking and raise alerts for the LA teams."

    def handle(self, *args: Any, **options: Any) -> None:
        raised = raise_alerts()
        self.stdout.write(f"{raised} new pattern alerts")
