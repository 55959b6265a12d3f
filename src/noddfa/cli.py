"""The `noddfa` command: the pathway engine without Django, everything else through it."""

from __future__ import annotations

import os
import sys

# Commands whose spelling on the command line differs from the Python module name.
_ALIASES = {"demo-data": "demo_data"}


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

    if args:
        args[0] = _ALIASES.get(args[0], args[0])
    execute_from_command_line(["noddfa", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
