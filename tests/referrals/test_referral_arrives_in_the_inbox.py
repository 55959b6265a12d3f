"""A referral sent to an organisation that uses Noddfa arrives there (issue 18, item 1).

Tried end to end, a school lead named Cardiff Children's Services and recorded the submission
of a report of a child at risk; the council's Referrals page still said "There are no
referrals yet", the child was not in its People list, and its home page had no inbox. These
tests are that journey, and the attacks on it, across organisations."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.concerns.chronology import chronology
from noddfa.people.models import CaseMembership
from noddfa.referrals.models import InboxItem, ReceiverDecision, ReferralDraft, Status
from noddfa.referrals.services import (
    ReferralInvalid,
    WrongStatus,
    acknowledge_received,
    decide_received,
    mark_ready,
    send_through_noddfa,
)
from referral_factories import CountyLinesStory, complete, county_lines_story, submit

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes one writer at a time anyway"
)


def _ready_for_the_council(
    story: CountyLinesStory, code: str = "REPORT_CHILD_AT_RISK"
) -> ReferralDraft:
    """The school lead's report, naming the council's children's services, marked ready."""
    draft = story.start(code, by=story.lead)
    complete(story.lead, draft, story.children_services)
    mark_ready(story.lead, draft)
    return draft


def _item(draft: ReferralDraft) -> InboxItem:
    return InboxItem.objects.get(draft=draft)


def test_the_report_arrives_is_acknowledged_and_decided_and_the_school_sees_it(
    sign_in: SignIn,
) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    school = sign_in(story.lead)
    council = sign_in(story.la_officer)
    # Before: nothing at the council, as in the issue.
    assert "There are no referrals yet" in council.get(reverse("referrals:list")).content.decode()
    assert "Jac Evans" not in council.get(reverse("people:list")).content.decode()

    sent = school.post(reverse("referrals:send", args=[draft.pk]))
    assert sent.status_code == 302
    assert draft.status == Status.SUBMITTED

    # The council's inbox lists it, its People list has the child, its home page says so.
    item = _item(draft)
    assert item.receiver == story.children_services
    inbox = council.get(reverse("referrals:inbox")).content.decode()
    assert reverse("referrals:inbox_item", args=[item.pk]) in inbox
    assert "Report of a child at risk" in inbox
    assert draft.reference in council.get(reverse("referrals:list")).content.decode()
    assert "Jac Evans" in council.get(reverse("people:list")).content.decode()
    home = council.get(reverse("site:home")).content.decode()
    assert reverse("referrals:inbox") in home
    assert "1 referral sent to your organisation waits" in home
    menu = council.get(reverse("referrals:inbox")).content.decode()
    assert f'href="{reverse("referrals:inbox")}"' in menu

    page = council.get(reverse("referrals:inbox_item", args=[item.pk])).content.decode()
    assert "Acknowledge it" in page
    assert "Local authority decision on the report" in page  # the one-working-day decision

    assert council.post(reverse("referrals:inbox_acknowledge", args=[item.pk])).status_code == 302
    assert draft.status == Status.ACKNOWLEDGED
    decided = council.post(
        reverse("referrals:inbox_decide", args=[item.pk]),
        {"decision": ReceiverDecision.STRATEGY_DISCUSSION, "reason": ""},
    )
    assert decided.status_code == 302
    assert draft.status == Status.ACCEPTED

    # The school sees who acknowledged it and when, and the decision.
    detail = school.get(reverse("referrals:detail", args=[draft.pk])).content.decode()
    acknowledged = detail[detail.index('id="acknowledged"') :]
    assert story.la_officer.full_name in acknowledged[: acknowledged.index("</dd>")]
    assert "Strategy discussion or meeting" in detail
    concern_page = school.get(reverse("concerns:detail", args=[story.concern.pk])).content.decode()
    section = concern_page[concern_page.index('id="referrals"') :]
    assert "Accepted" in section[: section.index("</ul>")]
    timeline = school.get(reverse("concerns:chronology", args=[story.child.pk])).content.decode()
    assert "Report of a child at risk: Acknowledged" in timeline
    assert "Report of a child at risk: Accepted (Strategy discussion or meeting)" in timeline
    # ... and it reads as the council's step, not the school's.
    entries = chronology(story.lead, story.child, {"referral"})
    steps = {entry.summary: entry.organisation for entry in entries}
    assert steps["Report of a child at risk: Acknowledged"] == story.children_services.name
    # Nothing waits in the council's inbox any more.
    assert (
        "Nothing in your inbox waits for you." in council.get(reverse("site:home")).content.decode()
    )


