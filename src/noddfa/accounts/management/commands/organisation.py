"""`noddfa organisation register|change NAME ...`: how an operator registers an organisation or
changes its type, area or flags.

The law settles whether most kinds of organisation are first responders and s52 public
authorities; a flag that says otherwise is refused, naming the flag, and nothing is saved.
Leave a flag out to take the law's answer.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from noddfa.accounts.areas import LOCAL_AUTHORITY_AREAS
from noddfa.accounts.duties import duties_of
from noddfa.accounts.models import Organisation, OrganisationType
from noddfa.accounts.services import change_organisation, register_organisation


class _Flags(TypedDict):
    first_responder: bool | None
    s52_public_authority: bool | None


_ANSWERS = {"yes": True, "no": False}
_OPTION_FOR = {
    "first_responder": "--first-responder",
    "s52_public_authority": "--s52",
    "organisation_type": "--type",
    "local_authority_area": "--area",
    "name": "NAME",
}


def _refusal(error: ValidationError) -> CommandError:
    lines = [
        f"{_OPTION_FOR.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return CommandError("\n".join(lines))


class Command(BaseCommand):
    help = "Register an organisation, or change its type, area or duties."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        for name, required in (("register", True), ("change", False)):
            command = commands.add_parser(name)
            command.add_argument("name", help="the organisation's name")
            command.add_argument(
                "--type",
                dest="organisation_type",
                choices=OrganisationType.values,
                required=required,
            )
            command.add_argument(
                "--area",
                dest="local_authority_area",
                choices=[code for code, _label in LOCAL_AUTHORITY_AREAS],
                required=required,
            )
            command.add_argument(
                "--first-responder",
                choices=list(_ANSWERS),
                help="only where the law leaves it open; left out, the law's answer",
            )
            command.add_argument(
                "--s52",
                choices=list(_ANSWERS),
                help="only where the law leaves it open; left out, the law's answer",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        flags: _Flags = {
            "first_responder": _ANSWERS.get(options["first_responder"] or ""),
            "s52_public_authority": _ANSWERS.get(options["s52"] or ""),
        }
        try:
            if options["command"] == "register":
                organisation, created = register_organisation(
                    name=options["name"],
                    organisation_type=options["organisation_type"],
                    local_authority_area=options["local_authority_area"],
                    **flags,
                )
                if not created:
                    raise CommandError("An organisation with that name is already registered.")
            else:
                existing = Organisation.objects.filter(name=options["name"]).first()
                if existing is None:
                    raise CommandError("No organisation has that name.")
                organisation = change_organisation(
                    existing,
                    organisation_type=options["organisation_type"],
                    local_authority_area=options["local_authority_area"],
                    **flags,
                )
        except ValidationError as error:
            raise _refusal(error) from error
        duties = duties_of(organisation)
        self.stdout.write(
            f"{organisation.name}: {organisation.get_organisation_type_display()}, "
            f"first responder {'yes' if duties.first_responder else 'no'}, "
            f"section 52 {'yes' if duties.s52_public_authority else 'no'}"
        )
