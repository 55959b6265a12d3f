"""The referral documents ask what the real forms ask (issue 14): the Home Office NRM form
(sources.md#ref-2-1, #ref-3-2), the Duty to Notify (MSA 2015 s52, sources.md#ref-3-3), the
report of an adult at risk (SSWBA 2014 s126 and s128, sources.md#ref-4-1, #ref-4-2) and of a
child at risk (s130; WSP children C3, sources.md#ref-7-2). Drafts written before these
questions still open."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.concerns.models import Involvement
from noddfa.referrals.fields import all_fields
from noddfa.referrals.models import Kind, ReferralDraft, Status
from noddfa.referrals.services import (
    ReferralInvalid,
    mark_ready,
    record_consent,
    start_referral,
    update_draft,
)
from referral_factories import (
    complete,
    county_lines_story,
    refused_consent_story,
    typed,
)

from .test_duty_to_notify_and_consent import pdf_text

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _names(kind: str) -> set[str]:
    return {f.name for f in all_fields(kind)}


def _errors_on_ready(by: User, draft: ReferralDraft) -> dict[str, str]:
    with pytest.raises(ReferralInvalid) as problem:
        mark_ready(by, draft)
    return problem.value.errors


def _adult_at_risk_report() -> tuple[User, ReferralDraft]:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    adult = PersonFactory(
        organisation=practitioner.organisation,
        created_by=practitioner,
        date_of_birth=date(1958, 6, 2),
    )
    concern = make_concern(
        practitioner,
        adult,
        action=["recruitment"],
        means=["threat"],
        purpose=["criminal"],
        care_and_support_needs=True,
        unable_to_protect_self=True,
    )
    draft = start_referral(practitioner, concern.actions.get(code="REPORT_ADULT_AT_RISK"))
    return practitioner, draft


# NRM referral: the Home Office form (sources.md#ref-2-1, #ref-3-2).


def test_the_nrm_form_asks_when_where_who_and_the_first_responders_role_and_phone() -> None:
    asked = {
        "referrer_role",
        "referrer_phone",
        "exploitation_periods",
        "under_18_during",
        "where",
        "places",
        "exploiters",
        "other_agencies",
        "cooperate_with_police",
        "home_office_reference",
    }
    assert asked <= _names(Kind.NRM_CHILD)
    assert asked <= _names(Kind.NRM_ADULT)


def test_a_childs_nrm_referral_waits_for_the_local_authority_to_be_contacted() -> None:
    # The Home Office form does not go on with a child's referral until the first responder
    # has contacted the local authority (sources.md#ref-3-2, "child route prerequisite").
    story = county_lines_story()
    draft = story.prepare("NRM_REFERRAL", la_name="", la_contact="")
    errors = _errors_on_ready(story.practitioner, draft)
    assert errors == {
        "la_name": "Enter which local authority you contacted about the child",
        "la_contact": "Enter who you contacted there, and how to reach them",
    }
    complete(story.practitioner, draft, la_name="Cardiff")
    mark_ready(story.practitioner, draft)
    assert draft.status == Status.READY


def test_an_adults_nrm_referral_does_not_ask_about_a_local_authority_for_a_child() -> None:
    assert not {"la_name", "la_contact"} & _names(Kind.NRM_ADULT)


def test_a_childs_nrm_referral_asks_no_support_needs() -> None:
    # A child is supported by the local authority and the ICTG service, not the adult victim
    # care contract (sources.md#ref-3-9).
    assert "support_needs" not in _names(Kind.NRM_CHILD)
    assert "support_needs" in _names(Kind.NRM_ADULT)


def test_the_suspected_exploiters_and_the_agencies_in_the_case_are_pre_filled() -> None:
    story = county_lines_story()
    exploiter = PersonFactory(
        organisation=story.school,
        created_by=story.practitioner,
        given_name="Dai",
        family_name="Exploiter-Test",
        description="Drives a grey van",
    )
    Involvement.objects.create(
        concern=story.concern, person=exploiter, role=Involvement.Role.SUSPECTED_EXPLOITER
    )
    draft = story.start("NRM_REFERRAL")
    assert "Dai Exploiter-Test" in draft.data["exploiters"]
    assert "grey van" in draft.data["exploiters"]
    assert draft.data["other_agencies"] == story.children_services.name
    assert "Exploiter-Test" not in draft.data["other_victims"]


def test_someone_under_18_now_was_under_18_while_exploited() -> None:
    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    with pytest.raises(ReferralInvalid) as problem:
        update_draft(story.practitioner, draft, typed(draft, under_18_during="no"))
    assert "under 18 while they were exploited" in problem.value.errors["under_18_during"]


def test_an_adults_nrm_referral_asks_whether_they_were_exploited_as_a_child() -> None:
    story = refused_consent_story()
    record_consent(
        story.officer,
        story.concern,
        explained_by="PC Officer Test",
        language="Polish",
        interpreter_used=True,
        decision="consents",
        decided_at=timezone.now(),
    )
    draft = start_referral(story.officer, story.concern.actions.get(code="NRM_REFERRAL"))
    # Unknown is never no: for an adult it is asked, not assumed.
    assert draft.data["under_18_during"] == ""
    update_draft(story.officer, draft, typed(draft, under_18_during=""))
    errors = _errors_on_ready(story.officer, draft)
    assert errors == {
        "under_18_during": ("Say whether they were under 18 at any time while they were exploited")
    }


# Duty to Notify (MSA 2015 s52, sources.md#ref-3-3).


def test_an_anonymous_notice_carries_sex_nationality_and_why_there_is_no_nrm(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    assert draft.data["named"] == "no"
    assert (draft.data["sex"], draft.data["nationality"]) == ("male", "Polish")
    update_draft(story.officer, draft, {**draft.data, "summary": "Unpaid work at a car wash."})
    assert _errors_on_ready(story.officer, draft) == {
        "nrm_refused_reason": "Enter why there is no NRM referral"
    }
    reason = "Afraid the men at the car wash would find out."
    update_draft(story.officer, draft, {**draft.data, "nrm_refused_reason": reason})
    mark_ready(story.officer, draft)
    text = pdf_text(sign_in(story.officer).get(reverse("referrals:pdf", args=[draft.pk])).content)
    assert "Why there is no" in text  # the label wraps in its column
    assert "car wash would find out" in text
    assert "Polish" in text
    assert "Kacper" not in text


@pytest.mark.parametrize(
    "leak",
    ["Kacper said he would lose his job", "He lives near SA1 8QT", "Call him on 07700900456"],
)
def test_an_anonymous_notice_refuses_a_reason_that_identifies_the_person(leak: str) -> None:
    story = refused_consent_story()
    draft = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    with pytest.raises(ReferralInvalid) as problem:
        update_draft(story.officer, draft, {**draft.data, "nrm_refused_reason": leak})
    assert "must not name or otherwise identify" in problem.value.errors["nrm_refused_reason"]


def test_a_notice_about_someone_who_agreed_to_be_named_may_name_them() -> None:
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
    update_draft(
        story.officer,
        draft,
        typed(draft, summary="Kacper works unpaid.", nrm_refused_reason="Kacper is afraid."),
    )
    mark_ready(story.officer, draft)
    assert draft.data["person_name"] == "Kacper Nowakowski"


# Report of an adult at risk (SSWBA 2014 s126, s128; WSP adults, sources.md#ref-4-1, #ref-4-2).


def test_an_adult_at_risk_report_asks_consent_capacity_needs_and_the_police() -> None:
    practitioner, draft = _adult_at_risk_report()
    assert _errors_on_ready(practitioner, draft) == {
        "agrees_to_report": "Say whether they agree to this report",
        "capacity": "Say whether they have the mental capacity to decide about this report",
        "care_and_support_needs": "Enter their care and support needs",
        "cannot_protect_themselves": "Enter why they cannot protect themselves",
        "police_told": "Say whether the police have been told",
    }
    complete(practitioner, draft)
    mark_ready(practitioner, draft)
    assert draft.status == Status.READY


@pytest.mark.parametrize("answer", ["no", "not_asked"])
def test_reporting_an_adult_without_their_agreement_needs_the_reason(answer: str) -> None:
    practitioner, draft = _adult_at_risk_report()
    complete(practitioner, draft, agrees_to_report=answer)
    assert _errors_on_ready(practitioner, draft) == {
        "reporting_without_agreement": "Enter why you are reporting without their agreement"
    }
    complete(
        practitioner,
        draft,
        agrees_to_report=answer,
        reporting_without_agreement="Others at the house are at risk too.",
    )
    mark_ready(practitioner, draft)
    assert draft.status == Status.READY


def test_a_police_report_of_an_adult_at_risk_says_the_police_know() -> None:
    story = refused_consent_story()
    officer = UserFactory(organisation=story.police, role=Role.PRACTITIONER)
    adult = PersonFactory(
        organisation=story.police, created_by=officer, date_of_birth=date(1950, 1, 1)
    )
    concern = make_concern(
        officer,
        adult,
        action=["harbouring"],
        means=["threat"],
        purpose=["criminal"],
        care_and_support_needs=True,
        unable_to_protect_self=True,
    )
    draft = start_referral(officer, concern.actions.get(code="REPORT_ADULT_AT_RISK"))
    assert story.police.organisation_type == OrganisationType.POLICE
    assert draft.data["police_told"] == "yes"


# Report of a child at risk (s130; WSP children C3, sources.md#ref-7-2).


def test_a_child_at_risk_report_asks_whether_the_family_and_the_child_were_told() -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    assert _errors_on_ready(story.practitioner, draft) == {
        "parents_told": "Say whether the parents or carers were told and asked",
        "child_told": "Say whether the child was told and asked",
    }


def test_not_telling_the_family_needs_the_reason_such_as_putting_the_child_at_risk() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK", parents_told="no", child_told="no")
    assert _errors_on_ready(story.practitioner, draft) == {
        "parents_not_told_reason": "Enter why the parents or carers were not told or asked",
        "child_not_told_reason": "Enter why the child was not told or asked",
    }
    complete(
        story.practitioner,
        draft,
        parents_told="no",
        child_told="no",
        parents_not_told_reason="A so-called uncle collects him: telling could put him at risk.",
        child_not_told_reason="He may go missing if told today.",
    )
    mark_ready(story.practitioner, draft)
    assert draft.status == Status.READY


def test_the_persons_copy_leaves_out_why_the_family_was_not_told() -> None:
    from noddfa.referrals.documents import person_copy_pdf

    story = county_lines_story()
    reason = "A so-called uncle collects him"
    draft = story.prepare("REPORT_CHILD_AT_RISK", parents_told="no", parents_not_told_reason=reason)
    assert reason not in pdf_text(person_copy_pdf(draft))


def test_the_new_questions_read_in_welsh(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    client = sign_in(story.practitioner)
    url = reverse("referrals:edit", args=[draft.pk])
    client.get(f"/language/cy/?next={url}")
    welsh = client.get(url).content.decode()
    assert "A ddywedwyd wrth y plentyn am yr adroddiad hwn" in welsh
    assert "Was the child told" not in welsh


# Drafts written before these questions (issue 14: "existing drafts still open").


def _old_shape(draft: ReferralDraft, drop: set[str], add: dict[str, object]) -> ReferralDraft:
    """The draft as it was stored before issue 14: without the new answers, with the old."""
    data = {k: v for k, v in draft.data.items() if k not in drop} | add
    ReferralDraft.objects.filter(pk=draft.pk).update(data=data)
    draft.refresh_from_db()
    return draft


def test_an_old_childs_nrm_draft_still_opens_and_keeps_its_support_needs(
    sign_in: SignIn,
) -> None:
    story = county_lines_story()
    new = {"referrer_role", "referrer_phone", "la_name", "la_contact", "exploitation_periods"}
    draft = _old_shape(
        story.start("NRM_REFERRAL"), new | {"under_18_during"}, {"support_needs": ["housing"]}
    )
    client = sign_in(story.practitioner)
    for name in ("referrals:detail", "referrals:edit", "referrals:pdf", "referrals:copy"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 200, name
    page = client.get(reverse("referrals:detail", args=[draft.pk])).content.decode()
    earlier = page[page.index('id="earlier-answers"') :]
    assert "Support needs" in earlier
    assert "Safe housing" in earlier
    exported = json.loads(client.get(reverse("referrals:json", args=[draft.pk])).content)
    assert exported["earlier_answers"] == {"support_needs": ["housing"]}
    assert "support_needs" not in exported["fields"]
    pdf = pdf_text(client.get(reverse("referrals:pdf", args=[draft.pk])).content)
    assert "Safe housing" not in pdf
    # Completing the new questions keeps the earlier answer.
    answers = {k: v for k, v in typed(draft).items() if v and k != "support_needs"}
    response = client.post(reverse("referrals:edit", args=[draft.pk]), answers)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["support_needs"] == ["housing"]
    assert draft.data["la_contact"]


def test_an_old_anonymous_notice_without_sex_or_nationality_still_opens(
    sign_in: SignIn,
) -> None:
    story = refused_consent_story()
    started = start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))
    draft = _old_shape(started, {"sex", "nationality", "nrm_refused_reason"}, {})
    client = sign_in(story.officer)
    for name in ("referrals:detail", "referrals:edit", "referrals:pdf", "referrals:json"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 200, name
    errors = _errors_on_ready(story.officer, draft)
    assert {"sex", "nationality", "nrm_refused_reason"} <= set(errors)