def test_recording_the_submission_the_old_way_also_delivers_it() -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    submit(story.practitioner, draft, timezone.now(), reference="")
    assert _item(draft).receiver == story.children_services
    assert CaseMembership.objects.filter(
        organisation=story.children_services, case__people=story.child
    ).exists()


def test_every_share_made_by_a_submission_is_audited_and_in_the_chronology() -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.practitioner, draft)
    membership = CaseMembership.objects.get(
        organisation=story.children_services, case__people=story.child
    )
    assert membership.decided_by == story.practitioner
    assert membership.lawful_basis == "safeguarding"
    assert draft.reference in membership.reason
    shares = AuditEvent.objects.filter(action="share", object_id=str(story.child.pk))
    assert {e.detail["organisation_id"] for e in shares} == {
        story.school.pk,
        story.children_services.pk,
    }
    assert all(e.detail["referral"] == str(draft.pk) for e in shares)
    delivered = AuditEvent.objects.get(object_id=str(draft.pk), detail__event="referral_delivered")
    assert delivered.detail["receiver_id"] == story.children_services.pk
    # The audit detail names ids and codes, never the content.
    assert "Jac" not in str(delivered.detail) and "Jac" not in str([e.detail for e in shares])
    sharing = [e for e in chronology(story.lead, story.child, {"sharing"})]
    assert story.children_services.name in {e.organisation for e in sharing}
    assert any(draft.reference in e.summary for e in sharing)


