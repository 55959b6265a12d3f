"""Re-extract the Welsh catalogue and fill it from JSON files of translations, then compile.

    .venv/bin/python tools/add_welsh.py locale/cy/new/referrals.json [more.json ...]

Each JSON file maps an English msgid to its Welsh: a string, or for a plural entry a list of
four forms (Welsh has four plural forms here: nplurals=4). A msgid with a context is written
"context\u0004msgid". Only empty or fuzzy entries are filled; finished Welsh is never replaced.
Run with no files to list what is still untranslated. A lock keeps two runs from interleaving.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
NODDFA = [str(ROOT / ".venv" / "bin" / "noddfa")]
IGNORED = ["node_modules", ".venv", "var", "tests", "benchmarks", "tools"]


def _extract() -> None:
    ignore = [arg for name in IGNORED for arg in ("--ignore", name)]
    options = ["--locale", "cy", "--no-obsolete", "--add-location", "file", *ignore]
    subprocess.run(  # noqa: S603 (fixed arguments, no user input)
        [*NODDFA, "makemessages", *options],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def _fill(catalogue: polib.POFile, welsh: dict[str, str | list[str]]) -> int:
    filled = 0
    for entry in catalogue:
        key = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
        if key not in welsh or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        value = welsh[key]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value] * 4
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        filled += 1
    return filled


def main(paths: list[str]) -> int:
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _extract()
        catalogue = polib.pofile(str(PO))
        welsh: dict[str, str | list[str]] = {}
        for path in paths:
            welsh.update(json.loads(Path(path).read_text(encoding="utf-8")))
        filled = _fill(catalogue, welsh)
        catalogue.save()
        subprocess.run(  # noqa: S603
            ["/usr/bin/msgfmt", "--check-format", "-o", str(PO.with_suffix(".mo")), str(PO)],
            check=True,
        )
    missing = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
    print(f"filled {filled}; still without Welsh: {len(missing)}")
    for msgid in missing:
        print(f"  {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
