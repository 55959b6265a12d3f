"""What a newcomer found in the referral documents (issue 19): a copy for the person that could
endanger them, an NRM referral that guessed the place of exploitation and repeated itself, an
ICTG referral that did not know of the NRM draft, and a bare refusal to edit a sent referral."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import make_concern
from noddfa.accounts.models import User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.directory.models import Service
from noddfa.referrals.documents import answered_sections, person_copy_pdf
from noddfa.referrals.prefill import sources
from noddfa.referrals.services import mark_ready, start_referral
from referral_factories import (
    COUNTY_LINES_INDICATOR,
    complete,
    county_lines_story,
    refused_consent_story,
    submit,
)

from .test_duty_to_notify_and_consent import pdf_text

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]

OLDER_BOYFRIEND = "CTL-11"


def _answers(draft: object) -> dict[str, str]:
    return {a.name: a.value for _, answers in answered_sections(draft) for a in answers}  # type: ignore[arg-type]


# A copy for the person


def test_a_copy_for_the_person_is_made_only_after_asking_whether_it_is_safe(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    client = sign_in(story.officer)
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    url = reverse("referrals:copy", args=[draft.pk])
    page = client.get(url)
    assert page["Content-Type"].startswith("text/html")
    body = page.content.decode()
    assert "Is it safe for them to keep a copy?" in body
    assert "A copy found by the wrong person can put them in danger" in body
    unanswered = client.post(url, {})
    assert unanswered.status_code == 400
    assert "Choose whether it is safe for them to keep a copy" in unanswered.content.decode()
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, detail__format="person_copy")
    assert not exported.exists()
    refused = client.post(url, {"safe": "no"})
    assert refused["Content-Type"].startswith("text/html")
    assert "Do not give them a copy" in refused.content.decode()
    assert not exported.exists()
    made = client.post(url, {"safe": "yes"})
    assert made["Content-Type"] == "application/pdf"
    assert exported.count() == 1


def test_a_copy_for_a_child_is_left_off_by_default_and_names_the_child_helplines(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    client = sign_in(story.practitioner)
    detail = client.get(reverse("referrals:detail", args=[draft.pk])).content.decode()
    # No copy link among the downloads: it sits in a closed "A copy for the child" section.
    start = detail.index('class="govuk-button-group"')
    downloads = detail[start : detail.index("</div>", start)]
    assert "copy-for-person" not in downloads
    assert 'id="copy-for-child"' in detail
    page = client.get(reverse("referrals:copy", args=[draft.pk])).content.decode()
    assert "no copy is made unless you choose to" in page
    assert "Childline: 0800 1111" in page
    assert "080880 23456" in page
    text = pdf_text(
        client.post(reverse("referrals:copy", args=[draft.pk]), {"safe": "yes"}).content
    )
    assert "0800 1111" in text
    assert "080880 23456" in text
    assert "08000 121 700" not in text


def test_the_child_helplines_come_from_the_directory() -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    Service.objects.filter(key="meic").update(retired_at=timezone.now())
    text = pdf_text(person_copy_pdf(draft))
    assert "0800 1111" in text
    assert "Meic" not in text


def test_the_copy_never_holds_third_parties_or_agency_actions() -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    draft.data = {
        **draft.data,
        "indicators": "The child has a much older boyfriend or girlfriend",
        "actions_taken": "2026-12-01: Police informed",
        "account": "Seen with Dan, a much older boyfriend, at the gate.",
        "observed": "2026-12-01 08:40, School gate",
        "child_told": "no",
    }
    text = pdf_text(person_copy_pdf(draft))
    for secret in ("boyfriend", "Police informed", "Dan", "School gate"):
        assert secret not in text, secret
    assert "Jac Evans" in text
    assert "It also says what was seen and heard" in text


# The NRM referral


def test_nrm_places_are_not_where_the_concern_was_noticed() -> None:
    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    assert draft.data["places"] == ""
    assert "School gate" not in draft.data["places"]


def test_nrm_indicators_come_from_all_the_persons_concerns_the_referrer_may_see() -> None:
    story = county_lines_story()
    make_concern(
        story.practitioner,
        story.child,
        account="Seen getting into a car with a man in his twenties.",
        indicators=[OLDER_BOYFRIEND],
    )
    # Another child's concern is not this child's situation.
    make_concern(story.practitioner, indicators=["MOV-01"], account="Another child.")
    values = sources(story.concern, story.practitioner)
    assert "much older boyfriend" in values["indicators"]
    from noddfa.pathway import load_catalogue

    catalogue = load_catalogue()
    assert catalogue.by_id[COUNTY_LINES_INDICATOR].text_en in values["indicators"]
    # Each indicator once, oldest concern first.
    lines = values["indicators"].split("\n")
    assert len(lines) == len(set(lines))
    assert lines[0] == catalogue.by_id[OLDER_BOYFRIEND].text_en
    assert catalogue.by_id["MOV-01"].text_en not in values["indicators"]


def test_nrm_background_does_not_repeat_what_happened() -> None:
    story = county_lines_story()
    first = story.start("NRM_REFERRAL")
    assert first.data["account"] == story.concern.account
    assert story.concern.account not in first.data["background"]
    make_concern(story.practitioner, story.child, account="Missing overnight; found in Swansea.")
    values = sources(story.concern, story.practitioner)
    assert "Missing overnight; found in Swansea." in values["background"]
    assert story.concern.account not in values["background"]


def test_icta_says_where_the_nrm_referral_stands_instead_of_not_given() -> None:
    story = county_lines_story()
    icta = story.start("ICTA_REFERRAL")
    assert _answers(icta)["nrm_status"] == ""
    nrm = story.start("NRM_REFERRAL")
    # The NRM draft was started after the ICTG referral: the document reads it live.
    assert "Being prepared: Draft since" in _answers(icta)["nrm_status"]
    assert "not yet submitted" in _answers(icta)["nrm_status"]
    complete(story.practitioner, nrm)
    mark_ready(story.practitioner, nrm)
    assert "Being prepared: Ready to submit since" in _answers(icta)["nrm_status"]
    # An ICTG referral started now says so from the start.
    assert "Ready to submit" in sources(story.concern, story.lead)["nrm_status"]


# A sent referral


def test_editing_a_sent_referral_explains_why_and_offers_an_addendum(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK", receiving_body=story.children_services)
    mark_ready(story.practitioner, draft)
    submit(story.practitioner, draft, timezone.now())
    response = sign_in(story.practitioner).get(reverse("referrals:edit", args=[draft.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "This referral can no longer be changed" in body
    assert "It is submitted" in body
    assert reverse("concerns:detail", args=[draft.concern_id]) + "#addenda" in body
    assert f"Tell {story.children_services.name} what has changed" in body
    # Anyone outside the organisation still finds nothing there.
    stranger = county_lines_story(shared=False).practitioner
    assert sign_in(stranger).get(reverse("referrals:edit", args=[draft.pk])).status_code == 404


def test_record_the_submission_names_the_official_channel(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK", receiving_body=None)
    mark_ready(story.practitioner, draft)
    body = (
        sign_in(story.practitioner)
        .get(reverse("referrals:detail", args=[draft.pk]))
        .content.decode()
    )
    assert "official channel" not in body
    assert "children’s services of the local authority where the child lives" in body


def test_another_organisation_cannot_make_the_copy(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = story.start("REPORT_CHILD_AT_RISK")
    stranger = county_lines_story(shared=False).lead
    url = reverse("referrals:copy", args=[draft.pk])
    assert sign_in(stranger).get(url).status_code == 404
    assert sign_in(stranger).post(url, {"safe": "yes"}).status_code == 404
    assert not AuditEvent.objects.filter(
        action=AuditAction.EXPORT, detail__format="person_copy"
    ).exists()
