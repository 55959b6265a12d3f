"""``noddfa pathway CASE.json``: print the pathway for a case as JSON.

Exit status 0 with the contract's output on stdout; 2 with one line on stderr naming the problem
(the field, or the line and column of malformed JSON) for any bad input. Never a traceback: a
practitioner's tool must not answer a typo with a stack dump.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from noddfa.pathway.case import CaseError, DuplicateKey, refuse_duplicate_keys
from noddfa.pathway.engine import evaluate

EXIT_OK = 0
EXIT_BAD_INPUT = 2
PROG = "noddfa pathway"


class _BadInput(Exception):
    """Input that cannot be evaluated; the message is what the user sees."""


def _read(path: str) -> str:
    if path == "-":
        try:
            return sys.stdin.read()
        except UnicodeDecodeError as error:
            raise _BadInput("stdin: not valid UTF-8 text") from error
    try:
        with open(path, encoding="utf-8") as case_file:
            return case_file.read()
    except FileNotFoundError as error:
        raise _BadInput(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise _BadInput(f"{path}: is a directory, not a case file") from error
    except PermissionError as error:
        raise _BadInput(f"{path}: permission denied") from error
    except UnicodeDecodeError as error:
        raise _BadInput(f"{path}: not valid UTF-8 text") from error
    except OSError as error:
        raise _BadInput(f"{path}: cannot be read ({error.strerror})") from error


def _parse_json(text: str, name: str) -> object:
    try:
        parsed: object = json.loads(text, object_pairs_hook=refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise _BadInput(
            f"{name}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    except DuplicateKey as error:
        raise _BadInput(
            f"{name}: the field {_shown(error.key)} appears more than once in one object"
        ) from error
    except RecursionError as error:
        raise _BadInput(f"{name}: invalid JSON: nested too deeply") from error
    except ValueError as error:
        # Python refuses integer literals of more than 4,300 digits (CVE-2020-10735).
        raise _BadInput(f"{name}: invalid JSON: a number is too long") from error
    return parsed


def _shown(key: str) -> str:
    printable = key if key.isprintable() else repr(key)
    return repr(printable[:60] + ("..." if len(printable) > 60 else ""))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; ``argv`` excludes the program and subcommand names."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Print what must happen for a possible victim, by whom, by when and why.",
    )
    parser.add_argument("case", metavar="CASE.json", help='a case file, or "-" for stdin')
    arguments = parser.parse_args(argv)
    name = "stdin" if arguments.case == "-" else arguments.case
    try:
        result = evaluate_text(_read(arguments.case), name)
    except _BadInput as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_output(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _print_output(text: str) -> None:
    # Written as UTF-8 bytes whatever the console's encoding, so Welsh letters never fail.
    stdout = sys.stdout
    try:
        if hasattr(stdout, "buffer"):
            stdout.flush()
            stdout.buffer.write(text.encode("utf-8"))
            stdout.buffer.flush()
        else:
            stdout.write(text)
            stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``| head``): not an error in the case. Point stdout at
        # devnull so the interpreter's own flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())


def evaluate_text(text: str, name: str) -> dict[str, object]:
    """Evaluate a case given as JSON text; any problem raises a one-line :class:`_BadInput`."""
    case = _parse_json(text, name)
    if not isinstance(case, dict):
        raise _BadInput(f"{name}: the case must be a JSON object")
    try:
        return evaluate(case)
    except CaseError as error:
        raise _BadInput(f"{name}: {error}") from error


if __name__ == "__main__":
    raise SystemExit(main())
