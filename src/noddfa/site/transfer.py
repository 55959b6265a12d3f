"""A person's record and chronology, exported for a lawful transfer to another organisation
(for example when a child moves to another area).

Only roles that may make a sharing decision may export, only a record they may see, and only
with a lawful basis and a named receiving organisation; each export is an EXPORT audit event
holding those codes and ids, never the record's contents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from noddfa.accounts.models import Organisation, User
from noddfa.audit import reads
from noddfa.concerns.chronology import ChronologyEntry, chronology
from noddfa.concerns.chronology_pdf import kind_label
from noddfa.concerns.models import Concern, PathwayAction
from noddfa.concerns.permissions import concerns_visible_to
from noddfa.core.pdf import fonts, markup, when
from noddfa.people.models import LawfulBasis, Person
from noddfa.people.permissions import (
    LOCAL_AUTHORITY_TEAMS,
    can_share_person,
    can_share_person_with,
    holds_person,
)

FORMAT_VERSION = "noddfa-person-transfer/1"

TRANSFER_REASONS = [
    ("moved_area", gettext_lazy("The person has moved to another area")),
    ("new_placement", gettext_lazy("A new placement, school or service takes over")),
    ("joint_work", gettext_lazy("Another organisation is taking on the safeguarding lead")),
]


def can_export_for_transfer(user: User, person: Person) -> bool:
    # The same people who may decide to share a record may hand it over.
    return can_share_person(user, person)


def receiving_organisations(user: User, person: Person) -> QuerySet[Organisation]:
    """Whom the user may hand the record to: any other organisation for the holder, a local
    authority safeguarding team for an organisation that received the person."""
    organisations = Organisation.objects.order_by("name")
    if user.organisation_id is not None:  # exclude(pk=None) would leave every one in too
        organisations = organisations.exclude(pk=user.organisation_id)
    if holds_person(user, person):
        return organisations
    return organisations.filter(organisation_type__in=LOCAL_AUTHORITY_TEAMS)


@dataclass(frozen=True)
class Transfer:
    """The decision behind an export: to whom, on what basis, and why."""

    receiving_organisation: Organisation
    lawful_basis: str
    reason: str


@dataclass(frozen=True)
class TransferPack:
    person: Person
    concerns: list[Concern]
    entries: list[ChronologyEntry]
    transfer: Transfer
    exported_by: User
    exported_at: datetime


def _pack(by: User, person: Person, transfer: Transfer) -> TransferPack:
    concerns = list(
        concerns_visible_to(by)
        .filter(subject=person)
        .select_related("organisation", "recorded_by")
        .prefetch_related("addenda")
        .order_by("observed_at", "pk")
    )
    return TransferPack(person, concerns, chronology(by, person), transfer, by, timezone.now())


@transaction.atomic
def export_for_transfer(by: User, person: Person, transfer: Transfer, *, file_format: str) -> bytes:
    """The record as JSON or PDF, after checking the exporter may hand it over; audited."""
    if not can_export_for_transfer(by, person):
        raise PermissionDenied
    # Handing a record over is sharing it: an organisation that does not hold the person
    # passes it only to a local authority safeguarding team (issue 17, item 9).
    if not can_share_person_with(by, person, transfer.receiving_organisation):
        raise PermissionError("only the holder hands a record to an organisation of its choice")
    if transfer.lawful_basis not in LawfulBasis.values:
        raise ValueError("unknown lawful basis")
    pack = _pack(by, person, transfer)
    content = as_json(pack) if file_format == "json" else as_pdf(pack)
    reads.exported(
        by,
        target=person,
        purpose="transfer",
        format=file_format,
        lawful_basis=transfer.lawful_basis,
        reason=transfer.reason,
        receiving_organisation=transfer.receiving_organisation.pk,
    )
    return content


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "aliases": person.aliases,
        "date_of_birth": person.date_of_birth,
        "approximate_age": person.approximate_age,
        "age_disputed": person.age_disputed,
        "sex": person.sex,
        "nationality": person.nationality,
        "languages": person.languages,
        "interpreter_needed": person.interpreter_needed,
        "address": person.address,
        "postcode": person.postcode,
        "school_or_workplace": person.school_or_workplace,
        "phone_numbers": person.phone_numbers,
        "description": person.description,
        "vehicle_registrations": person.vehicle_registrations,
        "recorded_by_organisation": person.organisation.name,
    }


def _concern(concern: Concern) -> dict[str, Any]:
    return {
        "id": concern.pk,
        "organisation": concern.organisation.name,
        "recorded_by": concern.recorded_by.full_name,
        "recorded_at": concern.recorded_at,
        "observed_at": concern.observed_at,
        "observed_where": concern.observed_where,
        "immediate_danger": concern.immediate_danger,
        "account": concern.account,
        "quotes": concern.quotes,
        "indicators": concern.indicators,
        "pathway_result": concern.pathway_result,
        "actions": [
            {
                "code": a.code,
                "priority": a.priority,
                "who": a.who,
                "due_at": a.due_at,
                "retracted_at": a.retracted_at,
                "retracted_reason": a.retracted_reason,
            }
            # Every action ever advised, retracted ones too: a lawful transfer hands over the
            # whole record, not only today's advice. One person's concerns are few.
            for a in PathwayAction.history.filter(concern=concern).order_by("pk")
        ],
        "pathway_runs": [
            {
                "number": run.number,
                "ran_at": run.ran_at,
                "trigger": run.trigger,
                "changed": run.changed,
                "result": run.result,
            }
            for run in concern.runs.order_by("number")
        ],
        "addenda": [
            {
                "added_at": a.added_at,
                "added_by": a.added_by.full_name,
                "reason": a.reason,
                "text": a.text,
            }
            for a in concern.addenda.all()
        ],
    }


def as_json(pack: TransferPack) -> bytes:
    document = {
        "format": FORMAT_VERSION,
        "exported_at": pack.exported_at,
        "exported_by": {
            "name": pack.exported_by.full_name,
            "organisation": pack.exported_by.organisation.name
            if pack.exported_by.organisation
            else "",
        },
        "transfer": {
            "receiving_organisation": pack.transfer.receiving_organisation.name,
            "lawful_basis": pack.transfer.lawful_basis,
            "lawful_basis_text": str(LawfulBasis(pack.transfer.lawful_basis).label),
            "reason": pack.transfer.reason,
        },
        "person": _person(pack.person),
        "concerns": [_concern(c) for c in pack.concerns],
        "chronology": [
            {
                "at": e.at,
                "kind": e.kind,
                "organisation": e.organisation,
                "by": e.by,
                "summary": e.summary,
                "concern_id": e.concern_id,
            }
            for e in pack.entries
        ],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", fontName=bold, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5),
        "key": ParagraphStyle("key", fontName=bold, fontSize=9, leading=11.5),
    }


def _pairs(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [
        [Paragraph(markup(k), styles["key"]), Paragraph(markup(v), styles["cell"])] for k, v in rows
    ]
    table = Table(data, colWidths=[55 * mm, 115 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


def as_pdf(pack: TransferPack) -> bytes:
    styles = _styles()
    person = pack.person
    not_known = _("Not known")
    story: list[Flowable] = [
        Paragraph(markup(_("Record for a lawful transfer")), styles["title"]),
        _pairs(
            [
                (_("Receiving organisation"), pack.transfer.receiving_organisation.name),
                (_("Lawful basis"), str(LawfulBasis(pack.transfer.lawful_basis).label)),
                (_("Reason"), str(dict(TRANSFER_REASONS)[pack.transfer.reason])),
                (_("Exported by"), pack.exported_by.full_name),
                (_("Exported"), when(pack.exported_at)),
            ],
            styles,
        ),
        Paragraph(markup(_("Person")), styles["heading"]),
        _pairs(
            [
                (_("Name"), str(person)),
                (_("Other names"), ", ".join(person.aliases) or _("None recorded")),
                (
                    _("Date of birth"),
                    person.date_of_birth.isoformat() if person.date_of_birth else not_known,
                ),
                (_("Sex"), str(person.get_sex_display())),
                (_("Nationality"), person.nationality or not_known),
                (_("Languages spoken"), ", ".join(person.languages) or not_known),
                (_("Address"), f"{person.address} {person.postcode}".strip() or not_known),
                (_("Phone numbers"), ", ".join(person.phone_numbers) or _("None recorded")),
                (_("School or workplace"), person.school_or_workplace or not_known),
            ],
            styles,
        ),
        Paragraph(markup(_("Concerns")), styles["heading"]),
    ]
    for concern in pack.concerns:
        story.append(
            _pairs(
                [
                    (_("Seen or heard"), f"{when(concern.observed_at)}, {concern.observed_where}"),
                    (
                        _("Recorded by"),
                        f"{concern.recorded_by.full_name} ({concern.organisation.name})",
                    ),
                    (_("What was seen and heard"), concern.account),
                ],
                styles,
            )
        )
        story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(markup(_("Chronology")), styles["heading"]))
    for entry in pack.entries:
        line = (
            f"{when(entry.at)} · {kind_label(entry.kind)} · {entry.organisation}: {entry.summary}"
        )
        story.append(Paragraph(markup(line), styles["cell"]))
    out = BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, title=_("Record for a lawful transfer"), author="Noddfa"
    )
    document.build(story)
    return out.getvalue()
