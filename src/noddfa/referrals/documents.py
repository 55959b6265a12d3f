"""A referral as a PDF, as JSON, and as a plain-language copy for the person.

All three read the declared field list (fields.py), so they show the same answers; an
anonymous Duty to Notify has no identifying field in its list, so none can be printed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from noddfa.concerns.services import current_run
from noddfa.core.pdf import PageCountingCanvas, fonts, markup, pieces
from noddfa.directory.selectors import service_by_key

from .fields import Field, Section, retired_fields, sections_for
from .models import Kind, ReferralDraft, Status
from .nrm_state import nrm_state

_MARGIN = 18 * mm
_FOOTER = 12 * mm


def both_languages(text: str | Promise) -> str:
    """A heading in English and Welsh, as the referral's readers may need either."""
    with override("en"):
        english = str(text)
    with override("cy"):
        welsh = str(text)
    return english if english == welsh else f"{english} / {welsh}"


def shown(f: Field, value: Any) -> str:
    if value in ("", None, []):
        return ""
    choices = {code: str(label) for code, label in f.choices}
    if f.type == "multichoice":
        return "\n".join(choices.get(v, v) for v in value)
    if f.type == "choice":
        return choices.get(value, str(value))
    return str(value)


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    value: str


def _value(draft: ReferralDraft, f: Field) -> str:
    value = shown(f, draft.data.get(f.name))
    if f.name == "nrm_status" and not value:
        # An NRM referral started after this one was drafted: say where it stands rather
        # than "Not given".
        return nrm_state(draft.subject_id, draft.organisation_id)
    return value


def answered_sections(
    draft: ReferralDraft, *, for_person: bool = False
) -> list[tuple[str | Promise, list[Answer]]]:
    return [
        (
            section.heading,
            [
                Answer(f.name, str(f.label), _value(draft, f))
                for f in section.fields
                if f.for_person or not for_person
            ],
        )
        for section in sections_for(draft.kind, draft.data)
    ]


def earlier_answers(draft: ReferralDraft) -> list[Answer]:
    """Answers a draft gave to questions its kind no longer asks (fields.RETIRED): kept and
    shown on its page, but no longer part of the referral documents."""
    return [
        Answer(f.name, str(f.label), value)
        for f in retired_fields(draft.kind)
        if (value := shown(f, draft.data.get(f.name)))
    ]


def as_json(draft: ReferralDraft) -> dict[str, Any]:
    sections: tuple[Section, ...] = sections_for(draft.kind, draft.data)
    earlier = {
        f.name: draft.data[f.name] for f in retired_fields(draft.kind) if f.name in draft.data
    }
    return {
        "reference": draft.reference,
        "kind": draft.kind,
        "status": draft.status,
        "jurisdiction": draft.jurisdiction,
        "organisation": draft.organisation.name,
        "receiving_body": draft.receiving_body.name if draft.receiving_body else None,
        "created_at": draft.created_at.isoformat(),
        "fields": {f.name: draft.data.get(f.name) for s in sections for f in s.fields},
        **({"earlier_answers": earlier} if earlier else {}),
        "history": [
            {
                "status": change.status,
                "at": change.at.isoformat(),
                "external_reference": change.external_reference,
                "reason": change.reason,
                "channel": change.channel,
            }
            for change in draft.history()
        ],
        "written_confirmations": [
            {"confirmed_at": c.confirmed_at.isoformat(), "channel": c.channel}
            for c in draft.written_confirmations.all()
        ],
    }


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=17, leading=21, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", fontName=bold, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "body": body,
        "key": ParagraphStyle("key", fontName=bold, fontSize=9.5, leading=12),
        "footer": ParagraphStyle("footer", fontName=regular, fontSize=7.5, leading=9.5),
    }


