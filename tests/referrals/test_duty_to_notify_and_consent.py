"""An adult who refuses the NRM: consent records, the pathway re-run, and an anonymous notice."""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.audit.models import AuditEvent
from noddfa.concerns.models import PathwayAction
from noddfa.referrals.models import ConsentRecord, Kind, ReferralDraft
from noddfa.referrals.services import (
    ReferralInvalid,
    WrongStatus,
    mark_ready,
    record_consent,
    start_referral,
    update_draft,
)
from referral_factories import (
    RefusedConsentStory,
    county_lines_story,
    refused_consent_story,
    typed,
)

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
SUMMARY = (
    "Adult man found working at a hand car wash without pay; the manager keeps his passport "
    "and he sleeps on site. He declined an NRM referral after it was explained."
)


def pdf_text(pdf: bytes) -> str:
    """The text layer of a PDF, decoded from its streams (as tests/concerns does)."""
    parts = []
    for raw in re.findall(rb">>\s*stream\r?\n(.*?)endstream", pdf, re.S):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        try:
            parts.append(zlib.decompressobj().decompress(data))
        except zlib.error:
            parts.append(data)
    return b"\n".join(parts).decode("latin-1")


def _notice(story: RefusedConsentStory) -> ReferralDraft:
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    update_draft(story.officer, draft, typed(draft, summary=SUMMARY))
    mark_ready(story.officer, draft)
    return draft


def _identifying_values(story: RefusedConsentStory) -> list[str]:
    person = story.adult
    return [
        person.given_name,
        person.family_name,
        "Kacpi",
        "1987",
        "30 April",
        "1987-04-30",
        "Ffordd y Dociau",
        "SA1 8QT",
        "SA1",
        "07700 900456",
        "900456",
        # Not even the questions: an anonymous notice has no such fields at all.
        "Date of birth",
        "Postcode",
        "Phone numbers",
    ]


