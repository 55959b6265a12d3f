"""A referrer that is not a first responder hands an NRM referral (or a Duty to Notify) to one
in Noddfa, which makes it and the referrer sees the outcome (issue 18, item 2).

Tried end to end, a school could prepare a full NRM referral pre-filled with the school as
first responder and was told only after "Save and mark ready" that it could not submit it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import OrganisationFactory, UserFactory, adult_labour_concern, make_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.concerns.chronology import chronology
from noddfa.concerns.models import ActionOutcome
from noddfa.referrals.models import (
    InboxItem,
    Kind,
    ReceiverDecision,
    ReferralDraft,
    Status,
)
from noddfa.referrals.services import (
    WrongStatus,
    decide_received,
    mark_ready,
    send_through_noddfa,
    start_hand_over,
    start_referral,
    take_up_hand_over,
)
from referral_factories import CountyLinesStory, complete, county_lines_story, submit

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@dataclass(frozen=True)
class Police:
    force: Organisation
    officer: User
    lead: User


def _police() -> Police:
    force = OrganisationFactory(
        organisation_type=OrganisationType.POLICE, name="Heddlu De Cymru (test)"
    )
    officer = UserFactory(organisation=force, role=Role.PRACTITIONER, full_name="PC Test Officer")
    lead = UserFactory(organisation=force, role=Role.SAFEGUARDING_LEAD)
    return Police(force, officer, lead)


def _handed_over(story: CountyLinesStory, police: Police) -> ReferralDraft:
    """The school lead's hand-over of the NRM referral to the police, sent through Noddfa."""
    draft = start_hand_over(story.lead, story.action("NRM_REFERRAL"), police.force)
    complete(story.lead, draft)
    mark_ready(story.lead, draft)
    send_through_noddfa(story.lead, draft)
    return draft


