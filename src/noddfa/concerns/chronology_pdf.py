"""A person's chronology as a PDF that a court or a strategy meeting can read.

Everything here is pure layout: the view gathers what the user may see, and this module
turns it into pages. All text is built in the active language, so the PDF follows the
language of the person who exports it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.db.models import Model
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from noddfa.audit import reads
from noddfa.audit.services import Actor
from noddfa.core.pdf import PageCountingCanvas, fonts, markup, pieces, when

from .chronology import ChronologyEntry

# What each kind of entry is called, in the table and the PDF alike. Kinds that later
# issues add (referrals, missing episodes, safety plans) fall back to their code until
# they are named here.
KIND_LABELS: Mapping[str, str | Promise] = {
    "concern": gettext_lazy("Concern"),
    "addendum": gettext_lazy("Addendum"),
    "review": gettext_lazy("Lead review"),
    "action": gettext_lazy("Action outcome"),
    "closure": gettext_lazy("Closure"),
    "sharing": gettext_lazy("Sharing decision"),
    "referral": gettext_lazy("Referral"),
    "plan": gettext_lazy("Safety plan"),
    "missing": gettext_lazy("Missing episode"),
    "case": gettext_lazy("Case status"),
}

_PAGE = landscape(A4)
_MARGIN = 15 * mm
_FOOTER_HEIGHT = 14 * mm
# Column shares of the table width: when, what, organisation, by whom, summary.
_COLUMN_SHARES = (0.13, 0.11, 0.15, 0.13, 0.48)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@dataclass(frozen=True)
class ChronologyExport:
    """Everything the PDF shows, already limited to what the exporting user may see."""

    person_name: str
    date_of_birth: date | None
    age_disputed: bool
    exported_by: str
    organisation: str
    exported_at: datetime
    filters: Sequence[str]
    entries: Sequence[ChronologyEntry]
    language: str = "en"


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    header: ParagraphStyle
    footer: ParagraphStyle


def _styles() -> _Styles:
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return _Styles(
        title=ParagraphStyle("title", fontName=bold, fontSize=20, leading=24, spaceAfter=8),
        body=body,
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5),
        header=ParagraphStyle("header", fontName=bold, fontSize=9, leading=11.5),
        footer=ParagraphStyle("footer", fontName=regular, fontSize=7.5, leading=9.5),
    )


def _date_of_birth(export: ChronologyExport) -> str:
    if export.date_of_birth is None:
        return _("Not known")
    shown = date_format(export.date_of_birth, "j F Y")
    return f"{shown} ({_('age disputed')})" if export.age_disputed else shown


def _summary_table(export: ChronologyExport, styles: _Styles) -> Table:
    rows = [
        (_("Person"), export.person_name),
        (_("Date of birth"), _date_of_birth(export)),
        (_("Exported by"), export.exported_by),
        (_("Organisation"), export.organisation),
        (_("Exported on"), when(export.exported_at)),
        (_("Filters applied"), "\n".join(export.filters) or _("None: every entry is shown")),
        (_("Entries"), str(len(export.entries))),
    ]
    data = [
        [Paragraph(markup(key), styles.header), Paragraph(markup(value), styles.body)]
        for key, value in rows
    ]
    table = Table(data, colWidths=(45 * mm, None), hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _entry_rows(entry: ChronologyEntry, style: ParagraphStyle) -> list[list[Flowable]]:
    label = kind_label(entry.kind)
    rows: list[list[Flowable]] = []
    for number, piece in enumerate(pieces(entry.summary)):
        what = label if number == 0 else _("%(what)s, continued") % {"what": label}
        cells = (when(entry.at), what, entry.organisation, entry.by, piece)
        rows.append([Paragraph(markup(text), style) for text in cells])
    return rows


def _entries_table(export: ChronologyExport, styles: _Styles) -> Table:
    headings = (_("Date and time"), _("What"), _("Organisation"), _("By whom"), _("Summary"))
    data: list[list[Flowable]] = [[Paragraph(markup(text), styles.header) for text in headings]]
    for entry in export.entries:
        data += _entry_rows(entry, styles.cell)
    width = _PAGE[0] - 2 * _MARGIN
    table = Table(
        data,
        colWidths=[share * width for share in _COLUMN_SHARES],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, colors.black),
            ]
        )
    )
    return table


def story(export: ChronologyExport) -> list[Flowable]:
    """The flowables of the PDF, in order: a pure function so tests can read the text."""
    styles = _styles()
    flowables: list[Flowable] = [
        Paragraph(markup(_("Chronology")), styles.title),
        _summary_table(export, styles),
        Spacer(1, 6 * mm),
    ]
    if export.entries:
        flowables.append(_entries_table(export, styles))
    else:
        flowables.append(Paragraph(markup(_("No entries match these filters.")), styles.body))
    return flowables


def footer_text(organisation: str) -> str:
    return _(
        "Produced by Noddfa for %(organisation)s — contains personal data; handle under "
        "your organisation’s information-sharing agreement"
    ) % {"organisation": organisation}


class _NumberedCanvas(PageCountingCanvas):
    """The chronology's footer: the handling notice, wrapped, and the page number."""

    def draw_footer(self, number: int, total: int) -> None:
        style = _styles().footer
        width = _PAGE[0] - 2 * _MARGIN
        label = self.page_label(number, total)
        notice = Paragraph(markup(self._footer), style)
        # The notice wraps in the left of the footer band; the page number sits at its right.
        _, height = notice.wrap(width * 0.8, _FOOTER_HEIGHT)
        notice.drawOn(self, _MARGIN, _MARGIN + _FOOTER_HEIGHT - 4 * mm - height)
        self.setFont(style.fontName, style.fontSize)
        self.drawRightString(
            _PAGE[0] - _MARGIN, _MARGIN + _FOOTER_HEIGHT - 4 * mm - style.fontSize, label
        )


def exported_by(user: Actor, person: Model, export: ChronologyExport) -> bytes:
    """The PDF of `export`, audited as an export of the person's record. Recorded once the
    PDF exists, so a failed build is never logged as an export."""
    content = render(export)
    reads.exported(user, target=person, format="pdf", entries=len(export.entries))
    return content


def render(export: ChronologyExport, *, compress: bool = True) -> bytes:
    """The PDF itself. compress=False leaves the text readable in the bytes, for tests."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=_PAGE,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN + _FOOTER_HEIGHT,
        # Metadata stays generic: a file's properties must not name the person.
        title=_("Chronology"),
        author="Noddfa",
        creator="Noddfa",
        lang=export.language,
        pageCompression=1 if compress else 0,
    )
    canvasmaker = functools.partial(
        _NumberedCanvas,
        footer=footer_text(export.organisation),
        page_label=_("Page %(number)s of %(total)s"),
    )
    document.build(story(export), canvasmaker=canvasmaker)
    return buffer.getvalue()
