from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reportlab.platypus import Paragraph

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns import chronology_pdf
from noddfa.concerns.chronology import ChronologyEntry
from noddfa.concerns.models import Concern
from noddfa.concerns.services import add_addendum, close_concern, record_outcome, review_concern
from noddfa.core import pdf as core_pdf
from noddfa.people.models import Person
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]

ACCOUNT = "Collected at the gate by a man in a silver van."
ADDENDUM = "She said the man is not her uncle."
REVIEW = "Refer to children's services today."
REFERENCE = "REF-4471"
CLOSURE = "Children's services have taken the case on."
SHARING = "Children's services need the history."


@dataclass
class Story:
    """One person's record with one entry of every kind, written through the real services."""

    practitioner: User
    lead: User
    person: Person
    concern: Concern
    partner: Organisation


def _page(person: Person) -> str:
    return reverse("concerns:chronology", args=[person.pk])


def _pdf(person: Person) -> str:
    return reverse("concerns:chronology_pdf", args=[person.pk])


def _pdf_text(pdf: bytes) -> str:
    """The text layer of a PDF, by decoding its streams: no PDF library needed.

    reportlab writes page content as ASCII85 over Flate, and keeps ASCII characters as
    themselves in a font subset, so ASCII words can be found in the decoded content
    (Welsh letters such as ŵ are re-encoded).
    """
    parts = [
        _decode_stream(raw) for raw in re.findall(rb">>\s*stream\r?\n(.*?)endstream", pdf, re.S)
    ]
    return b"\n".join(parts).decode("latin-1")


def _decode_stream(raw: bytes) -> bytes:
    data = raw.strip()
    if data.endswith(b"~>"):
        data = base64.a85decode(data[:-2])
    try:
        return zlib.decompressobj().decompress(data)
    except zlib.error:
        return data


@pytest.fixture
def story() -> Story:
    practitioner = UserFactory()
    organisation = practitioner.organisation
    lead = UserFactory(organisation=organisation, role=Role.SAFEGUARDING_LEAD)
    person = PersonFactory(organisation=organisation, created_by=practitioner)
    concern = make_concern(practitioner, person, account=ACCOUNT)
    add_addendum(practitioner, concern, reason="What she said later", text=ADDENDUM)
    review_concern(lead, concern, risk_level="high", risk_reason="Pattern", decision=REVIEW)
    action = concern.actions.order_by("priority", "code").first()
    assert action is not None
    record_outcome(
        practitioner, action, status="done", happened_at=timezone.now(), reference=REFERENCE
    )
    close_concern(lead, concern, outcome="referred", reason=CLOSURE)
    partner = OrganisationFactory()
    share_with_organisation(lead, person, partner, reason=SHARING, lawful_basis="safeguarding")
    return Story(practitioner, lead, person, concern, partner)


def test_every_entry_appears_once_in_the_order_it_happened(story: Story, sign_in: SignIn) -> None:
    body = sign_in(story.practitioner).get(_page(story.person)).content.decode()
    texts = [ACCOUNT, ADDENDUM, REVIEW, REFERENCE, CLOSURE, SHARING]
    escaped = [text.replace("'", "&#x27;") for text in texts]
    positions = [body.find(text) for text in escaped]
    assert -1 not in positions, dict(zip(texts, positions, strict=True))
    assert positions == sorted(positions)
    # The sharing decision is one row per organisation it brought into the case: the
    # sharer's own and the partner.
    assert [body.count(text) for text in escaped] == [1, 1, 1, 1, 1, 2]
    assert reverse("concerns:detail", args=[story.concern.pk]) in body
    assert f'<time datetime="{timezone.localtime(story.concern.observed_at).isoformat()}' in body
    assert "<h1" in body and "Chronology" in body and str(story.person) in body


def test_viewing_the_chronology_is_audited(story: Story, sign_in: SignIn) -> None:
    sign_in(story.practitioner).get(_page(story.person))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor_id=story.practitioner.pk, object_id=str(story.person.pk)
    ).exists()


def test_filtering_by_kind_shows_only_those_kinds(story: Story, sign_in: SignIn) -> None:
    client = sign_in(story.practitioner)
    body = client.get(_page(story.person), {"kinds": ["addendum", "closure"]}).content.decode()
    assert ADDENDUM in body and CLOSURE.replace("'", "&#x27;") in body
    assert ACCOUNT not in body and REVIEW.replace("'", "&#x27;") not in body
    assert REFERENCE not in body


