"""An adult NRM referral is never marked ready or submitted without the person's current
informed consent (sources.md#ref-3-2; issue 14 item 4). The draft's answer and the latest
recorded decision must both be that they agree; a refusal or withdrawal recorded after the
draft was started, even from another page, stops it, and the page says what to do instead:
an anonymous Duty to Notify where the organisation is an s52 authority (sources.md#ref-3-3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import UserFactory
from noddfa.accounts.models import Role, User
from noddfa.referrals.models import ConsentDecision, Kind, ReferralDraft, Status
from noddfa.referrals.selectors import current_consent, has_current_consent
from noddfa.referrals.services import (
    NoCurrentConsent,
    ReferralInvalid,
    mark_ready,
    record_consent,
    start_referral,
    update_draft,
)
from referral_factories import (
    ConsentRecordFactory,
    RefusedConsentStory,
    as_first_responder,
    refused_consent_story,
    submit,
    typed,
)

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
WITHDRAWN = "They have withdrawn their agreement since this referral was started"


def _agreed_nrm(story: RefusedConsentStory) -> ReferralDraft:
    """The adult agrees once the NRM is explained; the officer starts and completes it."""
    record_consent(
        story.officer,
        story.concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision=ConsentDecision.CONSENTS,
        decided_at=timezone.now() - timedelta(minutes=30),
    )
    draft = start_referral(story.officer, story.concern.actions.get(code="NRM_REFERRAL"))
    assert draft.kind == Kind.NRM_ADULT
    update_draft(story.officer, draft, typed(draft))
    return draft


def _decide(story: RefusedConsentStory, decision: str, *, minutes_ago: int = 0) -> None:
    ConsentRecordFactory(
        concern=story.concern,
        decision=decision,
        decided_at=timezone.now() - timedelta(minutes=minutes_ago),
        recorded_by=story.officer,
    )


def _consent_errors(story: RefusedConsentStory, draft: ReferralDraft) -> str:
    with pytest.raises(ReferralInvalid) as problem:
        mark_ready(story.officer, draft)
    assert set(problem.value.errors) == {"consent"}
    return problem.value.errors["consent"]


def test_an_adult_nrm_with_current_consent_can_be_marked_ready_and_submitted() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    mark_ready(story.officer, draft)
    submit(story.officer, draft, timezone.now())
    assert draft.status == Status.SUBMITTED


def test_an_adult_nrm_whose_consent_answer_is_no_is_not_ready() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    update_draft(story.officer, draft, {**draft.data, "consent": "no"})
    message = _consent_errors(story, draft)
    assert "needs their informed consent" in message
    assert draft.status == Status.DRAFT


def test_an_adult_nrm_whose_consent_answer_is_empty_is_not_ready() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    update_draft(story.officer, draft, {**draft.data, "consent": ""})
    assert (
        _consent_errors(story, draft)
        == "Choose an answer for has the person agreed to this referral?"
    )


def test_an_adult_nrm_with_no_recorded_decision_is_not_ready() -> None:
    # Informed consent is recorded with who explained the NRM and in which language: a
    # "yes" typed into the draft alone is not enough.
    from factories import PersonFactory, make_concern

    story = refused_consent_story()
    adult = PersonFactory(organisation=story.police, created_by=story.officer)
    concern = make_concern(
        story.officer,
        adult,
        action=["recruitment"],
        means=["deception"],
        purpose=["labour"],
        consents_to_nrm=True,
    )
    draft = start_referral(story.officer, concern.actions.get(code="NRM_REFERRAL"))
    update_draft(story.officer, draft, typed(draft, consent="yes"))
    with pytest.raises(ReferralInvalid) as problem:
        mark_ready(story.officer, draft)
    assert "record their decision first" in problem.value.errors["consent"]


def test_adult_nrm_is_not_ready_after_consent_is_withdrawn() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    _decide(story, ConsentDecision.WITHDRAWN)
    assert WITHDRAWN in _consent_errors(story, draft)


def test_adult_nrm_is_not_ready_after_a_later_refusal() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    _decide(story, ConsentDecision.REFUSES)
    assert "latest recorded decision is that they do not agree" in _consent_errors(story, draft)


def test_adult_nrm_is_not_submittable_after_consent_is_withdrawn() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    mark_ready(story.officer, draft)
    _decide(story, ConsentDecision.WITHDRAWN)
    with pytest.raises(NoCurrentConsent) as problem:
        submit(story.officer, draft, timezone.now())
    assert WITHDRAWN in str(problem.value)
    assert draft.status == Status.READY


def test_the_decision_made_last_stands_whatever_order_they_were_typed_in() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)  # agreed 30 minutes ago
    # A withdrawal typed in now but made an hour ago, before they agreed, changes nothing.
    _decide(story, ConsentDecision.WITHDRAWN, minutes_ago=60)
    assert has_current_consent(story.concern)
    mark_ready(story.officer, draft)
    # Withdrawn after agreeing: that stands.
    _decide(story, ConsentDecision.WITHDRAWN, minutes_ago=1)
    current = current_consent(story.concern)
    assert current is not None and current.decision == ConsentDecision.WITHDRAWN
    assert not has_current_consent(story.concern)


def test_agreeing_again_after_a_withdrawal_lets_the_referral_go_ahead() -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    _decide(story, ConsentDecision.WITHDRAWN, minutes_ago=10)
    _decide(story, ConsentDecision.CONSENTS, minutes_ago=1)
    mark_ready(story.officer, draft)
    submit(story.officer, draft, timezone.now())
    assert draft.status == Status.SUBMITTED


def _withdraw_in_another_tab(sign_in: SignIn, story: RefusedConsentStory) -> None:
    """A colleague records the withdrawal on the consent page, in their own session."""
    colleague = UserFactory(organisation=story.police, role=Role.SAFEGUARDING_LEAD)
    response = sign_in(colleague).post(
        reverse("referrals:consent", args=[story.concern.pk]),
        {
            "explained_by": "PC Officer Test",
            "language": "Polish",
            "interpreter_used": "on",
            "decision": "withdrawn",
            "decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302


def test_two_tabs_mark_ready_after_consent_is_withdrawn_elsewhere_is_refused(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    tab = sign_in(story.officer)
    edit = reverse("referrals:edit", args=[draft.pk])
    assert 'name="consent"' in tab.get(edit).content.decode()  # the page was opened first
    _withdraw_in_another_tab(sign_in, story)
    answers = {k: v for k, v in draft.data.items() if v}
    response = tab.post(edit, {**answers, "mark_ready": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    summary = body[body.index("govuk-error-summary") :]
    assert WITHDRAWN in summary
    # The officer sees what to do instead: their force is an s52 authority.
    assert "What to do instead" in body
    assert "make an anonymous Duty to Notify" in body
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_two_tabs_record_submission_after_consent_is_withdrawn_elsewhere_is_refused(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    mark_ready(story.officer, draft)
    tab = sign_in(story.officer)
    detail = reverse("referrals:detail", args=[draft.pk])
    assert "Record the submission" in tab.get(detail).content.decode()
    _withdraw_in_another_tab(sign_in, story)
    response = tab.post(
        reverse("referrals:submitted", args=[draft.pk]),
        {"external_reference": "NRM-1", "submitted_at": "2026-11-20T09:30"},
    )
    body = response.content.decode()
    assert response.status_code == 409  # the referral moved on while the tab was open
    assert WITHDRAWN in body
    assert "What to do instead" in body
    # Withdrawing consent returned the ready referral to draft; nothing was submitted.
    assert draft.status == Status.DRAFT
    # The referral's page now says why, offers the Duty to Notify, and no submission form.
    page = tab.get(detail).content.decode()
    assert "This NRM referral cannot be submitted." in page
    assert WITHDRAWN in page
    assert reverse("referrals:submitted", args=[draft.pk]) not in page
    assert "Duty to Notify" in page


def test_a_first_responder_that_is_not_an_s52_authority_is_told_to_pass_it_on(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    # A charity that is a first responder but has no duty to notify (sources.md#ref-3-3).
    as_first_responder(story.police)
    story.police.s52_public_authority = False
    story.police.save()
    _decide(story, ConsentDecision.REFUSES)
    page = sign_in(story.officer).get(reverse("referrals:detail", args=[draft.pk]))
    body = page.content.decode()
    assert "Your organisation cannot make a Duty to Notify" in body
    assert "make an anonymous Duty to Notify" not in body


def test_another_organisation_cannot_read_the_blocked_referral(sign_in: SignIn) -> None:
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    _decide(story, ConsentDecision.WITHDRAWN)
    stranger = sign_in(UserFactory(role=Role.SAFEGUARDING_LEAD))
    for name in ("referrals:detail", "referrals:edit", "referrals:submitted"):
        method = stranger.post if name == "referrals:submitted" else stranger.get
        assert method(reverse(name, args=[draft.pk])).status_code == 404, name


def test_a_ready_adult_nrm_goes_back_to_draft_when_consent_is_withdrawn() -> None:
    # Nothing shows an adult NRM as ready to send once the person no longer agrees.
    story = refused_consent_story()
    draft = _agreed_nrm(story)
    mark_ready(story.officer, draft)
    assert draft.status == Status.READY
    record_consent(
        story.officer,
        story.concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision=ConsentDecision.WITHDRAWN,
        decided_at=timezone.now(),
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    latest = draft.history().last()
    assert latest is not None and "does not agree" in latest.reason
    assert "DUTY_TO_NOTIFY" in {action.code for action in story.concern.actions.all()}
