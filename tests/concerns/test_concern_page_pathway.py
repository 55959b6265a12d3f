"""The concern page shows the pathway as it stands, the advice it no longer gives and why, and
what is not known yet, in English and Welsh; and only to those who may see the concern."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from factories import OrganisationFactory, UserFactory, adult_labour_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.concerns.models import Concern, PathwayAction
from noddfa.concerns.services import current_run, record_outcome
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation
from noddfa.referrals.services import record_consent

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _police() -> Organisation:
    return OrganisationFactory(
        organisation_type=OrganisationType.POLICE, first_responder=True, s52_public_authority=True
    )


def _withdrawn_after_an_attempt(officer: User) -> Concern:
    """An adult agreed to an NRM referral, the officer could not reach them to finish it, and
    then they withdrew their agreement."""
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    nrm = concern.actions.get(code="NRM_REFERRAL")
    record_outcome(
        officer,
        nrm,
        status="not_done",
        happened_at=timezone.now(),
        reason="Could not reach him to go through the form",
    )
    record_consent(
        officer,
        concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision="withdrawn",
        decided_at=timezone.now(),
    )
    return concern


def _page(client: Client, concern: Concern) -> str:
    response = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_a_withdrawal_shows_the_nrm_as_earlier_advice_with_when_who_why_and_what_was_done(
    sign_in: SignIn,
) -> None:
    officer = UserFactory(organisation=_police(), full_name="PC Officer Test")
    concern = _withdrawn_after_an_attempt(officer)
    page = _page(sign_in(officer), concern)
    # The current actions: after the summary of what the re-run changed, which names the
    # NRM as no longer advised (issue 18, item 4).
    now = _section(page, 'id="grace"', 'id="earlier-advice"')
    earlier = _section(page, 'id="earlier-advice"', 'id="referrals"')
    assert "Notify the Home Office (Duty to Notify)" in now
    assert "Refer to the National Referral Mechanism (NRM)" not in now
    assert "Refer to the National Referral Mechanism (NRM)" in earlier
    assert "Retracted" in earlier
    nrm = PathwayAction.history.get(concern=concern, code="NRM_REFERRAL")
    assert f"Retracted on {timezone.localtime(nrm.retracted_at):%-d %b %Y}" in earlier
    assert "PC Officer Test" in earlier
    assert "Consent withdrawn: the person withdrew their agreement to an NRM referral" in earlier
    # The outcome recorded before the withdrawal is still shown.
    assert "Could not reach him to go through the form" in earlier
    assert 'id="pathway-rerun"' in page


def test_a_concern_never_re_run_has_no_earlier_advice(sign_in: SignIn) -> None:
    officer = UserFactory(organisation=_police())
    concern = adult_labour_concern(officer, consents_to_nrm=True)
    page = _page(sign_in(officer), concern)
    assert 'id="earlier-advice"' not in page
    assert 'id="pathway-rerun"' not in page


def test_the_page_says_what_is_not_known_yet_and_why_it_matters(sign_in: SignIn) -> None:
    officer = UserFactory(organisation=_police())
    # Recruited for labour; how (the means) is not known, nor whether they agree to an NRM.
    concern = adult_labour_concern(officer, means=[])
    questions = current_run(concern).result["assessment"].get("open_questions", [])
    fields = [question["field"] for question in questions]
    assert "elements.means" in fields
    page = _page(sign_in(officer), concern)
    section = _section(page, 'id="not-known-yet"', "</ul>")
    for question in questions:
        assert escape(question["why"]) in section


def test_a_welsh_reader_reads_what_is_not_known_and_why_advice_changed_in_welsh(
    sign_in: SignIn,
) -> None:
    officer = UserFactory(organisation=_police(), language="cy")
    concern = _withdrawn_after_an_attempt(officer)
    questions = current_run(concern).result["assessment"].get("open_questions", [])
    page = _page(sign_in(officer), concern)
    assert "Cyngor cynharach" in page
    assert "Tynnwyd y cydsyniad yn ôl" in page
    for question in questions:
        assert escape(question["why_cy"]) in page


def test_a_shared_case_shows_the_history_to_the_local_authority_and_no_other_organisation(
    sign_in: SignIn,
) -> None:
    police = _police()
    officer = UserFactory(organisation=police)
    lead = UserFactory(organisation=police, role=Role.SAFEGUARDING_LEAD)
    concern = _withdrawn_after_an_attempt(officer)
    council = OrganisationFactory(organisation_type=OrganisationType.LA_ADULT_SERVICES)
    share_with_organisation(
        lead,
        concern.subject,
        council,
        reason="Adult at risk strategy meeting",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
    la_officer = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    assert "Earlier advice" in _page(sign_in(la_officer), concern)
    stranger = UserFactory(organisation=_police(), role=Role.SAFEGUARDING_LEAD)
    response = sign_in(stranger).get(reverse("concerns:detail", args=[concern.pk]))
    assert response.status_code == 404
    assert b"Could not reach him" not in response.content


def test_an_outcome_cannot_be_posted_to_a_retracted_action(sign_in: SignIn) -> None:
    officer = UserFactory(organisation=_police())
    concern = _withdrawn_after_an_attempt(officer)
    nrm = PathwayAction.history.get(concern=concern, code="NRM_REFERRAL")
    response = sign_in(officer).post(
        reverse("concerns:action", args=[nrm.pk]),
        {"status": "done", "happened_at": "2026-11-24T10:00"},
    )
    assert response.status_code == 404
    assert nrm.outcomes.count() == 1


def test_the_chronology_shows_when_and_why_the_advice_changed(sign_in: SignIn) -> None:
    officer = UserFactory(organisation=_police(), full_name="PC Officer Test")
    concern = _withdrawn_after_an_attempt(officer)
    response = sign_in(officer).get(reverse("concerns:chronology", args=[concern.subject.pk]))
    page = response.content.decode()
    assert (
        "Pathway worked out again: Consent withdrawn: the person withdrew their agreement" in page
    )
    assert "no longer advised: Refer to the National Referral Mechanism (NRM)" in page
    assert "now advised:" in page and "Notify the Home Office (Duty to Notify)" in page