def test_filtering_by_dates_and_the_empty_state(story: Story, sign_in: SignIn) -> None:
    client = sign_in(story.practitioner)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    assert ACCOUNT in client.get(_page(story.person), {"date_from": today}).content.decode()
    body = client.get(_page(story.person), {"date_to": yesterday}).content.decode()
    assert ACCOUNT not in body
    assert "No entries match these filters." in body


def test_an_end_date_before_the_start_date_is_an_error(story: Story, sign_in: SignIn) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    response = sign_in(story.practitioner).get(
        _page(story.person), {"date_from": tomorrow, "date_to": today}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_person_with_nothing_recorded_has_an_empty_state(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    person = PersonFactory(organisation=practitioner.organisation, created_by=practitioner)
    body = sign_in(practitioner).get(_page(person)).content.decode()
    assert "Nothing has been recorded about this person that you can see yet." in body


def test_the_pdf_link_carries_the_filters_and_nothing_else(story: Story, sign_in: SignIn) -> None:
    name = story.person.family_name
    body = (
        sign_in(story.practitioner)
        .get(_page(story.person), {"kinds": ["review"], "date_from": "2026-01-02", "q": name})
        .content.decode()
    )
    link = re.search(r'href="([^"]*chronology\.pdf[^"]*)"', body)
    assert link is not None
    assert link.group(1) == f"{_pdf(story.person)}?kinds=review&amp;date_from=2026-01-02"
    assert name not in link.group(1)


def test_another_organisation_gets_not_found_and_learns_nothing(
    story: Story, sign_in: SignIn
) -> None:
    outsider = sign_in(UserFactory())
    for url in (_page(story.person), _pdf(story.person)):
        response = outsider.get(url)
        assert response.status_code == 404
        body = response.content.decode(errors="replace")
        assert story.person.family_name not in body
        assert ACCOUNT not in body
    assert not AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(story.person.pk)
    ).exists()


def test_an_organisation_brought_in_by_a_sharing_decision_sees_the_entries(
    story: Story, sign_in: SignIn
) -> None:
    partner = sign_in(UserFactory(organisation=story.partner))
    body = partner.get(_page(story.person)).content.decode()
    assert ACCOUNT in body and ADDENDUM in body and SHARING.replace("'", "&#x27;") in body
    text = _pdf_text(partner.get(_pdf(story.person)).content)
    assert "silver van" in text


def test_the_pdf_is_a_pdf_named_without_personal_data(story: Story, sign_in: SignIn) -> None:
    response = sign_in(story.practitioner).get(_pdf(story.person))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    expected = f"chronology-{timezone.localdate():%Y-%m-%d}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert "no-store" in response["Cache-Control"]
    for part in (story.person.given_name, story.person.family_name):
        assert part not in response["Content-Disposition"]
    text = _pdf_text(response.content)
    for expected_text in ("Chronology", story.person.family_name, "silver van", REFERENCE):
        assert expected_text in text
    assert "Page 1 of 1" in text
    assert f"Produced by Noddfa for {story.practitioner.organisation.name} " in text


def test_the_pdf_keeps_the_filters(story: Story, sign_in: SignIn) -> None:
    response = sign_in(story.practitioner).get(_pdf(story.person), {"kinds": ["addendum"]})
    text = _pdf_text(response.content)
    assert "not her uncle" in text and "silver van" not in text
    assert "Only: Addenda" in text


def test_exporting_writes_an_export_audit_event(story: Story, sign_in: SignIn) -> None:
    sign_in(story.practitioner).get(_pdf(story.person), {"kinds": ["concern", "addendum"]})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor_id == story.practitioner.pk
    assert event.object_id == str(story.person.pk)
    assert event.detail == {"format": "pdf", "entries": 2}


def test_a_welsh_speaking_practitioner_gets_the_pdf_in_welsh(sign_in: SignIn) -> None:
    welsh = UserFactory(language="cy")
    english = UserFactory(organisation=welsh.organisation, language="en")
    person = PersonFactory(organisation=welsh.organisation, created_by=welsh)
    make_concern(welsh, person)
    welsh_pdf = sign_in(welsh).get(_pdf(person)).content
    english_pdf = sign_in(english).get(_pdf(person)).content
    # The document's language is declared for screen readers, and the already translated
    # headings and page numbers come out in Welsh.
    assert b"/Lang (cy)" in welsh_pdf and b"/Lang (en)" in english_pdf
    welsh_text, english_text = _pdf_text(welsh_pdf), _pdf_text(english_pdf)
    assert "Dyddiad geni" in welsh_text and "Tudalen 1 o 1" in welsh_text
    assert "Date of birth" in english_text and "Dyddiad geni" not in english_text


def test_signing_in_is_required(story: Story) -> None:
    for url in (_page(story.person), _pdf(story.person)):
        response = Client().get(url)
        assert response.status_code == 302
        assert story.person.family_name not in response["Location"]


def _export(
    *entries: ChronologyEntry, name: str = "Test Person"
) -> chronology_pdf.ChronologyExport:
    return chronology_pdf.ChronologyExport(
        person_name=name,
        date_of_birth=None,
        age_disputed=False,
        exported_by="Test User",
        organisation="O'Brien & Sons <x>",
        exported_at=timezone.now(),
        filters=[],
        entries=list(entries),
    )


def _entry(summary: str) -> ChronologyEntry:
    return ChronologyEntry(timezone.now(), "concern", "Org & Co", "A <b>user</b>", summary)


def test_markup_in_names_and_text_is_shown_as_written_not_read_as_markup() -> None:
    awkward = "O'Brien & Sons <x> </para> <br/>"
    export = _export(_entry(awkward), name=awkward)
    texts = [
        cell.getPlainText()
        for flowable in chronology_pdf.story(export)
        for cell in _paragraphs(flowable)
    ]
    assert awkward in texts
    assert "A <b>user</b>" in texts
    pdf = chronology_pdf.render(export, compress=False)
    assert pdf.startswith(b"%PDF")
    assert b"O'Brien & Sons" in pdf


def test_very_long_text_runs_over_pages_with_numbers() -> None:
    long_account = "\n".join(f"Line {n} of what was seen." for n in range(600))
    pdf = chronology_pdf.render(_export(_entry(long_account), _entry("\x00control\x1f")))
    text = _pdf_text(pdf)
    assert "Line 599 of what was seen." in text
    total = int(re.search(r"Page 1 of (\d+)", text).group(1))  # type: ignore[union-attr]
    assert total > 1 and f"Page {total} of {total}" in text
    assert "continued" in text  # the later pieces of the cut-up entry say so


def test_long_text_is_cut_into_short_pieces_that_keep_every_word() -> None:
    text = "\n".join(["short line", "word " * 500, "", "x" * 2500, *["a line"] * 30])
    pieces = core_pdf.pieces(text, limit=1000, max_lines=12)
    assert all(len(piece) <= 1000 and piece.count("\n") < 12 for piece in pieces)
    words = " ".join(pieces).split()
    assert [w for w in words if w != "x" * 1000 and w != "x" * 500] == [
        w for w in text.split() if w != "x" * 2500
    ]
    assert words.count("x" * 1000) == 2 and words.count("x" * 500) == 1


def test_welsh_letters_use_a_font_that_has_them() -> None:
    regular, bold = core_pdf.fonts()
    if not core_pdf._FONT_DIR.joinpath("DejaVuSans.ttf").is_file():
        pytest.skip("DejaVu Sans is not installed (Debian package fonts-dejavu-core)")
    assert (regular, bold) == ("NoddfaSans", "NoddfaSans-Bold")
    pdf = chronology_pdf.render(_export(_entry("Dŵr ŷd"), name="Gwenllïan ap Ŵyn"))
    assert pdf.startswith(b"%PDF")


def _paragraphs(flowable: object) -> list[Paragraph]:
    if isinstance(flowable, Paragraph):
        return [flowable]
    rows = getattr(flowable, "_cellvalues", [])
    return [cell for row in rows for cell in row if isinstance(cell, Paragraph)]


def test_without_dejavu_the_pdf_still_builds_in_helvetica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_pdf, "_FONT_DIR", Path("/nonexistent"))
    core_pdf.fonts.cache_clear()
    try:
        assert core_pdf.fonts() == ("Helvetica", "Helvetica-Bold")
        pdf = chronology_pdf.render(_export(_entry("Dŵr ŷd"), name="Gwenllïan ap Ŵyn"))
        assert pdf.startswith(b"%PDF")
    finally:
        core_pdf.fonts.cache_clear()
