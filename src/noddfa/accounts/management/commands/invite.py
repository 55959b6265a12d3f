"""`noddfa invite EMAIL ...`: print a single-use link (72 hours) through which a person chooses
a password and sets up their authenticator app (ADR 17).

For a new account give --full-name, --role and (unless the role is system_admin)
--organisation: this is how the first organisation admin (or system admin) gets in. For an
existing account (one made by `createsuperuser`, or an admin who lost their phone) the link
resets the second factor: their authenticator and recovery codes are forgotten and their
sessions and API tokens end. The link is printed, not emailed: hand it to the person yourself.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.accounts.models import Organisation, Role
from noddfa.accounts.services import operator_link
from noddfa.core.errors import RuleBroken


class Command(BaseCommand):
    help = "Print an invitation link for a new account, or a reset link for an existing one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--role", choices=Role.values, default="")
        parser.add_argument("--organisation", default="", help="the organisation's name")
        parser.add_argument(
            "--site",
            default="",
            help="the site's address the link starts with, like https://noddfa.example.gov.uk",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(name=options["organisation"]).first()
            if organisation is None:
                raise CommandError("No organisation has that name.")
        try:
            user, path = operator_link(
                email=options["email"],
                full_name=options["full_name"],
                role=options["role"],
                organisation=organisation,
            )
        except RuleBroken as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"A link for account {user.pk}; it works once, within 72 hours. "
            "Give it to the person; do not paste it anywhere it is kept:"
        )
        self.stdout.write(f"{options['site'].rstrip('/')}{path}")
