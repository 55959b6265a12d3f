"""Page furniture shared by Noddfa's PDF documents."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas


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
        self._startPage()

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
