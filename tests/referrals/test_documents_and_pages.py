"""The PDF, JSON and the person's copy, and the pages around them, read as a user would."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from noddfa.accounts.models import User
from noddfa.referrals.demo import add_demo_referrals
from noddfa.referrals.documents import referral_pdf
from noddfa.referrals.models import ReferralDraft, Status
from noddfa.referrals.services import mark_ready, start_referral, update_draft
from referral_factories import TYPED, county_lines_story, refused_consent_story, submit

from .test_duty_to_notify_and_consent import pdf_text

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_the_referral_pdf_has_bilingual_headings_the_organisation_reference_and_pages(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    response = sign_in(story.practitioner).get(reverse("referrals:pdf", args=[draft.pk]))
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="referral-{draft.reference}.pdf"'
    )
    # PDF text escapes brackets, and a long title wraps onto the next line.
    text = pdf_text(response.content).replace("\\(", "(").replace("\\)", ")")
    assert "National Referral Mechanism referral (child) /" in text
    assert "Atgyfeiriad i" in text
    assert "The exploitation / Y camfanteisio" in text
    assert "First responder / Ymatebwr cyntaf" in text
    assert story.school.name in text
    assert draft.reference in text
    assert "Page 1 of" in text
    # The answers came from the record.
    assert "Jac Evans" in text
    assert "Collected" in text


def test_a_long_referral_numbers_every_page() -> None:
    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    draft.data = {**draft.data, "background": "A long account of what happened.\n" * 120}
    text = pdf_text(referral_pdf(draft))
    total = int(text.split("(Page 1 of ")[1].split(")")[0])
    assert total > 1
    assert all(f"(Page {n} of {total})" in text for n in range(1, total + 1))


def test_the_json_holds_every_answer_and_the_history(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("ICTA_REFERRAL")
    mark_ready(story.practitioner, draft)
    response = sign_in(story.practitioner).get(reverse("referrals:json", args=[draft.pk]))
    data = json.loads(response.content)
    assert data["reference"] == draft.reference
    assert data["kind"] == "icta"
    assert data["status"] == "ready"
    assert data["fields"]["person_name"] == "Jac Evans"
    assert data["fields"]["parental_responsibility"] == "not_known"
    assert [step["status"] for step in data["history"]] == ["draft", "ready"]


def test_the_persons_copy_is_in_plain_language_with_helplines(sign_in: SignIn) -> None:
    story = refused_consent_story()
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    update_draft(story.officer, draft, {**draft.data, "named": "yes"})
    response = sign_in(story.officer).post(
        reverse("referrals:copy", args=[draft.pk]), {"safe": "yes"}
    )
    text = pdf_text(response.content)
    assert "Your copy" in text
    assert "does not start any decision about you" in text
    assert "08000 121 700" in text
    assert "Childline" not in text


def test_the_persons_copy_leaves_out_other_people_and_professional_judgements() -> None:
    from noddfa.referrals.documents import person_copy_pdf

    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    draft.data = {
        **draft.data,
        "other_victims": "Another boy, Tomos, also runs for them",
        "risk_of_re_exploitation": "High: the group knows where he lives",
    }
    text = pdf_text(person_copy_pdf(draft))
    assert "Tomos" not in text
    assert "knows where he lives" not in text
    assert "Jac Evans" in text


def test_the_concern_page_lists_referrals_and_offers_the_rest(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    body = (
        sign_in(story.practitioner)
        .get(reverse("concerns:detail", args=[story.concern.pk]))
        .content.decode()
    )
    section = body[body.index('id="referrals"') : body.index("What was recorded")]
    assert reverse("referrals:detail", args=[draft.pk]) in section
    assert "Draft" in section
    assert "Prepare: National Referral Mechanism referral (child)" in section
    assert "Prepare: Independent Child Trafficking Guardian referral" in section
    assert "Prepare: Report of a child at risk" not in section


def test_the_receiving_body_sees_no_prepare_buttons(sign_in: SignIn) -> None:
    story = county_lines_story()
    body = (
        sign_in(story.la_officer)
        .get(reverse("concerns:detail", args=[story.concern.pk]))
        .content.decode()
    )
    assert "Prepare:" not in body


def test_the_chronology_shows_each_referral_step(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    mark_ready(story.practitioner, draft)
    submit(story.practitioner, draft, timezone.now(), reference="LA-99")
    body = (
        sign_in(story.practitioner)
        .get(reverse("concerns:chronology", args=[story.child.pk]))
        .content.decode()
    )
    assert "Report of a child at risk: Submitted" in body
    assert "Report of a child at risk: Ready to submit" in body
    assert '<td class="govuk-table__cell" data-label="What">Referral</td>' in body


def test_the_edit_page_shows_the_answers_from_the_record_in_welsh_too(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    client = sign_in(story.practitioner)
    url = reverse("referrals:edit", args=[draft.pk])
    assert 'value="Jac Evans"' in client.get(url).content.decode()
    client.get(f"/language/cy/?next={url}")
    welsh = client.get(url).content.decode()
    assert 'lang="cy"' in welsh
    assert "Enw" in welsh


def test_marking_ready_and_recording_the_submission_through_the_pages(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    client = sign_in(story.practitioner)
    answers = {k: v for k, v in draft.data.items() if v}
    response = client.post(
        reverse("referrals:edit", args=[draft.pk]),
        {**answers, **TYPED["child_at_risk"], "mark_ready": "1"},
    )
    assert response.status_code == 302
    assert draft.status == Status.READY
    bad = client.post(reverse("referrals:submitted", args=[draft.pk]), {"submitted_at": "soon"})
    body = bad.content.decode()
    assert "Enter the reference given by the receiving body" in body
    assert "Enter a real date and time" in body
    assert "Choose how the referral was made" in body
    # A slip of the year moves every deadline counted from the submission: refused.
    typed = {"external_reference": "LA-123", "channel": "portal"}
    for when, problem in (
        ("2062-11-20T09:30", "When it was submitted cannot be in the future"),
        ("1926-11-20T09:30", "When it was submitted must be in 1990 or later: check the year"),
    ):
        slip = client.post(
            reverse("referrals:submitted", args=[draft.pk]), {**typed, "submitted_at": when}
        )
        assert slip.status_code == 200 and problem in slip.content.decode()
        assert draft.status == Status.READY
    submitted = {**typed, "submitted_at": "2026-11-20T09:30"}
    good = client.post(reverse("referrals:submitted", args=[draft.pk]), submitted)
    assert good.status_code == 302
    assert draft.status == Status.SUBMITTED
    assert draft.history().last().channel == "portal"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = client.post(
        reverse("referrals:response", args=[draft.pk]),
        {"accepted": "yes", "responded_at": f"{tomorrow}T09:30"},
    )
    assert "When they decided cannot be in the future" in later.content.decode()
    assert draft.status == Status.SUBMITTED


def test_demo_referrals_are_made_through_the_services_and_only_once() -> None:
    story = county_lines_story()
    made = add_demo_referrals(story.concern, story.practitioner)
    assert {d.kind for d in made} == {"child_at_risk", "nrm_child", "icta"}
    again = add_demo_referrals(story.concern, story.practitioner)
    assert ReferralDraft.objects.count() == 3
    assert {d.pk for d in again} == {d.pk for d in made}
    assert any(d.status == Status.SUBMITTED for d in made)
