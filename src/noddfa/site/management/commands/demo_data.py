from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from noddfa.site.demo_data import DEMO_PASSWORD, RealRecordsPresent, load_demo_data
from noddfa.site.demo_region import build_region


class Command(BaseCommand):
    help = "Create the synthetic demonstration organisations, accounts and people (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--region",
            type=int,
            default=0,
            metavar="N",
            help=(
                "also build a synthetic region of N concerns over this year in the demo "
                "analyst's area, so the insights pages show real figures (e.g. 400)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["region"] < 0:
            raise CommandError("--region takes a number of concerns: 0 or more.")
        try:
            accounts = load_demo_data()
        except RealRecordsPresent as refused:
            raise CommandError(str(refused)) from None
        if options["region"]:
            self.stdout.write(f"Building a synthetic region of {options['region']} concerns…")
            added = build_region(options["region"])
            self.stdout.write(f"  {added} synthetic concerns added to the demo region.")
        self.stdout.write("Synthetic demo data is ready. Demo sign-ins (all synthetic):")
        for user in accounts:
            place = user.organisation.name if user.organisation else "Noddfa (system)"
            self.stdout.write(f"  {user.email:55} {user.get_role_display():35} {place}")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