def test_a_police_officer_makes_an_anonymous_duty_to_notify_with_nothing_identifying(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    draft = _notice(story)
    client = sign_in(story.officer)
    response = client.get(reverse("referrals:pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # The PDF is readable: what the notice must say is there...
    assert "Duty to Notify" in text
    assert "hand car wash without pay" in text
    assert draft.reference in text
    # ...and nothing that could identify the person, alone or together.
    for value in _identifying_values(story):
        assert value.lower() not in text.lower(), value
    # Sex and nationality are in every notice, named or not (sources.md#ref-3-3).
    assert "Nationality" in text and "Polish" in text
    assert "Male" in text
    answers = json.loads(client.get(reverse("referrals:json", args=[draft.pk])).content)
    flat = json.dumps(answers)
    for value in _identifying_values(story):
        assert value.lower() not in flat.lower(), value
    copy = pdf_text(
        client.post(reverse("referrals:copy", args=[draft.pk]), {"safe": "yes"}).content
    )
    assert "Your name and details are not in this notice." in copy
    for value in _identifying_values(story):
        assert value.lower() not in copy.lower(), value


def test_the_anonymous_notice_does_not_even_store_identifying_answers() -> None:
    story = refused_consent_story()
    draft = _notice(story)
    draft.refresh_from_db()
    stored = json.dumps(draft.data)
    for value in ("Kacper", "Nowakowski", "SA1 8QT", "1987-04-30", "Ffordd y Dociau"):
        assert value not in stored
    assert (draft.data["sex"], draft.data["nationality"]) == ("male", "Polish")


def test_a_summary_that_names_the_person_is_refused() -> None:
    story = refused_consent_story()
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    for leak in ("Kacper was found at the car wash", "Lives near SA1 8QT", "Call 07700900456"):
        with pytest.raises(ReferralInvalid) as problem:
            update_draft(story.officer, draft, {**draft.data, "summary": leak})
        assert "must not name or otherwise identify" in problem.value.errors["summary"]


def test_someone_who_agrees_to_be_named_is_named() -> None:
    story = refused_consent_story()
    record_consent(
        story.officer,
        story.concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision="refuses",
        agrees_to_be_named=True,
        decided_at=timezone.now(),
    )
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    assert draft.data["named"] == "yes"
    assert draft.data["person_name"] == "Kacper Nowakowski"
    assert draft.data["nationality"] == "Polish"


def test_refusing_then_agreeing_adds_the_nrm_referral_and_keeps_the_old_actions() -> None:
    story = refused_consent_story()
    before = set(story.concern.actions.values_list("code", flat=True))
    assert "DUTY_TO_NOTIFY" in before
    assert "NRM_REFERRAL" not in before
    everything_before = set(PathwayAction.history.filter(concern=story.concern))
    record_consent(
        story.officer,
        story.concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision="consents",
        decided_at=timezone.now(),
    )
    after = set(story.concern.actions.values_list("code", flat=True))
    assert "NRM_REFERRAL" in after
    # The Duty to Notify, not yet made, is no longer the advice; it is kept as earlier advice.
    assert "DUTY_TO_NOTIFY" not in after
    assert everything_before <= set(PathwayAction.history.filter(concern=story.concern))
    event = AuditEvent.objects.filter(object_type="referrals.consentrecord").get()
    assert event.detail["decision"] == "consents"
    assert "NRM_REFERRAL" in event.detail["actions_added"]
    assert "DUTY_TO_NOTIFY" in event.detail["actions_retracted"]
    assert set(event.detail) == {
        "event",
        "decision",
        "pathway_run",
        "actions_added",
        "actions_retracted",
        "nrm_drafts_returned_to_draft",
    }
    assert event.detail["nrm_drafts_returned_to_draft"] == 0
    draft = start_referral(story.officer, story.concern.actions.get(code="NRM_REFERRAL"))
    assert draft.kind == Kind.NRM_ADULT


def test_withdrawing_consent_brings_in_the_duty_to_notify_in_place_of_the_nrm() -> None:
    from datetime import date

    from factories import PersonFactory, make_concern

    story = refused_consent_story()
    adult = PersonFactory(
        organisation=story.police, created_by=story.officer, date_of_birth=date(1980, 1, 1)
    )
    concern = make_concern(
        story.officer,
        adult,
        action=["recruitment"],
        means=["deception"],
        purpose=["labour"],
        consents_to_nrm=True,
    )
    assert not concern.actions.filter(code="DUTY_TO_NOTIFY").exists()
    record_consent(
        story.officer,
        concern,
        explained_by="PC Officer Test",
        language="English",
        interpreter_used=False,
        decision="withdrawn",
        decided_at=timezone.now(),
    )
    assert concern.actions.filter(code="DUTY_TO_NOTIFY").exists()
    # An adult NRM needs current consent: withdrawn, it is retracted, and kept in history.
    assert not concern.actions.filter(code="NRM_REFERRAL").exists()
    assert PathwayAction.history.filter(
        concern=concern, code="NRM_REFERRAL", retracted_at__isnull=False
    ).exists()
    assert list(concern.consents.values_list("decision", flat=True)) == ["withdrawn"]


def test_consent_records_cannot_be_changed() -> None:
    story = refused_consent_story()
    consent = record_consent(
        story.officer,
        story.concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision="refuses",
        decided_at=timezone.now(),
    )
    consent.language = "English"
    with pytest.raises(PermissionError):
        consent.save()
    with pytest.raises(PermissionError):
        consent.delete()
    assert ConsentRecord.objects.get().language == "Polish"


def test_children_never_need_to_consent() -> None:
    story = county_lines_story()
    with pytest.raises(WrongStatus):
        record_consent(
            story.practitioner,
            story.concern,
            explained_by="Teacher",
            language="English",
            interpreter_used=False,
            decision="refuses",
            decided_at=timezone.now(),
        )


def test_the_consent_page_records_a_decision_and_shows_errors(sign_in: SignIn) -> None:
    story = refused_consent_story()
    client = sign_in(story.officer)
    url = reverse("referrals:consent", args=[story.concern.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"explained_by": "", "language": "Polish"})
    body = response.content.decode()
    assert "Enter who explained the NRM" in body
    assert "Choose what they decided" in body
    response = client.post(
        url,
        {
            "explained_by": "PC Officer Test",
            "language": "Polish",
            "interpreter_used": "on",
            "decision": "consents",
            "decided_at": "2026-11-20T10:00",
        },
    )
    assert response.status_code == 302
    assert story.concern.consents.get().interpreter_used
