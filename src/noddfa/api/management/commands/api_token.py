"""`noddfa api_token EMAIL [--rotate]`: the API token another system uses to act as this user.

Standard output carries the token and nothing else, so it can be piped straight into a
secret store; everything meant for a person goes to standard error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.accounts.models import User
from noddfa.api.models import Scope
from noddfa.api.services import TokenChange, issue_token

_TOLD = {
    TokenChange.CREATED: "A new API token was created.",
    TokenChange.SHOWN: "This is the existing API token; --rotate replaces it.",
    TokenChange.ROTATED: "The API token was replaced; the old one no longer works.",
}


class Command(BaseCommand):
    help = "Create or show a user's API token; --rotate replaces it. The token acts as the user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's email address")
        parser.add_argument(
            "--rotate", action="store_true", help="replace the token, ending the old one"
        )
        parser.add_argument(
            "--scope",
            choices=[Scope.READ, Scope.READ_WRITE],
            help="what the token may do within the user's rights (new tokens: read_write)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The address is not repeated in any message: it identifies a person.
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError("No user has that email address.")
        if not user.is_active:
            raise CommandError("That account is not active, so it cannot have an API token.")
        token, change = issue_token(user, rotate=options["rotate"], scope=options["scope"])
        self.stderr.write(_TOLD[change], style_func=str)
        self.stdout.write(token.key)
