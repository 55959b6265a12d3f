"""Referral drafts come pre-filled from the record and are checked before they are ready."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from factories import PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.referrals.fields import all_fields
from noddfa.referrals.models import Kind, Status
from noddfa.referrals.prefill import nrm_options
from noddfa.referrals.services import ReferralInvalid, mark_ready, update_draft
from referral_factories import TYPED, complete, county_lines_story, refused_consent_story, typed

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_child_recruited_for_county_lines_gets_three_referrals_without_retyping() -> None:
    story = county_lines_story()
    report = story.start("REPORT_CHILD_AT_RISK")
    nrm = story.start("NRM_REFERRAL")
    icta = story.start("ICTA_REFERRAL")

    assert (report.kind, nrm.kind, icta.kind) == (Kind.CHILD_AT_RISK, Kind.NRM_CHILD, Kind.ICTA)
    for draft in (report, nrm, icta):
        assert draft.data["person_name"] == "Jac Evans"
        assert draft.data["age"] == "15"
        assert draft.data["account"] == story.concern.account
        # Nothing the record holds is asked again: only what no record can know (whether
        # the family was told, whom the first responder reached at the local authority)
        # is typed before the referral is ready.
        if draft.kind in TYPED:
            with pytest.raises(ReferralInvalid) as problem:
                mark_ready(story.practitioner, draft)
            assert set(problem.value.errors) == set(TYPED[draft.kind])
            complete(story.practitioner, draft)
        mark_ready(story.practitioner, draft)
        assert draft.status == Status.READY
    assert report.data["referrer_name"] == story.practitioner.full_name
    assert report.data["organisation"] == story.school.name
    assert nrm.data["under_18"] == "yes"
    assert nrm.data["exploitation_types"] == ["CRIMINAL"]
    assert nrm.data["county_lines"] == "yes"
    assert nrm.data["under_18_during"] == "yes"
    # The local authority for the school's area, to be confirmed or changed.
    assert nrm.data["la_name"] == "Cardiff"
    # Children's services are in the multi-agency case about Jac: another agency involved.
    assert nrm.data["other_agencies"] == story.children_services.name
    assert "missing" in report.data["indicators"]


def test_starting_the_same_referral_twice_returns_the_first() -> None:
    story = county_lines_story()
    assert story.start("NRM_REFERRAL") == story.start("NRM_REFERRAL")


@pytest.mark.parametrize(
    ("purposes", "child", "boxes"),
    [
        (["sexual"], True, ["SEXUAL_CSE"]),
        (["sexual"], False, ["SEXUAL_PROSTITUTION"]),
        (["labour", "financial"], False, ["LABOUR_FORCED_WORK", "FINANCIAL_FRAUD"]),
        (["forced_marriage"], False, ["DOMESTIC_SERVITUDE"]),
        (["organ_removal"], False, ["ORGAN_REMOVAL"]),
        (["illegal_adoption"], True, ["OTHER"]),
    ],
)
def test_our_purposes_tick_the_nrm_forms_boxes(
    purposes: list[str], child: bool, boxes: list[str]
) -> None:
    assert nrm_options(purposes, [], child=child) == (boxes, False)


def test_county_lines_flags_the_referral_and_ticks_criminal() -> None:
    assert nrm_options([], ["county_lines"], child=True) == (["CRIMINAL"], True)


def test_a_missing_required_answer_stops_ready_and_names_the_field() -> None:
    story = county_lines_story()
    draft = story.prepare("REPORT_CHILD_AT_RISK")
    update_draft(story.practitioner, draft, {**draft.data, "account": ""})
    with pytest.raises(ReferralInvalid) as problem:
        mark_ready(story.practitioner, draft)
    assert problem.value.errors == {"account": "Enter what was seen and heard"}
    assert draft.status == Status.DRAFT


def test_the_page_shows_the_missing_field_in_the_error_summary(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    data = {k: v for k, v in draft.data.items() if v and k != "where"}
    response = sign_in(story.practitioner).post(
        reverse("referrals:edit", args=[draft.pk]), {**data, "mark_ready": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    start = body.index("govuk-error-summary")
    summary = body[start : body.index("</ul>", start)]
    assert "Choose an answer for where it happened" in summary
    assert 'id="id_where-error"' in body
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_of_birth": "2011-02-30"}, "date_of_birth", "must be a real date"),
        ({"date_of_birth": "2090-01-01"}, "date_of_birth", "today or in the past"),
        ({"date_of_birth": "1890-01-01"}, "date_of_birth", "too long ago"),
        ({"age": "150"}, "age", "between 0 and 120"),
        ({"age": "-3"}, "age", "between 0 and 120"),
        ({"age": "40"}, "age", "does not match the date of birth"),
        ({"last_contact": "yesterday"}, "last_contact", "must be a real date"),
        ({"under_18": "no"}, "under_18", "use the adult referral"),
    ],
)
def test_bad_dates_and_impossible_ages_are_refused_with_a_clear_message(
    changes: dict[str, str], field: str, message: str
) -> None:
    story = county_lines_story()
    draft = story.start("NRM_REFERRAL")
    with pytest.raises(ReferralInvalid) as problem:
        update_draft(story.practitioner, draft, {**draft.data, **changes})
    assert message in problem.value.errors[field]
    draft.refresh_from_db()
    assert draft.data["age"] == "15"


def test_a_bad_date_comes_back_on_the_page_as_typed(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = story.start("REPORT_CHILD_AT_RISK")
    response = sign_in(story.practitioner).post(
        reverse("referrals:edit", args=[draft.pk]), {**draft.data, "date_of_birth": "31/02/2011"}
    )
    body = response.content.decode()
    assert 'value="31/02/2011"' in body
    assert "Date of birth must be a real date" in body


def test_not_sure_of_age_counts_as_under_18_for_the_nrm() -> None:
    story = county_lines_story()
    draft = story.prepare("NRM_REFERRAL")
    update_draft(story.practitioner, draft, {**draft.data, "under_18": "not_sure"})
    mark_ready(story.practitioner, draft)
    assert draft.status == Status.READY


def test_an_adult_nrm_needs_their_consent_and_a_safe_address() -> None:
    from django.utils import timezone

    from noddfa.referrals.services import record_consent, start_referral

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
    assert draft.kind == Kind.NRM_ADULT
    assert draft.data["consent"] == "yes"
    # Adults are asked about support; a child's referral is not (see the child test).
    assert "support_needs" in {f.name for f in all_fields(Kind.NRM_ADULT)}
    update_draft(story.officer, draft, {**typed(draft), "safe_address": ""})
    with pytest.raises(ReferralInvalid) as problem:
        mark_ready(story.officer, draft)
    assert set(problem.value.errors) == {"safe_address"}


def test_changing_a_ready_referral_takes_it_back_to_draft() -> None:
    story = county_lines_story()
    draft = story.start("ICTA_REFERRAL")
    mark_ready(story.practitioner, draft)
    update_draft(story.practitioner, draft, {**draft.data, "social_worker": "Not known yet"})
    assert draft.status == Status.DRAFT
    assert [c.status for c in draft.history()] == ["draft", "ready", "draft"]


def test_duty_to_notify_is_offered_only_to_s52_public_authorities() -> None:
    story = refused_consent_story()
    # A housing provider is under s52 only if its own flag says so (the law leaves it open).
    story.police.organisation_type = OrganisationType.HOUSING
    story.police.s52_public_authority = False
    story.police.save()
    from noddfa.referrals.services import start_referral

    with pytest.raises(PermissionDenied):
        start_referral(story.officer, story.concern.actions.get(code="DUTY_TO_NOTIFY"))


def test_only_the_recording_organisation_prepares_referrals() -> None:
    story = county_lines_story()
    with pytest.raises(PermissionDenied):
        story.start("REPORT_CHILD_AT_RISK", by=story.la_officer)
    analyst = UserFactory(organisation=story.school, role=Role.PARTNERSHIP_ANALYST)
    with pytest.raises(PermissionDenied):
        story.start("REPORT_CHILD_AT_RISK", by=analyst)


def test_a_non_referral_action_cannot_start_a_referral(sign_in: SignIn) -> None:
    story = county_lines_story()
    action = story.action("SAFETY_PLAN")
    response = sign_in(story.practitioner).post(reverse("referrals:start", args=[action.pk]))
    assert response.status_code == 403


def test_an_adult_at_risk_gets_the_adult_report() -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    adult = PersonFactory(
        organisation=practitioner.organisation,
        created_by=practitioner,
        date_of_birth=date(1990, 5, 1),
    )
    concern = make_concern(
        practitioner,
        adult,
        action=["recruitment"],
        means=["threat"],
        purpose=["labour"],
        care_and_support_needs=True,
        unable_to_protect_self=True,
    )
    from noddfa.referrals.services import start_referral

    draft = start_referral(practitioner, concern.actions.get(code="REPORT_ADULT_AT_RISK"))
    assert draft.kind == Kind.ADULT_AT_RISK
