"""A template comment never shows on a page.

Django's `{# #}` ends at the line's end: one written across lines is printed as text, as a
note to developers was on the Welsh concern form (the Welsh page walk caught it). Longer
notes go in `{% comment %}`.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "noddfa"
SHORT_COMMENT = re.compile(r"\{#(.*?)#\}", re.DOTALL)


def test_no_template_has_a_short_comment_written_across_lines() -> None:
    broken = [
        f"{path.relative_to(SRC)}:{text[: found.start()].count(chr(10)) + 1}"
        for path in sorted(SRC.rglob("*.html"))
        for text in [path.read_text(encoding="utf-8")]
        for found in SHORT_COMMENT.finditer(text)
        if "\n" in found.group(1)
    ]

    assert not broken, f"use {{% comment %}} for these: {broken}"


def test_the_check_finds_a_comment_written_across_lines() -> None:
    assert SHORT_COMMENT.search("{# one\ntwo #}").group(1) == " one\ntwo "  # type: ignore[union-attr]
