"""What Noddfa's PDF documents share: fonts that hold Welsh, text made safe for reportlab's
markup, long text cut into pieces a page can hold, and page furniture."""

from __future__ import annotations

import functools
import re
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# DejaVu Sans covers Welsh (ŵ, ŷ) and most European, Greek and Cyrillic text; Helvetica,
# reportlab's built-in, covers Latin-1 only and would print ŵ and ŷ as black boxes.
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_REGULAR, _BOLD = "NoddfaSans", "NoddfaSans-Bold"
# reportlab cannot break one table row across pages cleanly, so a long summary is cut into
# pieces, each its own row. At most 800 characters on at most 12 lines is, even in the widest
# letters, about 31 printed lines: a piece always fits on a page.
_PIECE = 800
_PIECE_LINES = 12
# Characters the PDF text layer cannot hold; a pasted control character must not break it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@functools.cache
def fonts() -> tuple[str, str]:
    """Register DejaVu Sans once per process if the machine has it; else use Helvetica."""
    regular, bold = _FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.is_file():
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont(_REGULAR, str(regular)))
    if bold.is_file():
        pdfmetrics.registerFont(TTFont(_BOLD, str(bold)))
        return _REGULAR, _BOLD
    return _REGULAR, _REGULAR


def markup(text: str) -> str:
    """Text made safe for Paragraph markup: escaped, with its line breaks kept."""
    cleaned = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(cleaned).replace("\n", "<br/>")


def when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def pieces(text: str, limit: int = _PIECE, max_lines: int = _PIECE_LINES) -> list[str]:
    """The text cut at line breaks (or, failing that, between words) into short pieces."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        lines += textwrap.wrap(line, limit, replace_whitespace=False) or [""]
    chunks: list[list[str]] = [[]]
    for line in lines:
        current = chunks[-1]
        too_long = sum(map(len, current)) + len(current) + len(line) > limit
        if current and (too_long or len(current) == max_lines):
            chunks.append([line])
        else:
            current.append(line)
    return ["\n".join(chunk) for chunk in chunks]


class PageCountingCanvas(Canvas):
    """Holds every page back until the end, so each footer can say "Page X of Y".

    Subclasses draw the footer; `page_label` is a translated msgid with %(number)s and
    %(total)s, translated before the build starts."""

    def __init__(self, *args: Any, footer: str, page_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._page_label = page_label
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's private page reset, not in its stubs

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self.draw_footer(number, total)
            super().showPage()
        super().save()

    def page_label(self, number: int, total: int) -> str:
        return self._page_label % {"number": number, "total": total}

    def draw_footer(self, number: int, total: int) -> None:
        raise NotImplementedError
