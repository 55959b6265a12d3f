from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from noddfa.site.demo_data import DEMO_PASSWORD, RealRecordsPresent, load_demo_data


class Command(BaseCommand):
    help = "Create the synthetic demonstration organisations, accounts and people (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = load_demo_data()
        except RealRecordsPresent as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write("Synthetic demo data is ready. Demo sign-ins (all synthetic):")
        for user in accounts:
            place = user.organisation.name if user.organisation else "Noddfa (system)"
            self.stdout.write(f"  {user.email:55} {user.get_role_display():35} {place}")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