def test_the_school_is_offered_the_hand_over_before_any_form(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    police = _police()
    other_school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    school = sign_in(story.lead)
    concern_page = school.get(reverse("concerns:detail", args=[story.concern.pk]))
    assert "Prepare: National Referral Mechanism referral (child)" in concern_page.content.decode()
    started = school.post(reverse("referrals:start", args=[story.action("NRM_REFERRAL").pk]))
    offer = reverse("referrals:hand_over", args=[story.action("NRM_REFERRAL").pk])
    assert started["Location"] == offer
    # No NRM form was made, so none can be filled with the school as first responder.
    assert not ReferralDraft.objects.filter(kind__in=(Kind.NRM_CHILD, Kind.NRM_ADULT)).exists()
    page = school.get(offer)
    body = page.content.decode()
    assert "Only a first responder organisation can make an NRM referral" in body
    assert "Not in Noddfa: I will print it and give it to them" in body
    choices = {str(org) for org in page.context["form"].fields["receiver"].queryset}
    assert choices == {police.force.name, story.children_services.name}
    assert other_school.name not in body
    chosen = school.post(offer, {"receiver": police.force.pk})
    draft = ReferralDraft.objects.get(kind=Kind.NRM_HANDOVER)
    assert chosen["Location"] == reverse("referrals:edit", args=[draft.pk])
    assert draft.receiving_body == police.force
    assert draft.organisation == story.school
    assert draft.data["person_name"] == "Jac Evans"
    # A second click on the offer finds the same hand-over.
    school.post(offer, {"receiver": police.force.pk})
    assert ReferralDraft.objects.filter(kind=Kind.NRM_HANDOVER).count() == 1
    # The concern now lists the hand-over instead of offering the NRM again.
    concern_page = school.get(reverse("concerns:detail", args=[story.concern.pk]))
    assert "Prepare: National Referral Mechanism" not in concern_page.content.decode()


def test_a_first_responder_makes_the_nrm_itself_without_an_offer(sign_in: SignIn) -> None:
    story = county_lines_story()
    council = sign_in(story.la_officer)
    # The council's own concern about the child (a first responder): straight to the form.
    concern = make_concern(
        story.la_officer, story.child, action=["recruitment"], purpose=["criminal"]
    )
    action = concern.actions.get(code="NRM_REFERRAL")
    started = council.post(reverse("referrals:start", args=[action.pk]))
    draft = ReferralDraft.objects.get(concern=concern, kind=Kind.NRM_CHILD)
    assert started["Location"] == reverse("referrals:edit", args=[draft.pk])
    with pytest.raises(PermissionDenied):
        start_hand_over(story.la_officer, action, None)


def test_school_hands_over_to_the_police_which_submits_and_the_school_sees_it(
    sign_in: SignIn,
) -> None:
    story = county_lines_story(shared=False)
    police = _police()
    hand_over = _handed_over(story, police)
    item = InboxItem.objects.get(draft=hand_over)
    officer = sign_in(police.officer)
    inbox = officer.get(reverse("referrals:inbox")).content.decode()
    assert "Hand-over to a first responder for an NRM referral" in inbox
    page = officer.get(reverse("referrals:inbox_item", args=[item.pk])).content.decode()
    assert "Start the referral" in page
    assert "Jac" in page  # what the school sent

    taken = officer.post(reverse("referrals:inbox_take_up", args=[item.pk]))
    nrm = ReferralDraft.objects.get(kind=Kind.NRM_CHILD)
    assert taken["Location"] == reverse("referrals:edit", args=[nrm.pk])
    # The police's own referral: itself as first responder, the person from the hand-over.
    assert nrm.organisation == police.force
    assert nrm.concern == story.concern
    assert nrm.data["referrer_name"] == "PC Test Officer"
    assert nrm.data["person_name"] == "Jac Evans"
    assert hand_over.status == Status.ACKNOWLEDGED
    # A second click on "Start the referral" opens the same draft.
    again = officer.post(reverse("referrals:inbox_take_up", args=[item.pk]))
    assert again["Location"] == taken["Location"]
    assert ReferralDraft.objects.filter(kind=Kind.NRM_CHILD).count() == 1
    assert (
        "Made from the hand-over"
        in officer.get(reverse("referrals:detail", args=[nrm.pk])).content.decode()
    )

    complete(police.officer, nrm)
    mark_ready(police.officer, nrm)
    submit(police.officer, nrm, timezone.now(), reference="NRM-2026-0001")

    # The school sees the outcome on its hand-over, the concern, and the chronology.
    assert hand_over.status == Status.ACCEPTED
    school = sign_in(story.lead)
    detail = school.get(reverse("referrals:detail", args=[hand_over.pk])).content.decode()
    assert "The first responder submitted the NRM referral" in detail
    assert "NRM-2026-0001" in detail
    outcome = ActionOutcome.objects.get(action=story.action("NRM_REFERRAL"))
    assert outcome.reference == "NRM-2026-0001"
    timeline = {
        (e.summary, e.organisation) for e in chronology(story.lead, story.child, {"referral"})
    }
    assert (
        "National Referral Mechanism referral (child): Submitted",
        police.force.name,
    ) in timeline
    # The school cannot open the police's own referral: only its hand-over.
    assert school.get(reverse("referrals:detail", args=[nrm.pk])).status_code == 404
    assert AuditEvent.objects.filter(
        object_id=str(story.child.pk), action="share", detail__organisation_id=police.force.pk
    ).exists()


def test_only_the_receiving_first_responder_takes_it_up_and_only_its_leads_decline_it() -> None:
    story = county_lines_story(shared=False)
    police = _police()
    hand_over = _handed_over(story, police)
    item = InboxItem.objects.get(draft=hand_over)
    with pytest.raises(PermissionDenied):
        take_up_hand_over(story.la_officer, item)  # the council was not chosen
    with pytest.raises(PermissionDenied):
        take_up_hand_over(story.lead, item)  # the school may not make it
    with pytest.raises(PermissionDenied):
        decide_received(
            police.officer, item, decision=ReceiverDecision.NO_FURTHER_ACTION, reason="x y z"
        )
    decide_received(
        police.lead,
        item,
        decision=ReceiverDecision.NO_FURTHER_ACTION,
        reason="Already referred to the NRM by Border Force last week",
    )
    assert hand_over.status == Status.DECLINED
    with pytest.raises(WrongStatus):  # the decision already stands
        take_up_hand_over(police.officer, item)


def test_a_duty_to_notify_is_handed_over_the_same_way() -> None:
    charity = OrganisationFactory(organisation_type=OrganisationType.THIRD_SECTOR)
    worker = UserFactory(organisation=charity, role=Role.SAFEGUARDING_LEAD)
    concern = adult_labour_concern(worker, consents_to_nrm=False)
    action = concern.actions.get(code="DUTY_TO_NOTIFY")
    # The charity is not under the s52 duty: the notice itself is not offered.
    with pytest.raises(PermissionDenied):
        start_referral(worker, action)
    police = _police()
    hand_over = start_hand_over(worker, action, police.force)
    assert hand_over.kind == Kind.DTN_HANDOVER
    complete(worker, hand_over)
    mark_ready(worker, hand_over)
    send_through_noddfa(worker, hand_over)
    item = InboxItem.objects.get(draft=hand_over)
    notice = take_up_hand_over(police.officer, item)
    assert notice.kind == Kind.DUTY_TO_NOTIFY
    assert notice.organisation == police.force
    # The charity's action stays open until the police makes the notice.
    assert not ActionOutcome.objects.filter(action=action).exists()
    complete(police.officer, notice, summary="Adult in forced labour at a car wash (synthetic).")
    mark_ready(police.officer, notice)
    submit(police.officer, notice, timezone.now(), reference="DTN-2026-7")
    assert hand_over.status == Status.ACCEPTED
    decided = hand_over.history().last()
    assert decided is not None and decided.decision == ReceiverDecision.NOTICE_SUBMITTED
    assert ActionOutcome.objects.get(action=action).reference == "DTN-2026-7"


def test_a_hand_over_to_a_first_responder_outside_noddfa_is_printed_and_recorded(
    sign_in: SignIn,
) -> None:
    story = county_lines_story(shared=False)
    draft = start_hand_over(story.lead, story.action("NRM_REFERRAL"), None)
    complete(story.lead, draft)
    mark_ready(story.lead, draft)
    page = sign_in(story.lead).get(reverse("referrals:detail", args=[draft.pk]))
    assert "Send through Noddfa" not in page.content.decode()
    assert page.context["submission_form"] is not None
    submit(story.lead, draft, timezone.now(), reference="Given to PC 1234")
    assert draft.status == Status.SUBMITTED
    assert not InboxItem.objects.exists()