class _FooteredCanvas(PageCountingCanvas):
    """The organisation and reference at the left of each page, the page number at the right."""

    def draw_footer(self, number: int, total: int) -> None:
        style = _styles()["footer"]
        self.setFont(style.fontName, style.fontSize)
        self.drawString(_MARGIN, _MARGIN, self._footer)
        self.drawRightString(A4[0] - _MARGIN, _MARGIN, self.page_label(number, total))


def _build(flowables: list[Flowable], footer: str, *, compress: bool, language: str) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN + _FOOTER,
        # Generic metadata: a file's properties must not name the person.
        title="Noddfa referral",
        author="Noddfa",
        creator="Noddfa",
        lang=language,
        pageCompression=1 if compress else 0,
    )
    canvasmaker = functools.partial(
        _FooteredCanvas, footer=footer, page_label=_("Page %(number)s of %(total)s")
    )
    document.build(flowables, canvasmaker=canvasmaker)
    return buffer.getvalue()


def _footer(draft: ReferralDraft) -> str:
    return f"{draft.organisation.name} · {_('Reference')} {draft.reference}"


def _pairs(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> Table:
    # A table row cannot break across pages, so a long answer becomes several rows.
    cells = []
    for key, value in rows:
        for number, piece in enumerate(pieces(value)):
            label = key if number == 0 else ""
            cells.append(
                [Paragraph(markup(label), styles["key"]), Paragraph(markup(piece), styles["body"])]
            )
    table = Table(cells, colWidths=(55 * mm, None), hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def referral_pdf(draft: ReferralDraft, *, compress: bool = True, language: str = "en") -> bytes:
    styles = _styles()
    kind_label = Kind(draft.kind).label
    story: list[Flowable] = [
        Paragraph(markup(both_languages(kind_label)), styles["title"]),
        _pairs(
            [
                (both_languages(_("Reference")), draft.reference),
                (both_languages(_("Organisation")), draft.organisation.name),
                (both_languages(_("Status")), str(Status(draft.status).label)),
                (both_languages(_("Produced")), f"{timezone.localtime():%Y-%m-%d %H:%M}"),
            ],
            styles,
        ),
    ]
    for heading, answers in answered_sections(draft):
        story.append(Paragraph(markup(both_languages(heading)), styles["heading"]))
        story.append(_pairs([(a.label, a.value or _("Not given")) for a in answers], styles))
    return _build(story, _footer(draft), compress=compress, language=language)


# What the person is told happens next, in plain words, for each kind.
def _next_steps(draft: ReferralDraft) -> list[str]:
    steps = {
        Kind.CHILD_AT_RISK: _(
            "Social services will look at this within one working day and decide how to keep "
            "you safe. Someone may come to talk with you."
        ),
        Kind.ADULT_AT_RISK: _(
            "Social services will look into this, usually within seven working days, and talk "
            "with you about what help you want."
        ),
        Kind.NRM_CHILD: _(
            "The Home Office or a local panel decides whether there are reasonable grounds to "
            "think you were exploited. You do not have to agree for a child to be referred."
        ),
        Kind.NRM_ADULT: _(
            "The Home Office decides, usually within five working days, whether there are "
            "reasonable grounds to think you were exploited. If so, you get at least 30 days "
            "of support to recover."
        ),
        Kind.DUTY_TO_NOTIFY: _(
            "The Home Office is told that someone may have been exploited, so it understands "
            "what is happening. This does not start any decision about you."
        ),
        Kind.ICTA: _(
            "An Independent Child Trafficking Guardian from Barnardo’s can support you and "
            "speak up for you."
        ),
        Kind.NRM_HANDOVER: _(
            "A first responder (the police or the local authority) looks at what we told "
            "them and decides whether to refer you to the National Referral Mechanism."
        ),
        Kind.DTN_HANDOVER: _(
            "A first responder (the police or the local authority) tells the Home Office that "
            "someone may have been exploited. This does not start any decision about you."
        ),
    }
    return [steps[Kind(draft.kind)]]


# Kinds that are about a child or an adult whatever the pathway says now.
_CHILD_KINDS = frozenset({Kind.CHILD_AT_RISK, Kind.NRM_CHILD, Kind.ICTA})
_ADULT_KINDS = frozenset({Kind.ADULT_AT_RISK, Kind.NRM_ADULT, Kind.DUTY_TO_NOTIFY})
# The helplines a child is given, by their key in the directory, so an administrator's
# correction of a number reaches the copy.
CHILD_HELPLINES = ("childline", "meic")


def about_a_child(draft: ReferralDraft) -> bool:
    """Whether the referral is about a child: its kind says so, or else the pathway as it
    stands (an unknown age is treated as a child)."""
    if draft.kind in _CHILD_KINDS:
        return True
    if draft.kind in _ADULT_KINDS:
        return False
    assessment = current_run(draft.concern).result.get("assessment", {})
    return bool(assessment.get("treated_as_child", True))


def child_helplines() -> list[str]:
    """Childline and Meic as the directory holds them, each with its numbers; a retired or
    missing entry is left out rather than printed wrong."""
    lines = []
    for key in CHILD_HELPLINES:
        service = service_by_key(key)
        if service is None or not service.is_active:
            continue
        numbers = [
            _("text %(number)s") % {"number": phone.display}
            if phone.label == "text"
            else phone.display
            for phone in service.phones.all()
        ]
        if numbers:
            lines.append(f"{service.name}: {', '.join(numbers)}")
    return lines


def person_copy_pdf(draft: ReferralDraft, *, compress: bool = True, language: str = "en") -> bytes:
    """A short copy the person can keep, in plain language: what was sent, to whom, why,
    what happens next, and who to call. Only their own details and decisions are in it
    (fields.Field.for_person); it is made only after the practitioner has said it is safe
    for them to hold (views.copy_for_person)."""
    styles = _styles()
    named = draft.kind != Kind.DUTY_TO_NOTIFY or draft.data.get("named") == "yes"
    child = about_a_child(draft)
    story: list[Flowable] = [
        Paragraph(markup(_("Your copy")), styles["title"]),
        Paragraph(markup(str(Kind(draft.kind).label)), styles["heading"]),
        Paragraph(
            markup(
                _(
                    "This is a copy of what %(organisation)s has written down to ask for help "
                    "for you. The reference is %(reference)s."
                )
                % {"organisation": draft.organisation.name, "reference": draft.reference}
            ),
            styles["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    if not named:
        story.append(
            Paragraph(markup(_("Your name and details are not in this notice.")), styles["body"])
        )
    story.append(Paragraph(markup(_("What happens next")), styles["heading"]))
    story += [Paragraph(markup(text), styles["body"]) for text in _next_steps(draft)]
    story.append(Paragraph(markup(_("What it says about you")), styles["heading"]))
    for _heading, answers in answered_sections(draft, for_person=True):
        rows = [(a.label, a.value) for a in answers if a.value]
        if rows:
            story.append(_pairs(rows, styles))
    story.append(
        Paragraph(
            markup(
                _(
                    "It also says what was seen and heard and what has been done so far. That "
                    "part is not in your copy, as it can be about other people. You can ask "
                    "%(organisation)s what it says."
                )
                % {"organisation": draft.organisation.name}
            ),
            styles["body"],
        )
    )
    story.append(Paragraph(markup(_("If you need help")), styles["heading"]))
    helplines = [_("In danger now: call 999.")]
    if child:
        helplines.append(_("You can talk to someone free and in private, in English or Welsh:"))
        helplines += child_helplines()
    else:
        helplines += [
            _("Modern Slavery and Exploitation Helpline, free, day and night: 08000 121 700."),
            _("Live Fear Free, free, day and night: 0808 80 10 800."),
        ]
    story += [Paragraph(markup(line), styles["body"]) for line in helplines]
    return _build(story, _footer(draft), compress=compress, language=language)