def test_the_receiver_sees_what_the_referral_shared_and_nothing_else(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    # The school's other records: another child, and another referral about the same child.
    other_child = PersonFactory(organisation=story.school, created_by=story.practitioner)
    make_concern(story.practitioner, other_child)
    icta = story.prepare("ICTA_REFERRAL")
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    council = sign_in(story.la_officer)
    people = council.get(reverse("people:list")).content.decode()
    assert "Jac Evans" in people
    assert other_child.family_name not in people
    assert council.get(reverse("referrals:detail", args=[draft.pk])).status_code == 200
    assert council.get(reverse("referrals:detail", args=[icta.pk])).status_code == 404
    [only] = council.get(reverse("referrals:inbox")).context["items"]
    assert only.item.draft == draft
    assert council.get(reverse("site:person", args=[other_child.pk])).status_code == 404


def test_an_organisation_that_was_not_the_receiver_finds_nothing(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    item = _item(draft)
    elsewhere = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    stranger = sign_in(UserFactory(organisation=elsewhere, role=Role.LA_SAFEGUARDING_TEAM))
    assert stranger.get(reverse("referrals:inbox")).context["items"] == []
    assert stranger.get(reverse("referrals:inbox_item", args=[item.pk])).status_code == 404
    for name in (
        "referrals:inbox_acknowledge",
        "referrals:inbox_decide",
        "referrals:inbox_take_up",
    ):
        assert stranger.post(reverse(name, args=[item.pk])).status_code == 404, name
    # The sender itself reads the referral on its own page, not in an inbox.
    school = sign_in(story.lead)
    assert school.get(reverse("referrals:inbox_item", args=[item.pk])).status_code == 404
    assert draft.status == Status.SUBMITTED


def test_a_double_click_on_send_makes_one_inbox_item(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    school = sign_in(story.lead)
    first = school.post(reverse("referrals:send", args=[draft.pk]))
    second = school.post(reverse("referrals:send", args=[draft.pk]))
    assert first.status_code == second.status_code == 302
    assert InboxItem.objects.filter(draft=draft).count() == 1
    assert draft.status_changes.filter(status=Status.SUBMITTED).count() == 1
    page = school.get(second["Location"]).content.decode()
    assert "This referral is already submitted." in page


def test_a_double_click_on_record_the_submission_makes_one_inbox_item(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    school = sign_in(story.lead)
    posted = {"external_reference": "", "submitted_at": "2026-11-20T09:30", "channel": "portal"}
    url = reverse("referrals:submitted", args=[draft.pk])
    assert school.post(url, posted).status_code == 302
    assert school.post(url, posted).status_code == 302
    assert InboxItem.objects.filter(draft=draft).count() == 1
    assert draft.status_changes.filter(status=Status.SUBMITTED).count() == 1


def test_a_practitioner_of_the_receiver_cannot_acknowledge_or_decide(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    item = _item(draft)
    practitioner = UserFactory(organisation=story.children_services, role=Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        decide_received(practitioner, item, decision=ReceiverDecision.STRATEGY_DISCUSSION)
    with pytest.raises(PermissionDenied):
        acknowledge_received(practitioner, item)
    client = sign_in(practitioner)
    page = client.get(reverse("referrals:inbox_item", args=[item.pk])).content.decode()
    assert "Record your decision" not in page
    refused = client.post(
        reverse("referrals:inbox_decide", args=[item.pk]),
        {"decision": ReceiverDecision.STRATEGY_DISCUSSION},
    )
    assert refused.status_code == 403
    assert draft.status == Status.SUBMITTED


def test_no_further_action_needs_a_reason_and_the_school_reads_it(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    item = _item(draft)
    with pytest.raises(ReferralInvalid):
        decide_received(story.la_officer, item, decision=ReceiverDecision.NO_FURTHER_ACTION)
    council = sign_in(story.la_officer)
    refused = council.post(
        reverse("referrals:inbox_decide", args=[item.pk]),
        {"decision": ReceiverDecision.NO_FURTHER_ACTION, "reason": " "},
    )
    assert refused.status_code == 200
    assert "Give the reason for no further action" in refused.content.decode()
    decide_received(
        story.la_officer,
        item,
        decision=ReceiverDecision.NO_FURTHER_ACTION,
        reason="Already known to the team; added to the open plan",
    )
    # Deciding acknowledges it first, so the school sees both.
    assert [c.status for c in draft.history()][-2:] == [Status.ACKNOWLEDGED, Status.DECLINED]
    detail = sign_in(story.lead).get(reverse("referrals:detail", args=[draft.pk])).content.decode()
    assert "No further action: Already known to the team; added to the open plan" in detail
    # Not a refusal, and not shown as one: the school's tags, the council's too, say what
    # was decided, in grey, on every page that shows the referral's status.
    pages = [
        sign_in(story.lead).get(reverse("referrals:list")).content.decode(),
        detail,
        sign_in(story.lead)
        .get(reverse("concerns:detail", args=[draft.concern_id]))
        .content.decode(),
        council.get(reverse("referrals:inbox")).content.decode(),
        council.get(reverse("referrals:inbox_item", args=[item.pk])).content.decode(),
    ]
    for page in pages:
        assert '<strong class="govuk-tag govuk-tag--grey">No further action</strong>' in page
        assert "Declined</strong>" not in page
    # A second decision is refused: the first stands (a stale page, a colleague, a double click).
    with pytest.raises(WrongStatus):
        decide_received(story.la_officer, item, decision=ReceiverDecision.STRATEGY_DISCUSSION)
    again = council.post(
        reverse("referrals:inbox_decide", args=[item.pk]),
        {"decision": ReceiverDecision.STRATEGY_DISCUSSION},
    )
    assert again.status_code == 409


def test_no_acknowledgement_after_seven_working_days_shows_as_late_to_the_school(
    sign_in: SignIn,
) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    school = sign_in(story.lead)
    url = reverse("referrals:detail", args=[draft.pk])
    assert "Late" not in school.get(url).content.decode()
    # Fifteen calendar days later: more than seven working days, whatever the holidays.
    InboxItem.objects.filter(draft=draft).update(received_at=timezone.now() - timedelta(days=15))
    page = school.get(url).content.decode()
    acknowledged = page[page.index('id="acknowledged"') :]
    acknowledged = acknowledged[: acknowledged.index("</dd>")]
    assert "Not yet" in acknowledged and "Late" in acknowledged
    assert "No acknowledgement within 7 working days" in acknowledged
    acknowledge_received(story.la_officer, _item(draft))
    assert "Late" not in school.get(url).content.decode()


def test_a_receiver_outside_noddfa_works_as_before() -> None:
    story = county_lines_story(shared=False)
    draft = story.prepare("REPORT_CHILD_AT_RISK", by=story.lead)
    mark_ready(story.lead, draft)
    submit(story.lead, draft, timezone.now(), reference="LA-OUTSIDE-1")
    assert draft.status == Status.SUBMITTED
    assert not InboxItem.objects.exists()
    assert not CaseMembership.objects.filter(organisation=story.children_services).exists()
    with pytest.raises(WrongStatus):
        send_through_noddfa(story.lead, draft)


def test_the_receiving_body_is_picked_from_organisations_of_the_right_kind(
    sign_in: SignIn,
) -> None:
    story = county_lines_story(shared=False)
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE, name="Heddlu Test")
    school_two = OrganisationFactory(organisation_type=OrganisationType.SCHOOL, name="Ysgol Arall")
    draft = story.start("REPORT_CHILD_AT_RISK")
    page = sign_in(story.practitioner).get(reverse("referrals:edit", args=[draft.pk]))
    choices = {str(org) for org in page.context["form"].fields["receiving_body"].queryset}
    assert story.children_services.name in choices
    assert police.name in choices
    assert school_two.name not in choices


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_simultaneous_clicks_on_send_make_one_inbox_item_and_one_share(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    browser = sign_in(story.lead)
    url = reverse("referrals:send", args=[draft.pk])
    clicks = 6
    start = threading.Barrier(clicks)
    answers: list[int] = []
    problems: list[BaseException] = []

    def click() -> None:
        try:
            tab = Client()
            tab.cookies = browser.cookies
            start.wait()
            answers.append(tab.post(url).status_code)
        except BaseException as problem:
            problems.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert answers == [302] * clicks
    assert InboxItem.objects.filter(draft=draft).count() == 1
    assert draft.status_changes.filter(status=Status.SUBMITTED).count() == 1
    assert (
        CaseMembership.objects.filter(
            organisation=story.children_services, case__people=story.child
        ).count()
        == 1
    )


def test_the_referrer_cannot_answer_for_a_receiver_in_noddfa(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    school = sign_in(story.lead)
    acknowledged = school.post(
        reverse("referrals:acknowledged", args=[draft.pk]),
        {"acknowledged_at": "2026-11-25T10:00"},
    )
    assert acknowledged.status_code == 403
    decided = school.post(
        reverse("referrals:response", args=[draft.pk]),
        {"accepted": "yes", "responded_at": "2026-11-25T10:00"},
    )
    assert decided.status_code == 403
    assert draft.status == Status.SUBMITTED


def test_an_icta_referral_arrives_at_the_guardian_service_which_offers_support() -> None:
    story = county_lines_story(shared=False)
    guardians = OrganisationFactory(
        organisation_type=OrganisationType.THIRD_SECTOR, name="Guardian service (test)"
    )
    lead = UserFactory(organisation=guardians, role=Role.SAFEGUARDING_LEAD)
    draft = _ready_for_the_council(story, "ICTA_REFERRAL")
    # The ICTG service is no local authority: any organisation in Noddfa may receive one.
    complete(story.lead, draft, guardians)
    mark_ready(story.lead, draft)
    send_through_noddfa(story.lead, draft)
    item = _item(draft)
    assert item.receiver == guardians
    with pytest.raises(ReferralInvalid):
        decide_received(lead, item, decision=ReceiverDecision.STRATEGY_DISCUSSION)
    decide_received(lead, item, decision=ReceiverDecision.SUPPORT_OFFERED)
    assert draft.status == Status.ACCEPTED
    assert draft.action is not None and draft.action.outcomes.exists()


def _referrals_section(page: str) -> str:
    section = page[page.index('id="referrals"') :]
    return section[: section.index("</ul>")]


def test_the_concern_page_says_when_the_report_is_late_and_then_what_was_decided(
    sign_in: SignIn,
) -> None:
    story = county_lines_story(shared=False)
    draft = _ready_for_the_council(story)
    send_through_noddfa(story.lead, draft)
    school = sign_in(story.lead)
    url = reverse("concerns:detail", args=[story.concern.pk])
    assert "Late" not in _referrals_section(school.get(url).content.decode())
    InboxItem.objects.filter(draft=draft).update(received_at=timezone.now() - timedelta(days=15))
    late = _referrals_section(school.get(url).content.decode())
    assert "Late" in late
    assert "has not acknowledged it within 7 working days" in late
    acknowledge_received(story.la_officer, _item(draft))
    decide_received(
        story.la_officer,
        _item(draft),
        decision=ReceiverDecision.NO_FURTHER_ACTION,
        reason="Family moved out of the area; passed to their new council.",
    )
    decided = _referrals_section(school.get(url).content.decode())
    assert "Late" not in decided
    assert "Family moved out of the area" in decided
    assert story.children_services.name in decided
