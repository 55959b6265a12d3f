"""Every string the interface shows must have a Welsh translation.

The catalogue is extracted afresh from the templates and Python code into a scratch copy,
so a string added without its Welsh fails here, not in front of a Welsh reader.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    scratch = tmp_path_factory.mktemp("messages")
    shutil.copytree(ROOT / "src", scratch / "src", ignore=shutil.ignore_patterns("__pycache__"))
    (scratch / "locale" / "cy" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, scratch / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    env = {**os.environ, "NODDFA_HOME": str(scratch), "NODDFA_VAR_DIR": str(scratch / "var")}
    env["DJANGO_SETTINGS_MODULE"] = "noddfa.config.settings.dev"
    result = subprocess.run(
        [sys.executable, "-m", "noddfa.cli", "makemessages", "--locale", "cy", "--no-obsolete"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return polib.pofile(str(scratch / "locale" / "cy" / "LC_MESSAGES" / "django.po"))


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgid!r} ({', '.join(f for f, _ in entry.occurrences[:2])})"


def test_every_interface_string_has_a_welsh_translation(fresh_catalogue: polib.POFile) -> None:
    missing = [_label(e) for e in fresh_catalogue.untranslated_entries()]
    assert not missing, "Strings without Welsh:\n" + "\n".join(missing)


def test_no_welsh_translation_is_a_guess_left_for_review(fresh_catalogue: polib.POFile) -> None:
    fuzzy = [_label(e) for e in fresh_catalogue.fuzzy_entries()]
    assert not fuzzy, "Fuzzy (unchecked) Welsh:\n" + "\n".join(fuzzy)


def test_the_compiled_catalogue_matches_the_translations() -> None:
    compiled = gettext.GNUTranslations(MO.open("rb"))
    source = polib.pofile(str(PO))
    stale = [
        e.msgid
        for e in source.translated_entries()
        if not e.msgid_plural and compiled.pgettext(e.msgctxt, e.msgid) != e.msgstr
        if e.msgctxt
    ] + [
        e.msgid
        for e in source.translated_entries()
        if not e.msgid_plural and not e.msgctxt and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert not stale, "Run `make messages`: compiled Welsh is out of date for " + repr(stale[:5])
