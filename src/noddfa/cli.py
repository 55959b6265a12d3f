"""The `noddfa` command: the pathway engine without Django, everything else through it."""

from __future__ import annotations

import os
import sys

# Commands whose spelling on the command line differs from the Python module name.
_ALIASES = {"demo-data": "demo_data"}
# sysexits.h EX_UNAVAILABLE: a service the command needs is not available.
EXIT_DATABASE_UNAVAILABLE = 69


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "pathway":
        from noddfa.pathway.cli import main as pathway_main

        return pathway_main(args[1:])
    if args and args[0] == "dedupe":
        from noddfa.matching.cli import main as dedupe_main

        return dedupe_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noddfa.config.settings.dev")
    from django.core.management import execute_from_command_line
    from django.db import InterfaceError, OperationalError

    if args:
        args[0] = _ALIASES.get(args[0], args[0])
    try:
        execute_from_command_line(["noddfa", *args])
    except (OperationalError, InterfaceError) as error:
        # One line a person can act on, not a traceback; the message is the driver's own
        # (which database, why), and carries no record's data.
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(
            f"noddfa: the database cannot be used ({reason}). Check DATABASE_URL and that the "
            "database is running, reachable and writable, then try again.",
            file=sys.stderr,
        )
        return EXIT_DATABASE_UNAVAILABLE
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
