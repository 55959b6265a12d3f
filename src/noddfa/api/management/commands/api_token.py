"""`noddfa api_token EMAIL [--rotate] [--scope read|read_write] [--days N]`: the API token
another system uses to act as this user.

Only an active user who has set up the second factor may have one. The token is kept only
as a hash, so it is shown once, when made; standard output carries the token and nothing
else, so it can be piped straight into a secret store, and everything meant for a person
goes to standard error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.accounts.models import User
from noddfa.accounts.sign_in_names import sign_in_name
from noddfa.api.models import Scope
from noddfa.api.services import TokenChange, TokenRefused, issue_token, token_days

_MAX_DAYS = 365

_TOLD = {
    TokenChange.CREATED: "A new API token was created (shown once; it is kept only as a hash).",
    TokenChange.ROTATED: "The API token was replaced; the old one no longer works.",
    TokenChange.SCOPE: "The API token's scope was changed; the token itself is unchanged.",
    TokenChange.UNCHANGED: "The API token already has that scope.",
}


def _days(value: str) -> int:
    days = int(value)
    if not 1 <= days <= _MAX_DAYS:
        raise ValueError(value)
    return days


class Command(BaseCommand):
    help = (
        "Create or replace (--rotate) a user's API token, shown once; the token acts as the"
        " user, only reads unless --scope read_write, and expires."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's email address")
        parser.add_argument(
            "--rotate", action="store_true", help="replace the token, ending the old one"
        )
        parser.add_argument(
            "--scope",
            choices=[Scope.READ, Scope.READ_WRITE],
            help="what the token may do within the user's rights (new tokens: read)",
        )
        parser.add_argument(
            "--days",
            type=_days,
            help=f"days until a new token expires, 1 to {_MAX_DAYS} (default {token_days()})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The address is not repeated in any message: it identifies a person.
        user = User.objects.filter(email=sign_in_name(options["email"])).first()
        if user is None:
            raise CommandError("No user has that email address.")
        try:
            key, change = issue_token(
                user, rotate=options["rotate"], scope=options["scope"], days=options["days"]
            )
        except TokenRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stderr.write(_TOLD[change], style_func=str)
        if key is not None:
            self.stdout.write(key)
