"""Who can open a referral: its organisation, and a receiving body in a shared case; for
everyone else it does not exist."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.people.models import LawfulBasis
from noddfa.people.services import share_with_organisation
from noddfa.referrals.models import ReferralDraft
from noddfa.referrals.services import update_draft
from referral_factories import CountyLinesStory, county_lines_story

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]

READ_VIEWS = ("referrals:detail", "referrals:pdf", "referrals:json", "referrals:copy")
EDIT_VIEWS = ("referrals:edit",)
POST_VIEWS = (
    "referrals:submitted",
    "referrals:confirmed",
    "referrals:acknowledged",
    "referrals:response",
    "referrals:decision",
)


def _named(story: CountyLinesStory) -> ReferralDraft:
    draft = story.start("REPORT_CHILD_AT_RISK")
    update_draft(story.practitioner, draft, draft.data, story.children_services)
    return draft


def _every_request(draft: ReferralDraft) -> list[tuple[str, str]]:
    requests = [("get", reverse(name, args=[draft.pk])) for name in READ_VIEWS + EDIT_VIEWS]
    requests += [("post", reverse(name, args=[draft.pk])) for name in POST_VIEWS]
    requests.append(("get", reverse("referrals:consent", args=[draft.concern_id])))
    requests.append(("post", reverse("referrals:start", args=[draft.action_id])))
    return requests


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    draft = _named(county_lines_story())
    client = Client()
    for method, url in [
        *_every_request(draft),
        ("get", reverse("referrals:list")),
        ("get", reverse("referrals:policy")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/sign-in/"), url


def test_another_organisation_gets_404_exactly_like_a_missing_record(sign_in: SignIn) -> None:
    draft = _named(county_lines_story())
    stranger = sign_in(UserFactory(role=Role.SAFEGUARDING_LEAD))
    for method, url in _every_request(draft):
        assert getattr(stranger, method)(url).status_code == 404, url
    missing = reverse("referrals:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert stranger.get(missing).status_code == 404
    assert not AuditEvent.objects.filter(object_id=str(draft.pk), action="view").exists()


def test_the_receiving_body_in_the_shared_case_can_read_but_not_edit(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = _named(story)
    client = sign_in(story.la_officer)
    for name in READ_VIEWS:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 200, name
    assert client.get(reverse("referrals:edit", args=[draft.pk])).status_code == 403
    assert draft.reference in client.get(reverse("referrals:list")).content.decode()


def test_a_receiving_body_not_in_a_shared_case_sees_nothing(sign_in: SignIn) -> None:
    story = county_lines_story(shared=False)
    draft = _named(story)
    client = sign_in(story.la_officer)
    for name in READ_VIEWS:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    assert draft.reference not in client.get(reverse("referrals:list")).content.decode()


def test_a_case_member_not_named_as_receiving_body_sees_nothing(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = _named(story)
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE)
    share_with_organisation(
        story.lead,
        story.child,
        police,
        reason="Possible criminal exploitation (synthetic)",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )
    officer = sign_in(UserFactory(organisation=police, role=Role.SAFEGUARDING_LEAD))
    for name in READ_VIEWS:
        assert officer.get(reverse(name, args=[draft.pk])).status_code == 404, name


def test_an_analyst_in_the_same_organisation_sees_no_referral(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = _named(story)
    analyst = sign_in(UserFactory(organisation=story.school, role=Role.PARTNERSHIP_ANALYST))
    for name in READ_VIEWS:
        assert analyst.get(reverse(name, args=[draft.pk])).status_code == 404, name


def test_an_organisation_admin_neither_reads_nor_changes_a_referral(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = _named(story)
    admin = sign_in(UserFactory(organisation=story.school, role=Role.ORGANISATION_ADMIN))
    assert admin.get(reverse("referrals:detail", args=[draft.pk])).status_code == 404
    assert admin.get(reverse("referrals:edit", args=[draft.pk])).status_code == 404
    started = admin.post(reverse("referrals:start", args=[draft.action_id]))
    assert started.status_code == 404


def test_only_an_organisation_admin_opens_the_policy_page(sign_in: SignIn) -> None:
    story = county_lines_story()
    assert sign_in(story.lead).get(reverse("referrals:policy")).status_code == 403
    admin = UserFactory(organisation=story.school, role=Role.ORGANISATION_ADMIN)
    client = sign_in(admin)
    assert client.get(reverse("referrals:policy")).status_code == 200
    response = client.post(reverse("referrals:policy"), {"nrm_submission_requires_training": "on"})
    assert response.status_code == 302
    assert story.school.referral_policy.nrm_submission_requires_training


def test_reading_and_downloading_are_audited_with_ids_only(sign_in: SignIn) -> None:
    story = county_lines_story()
    draft = _named(story)
    client = sign_in(story.practitioner)
    client.get(reverse("referrals:detail", args=[draft.pk]))
    client.get(reverse("referrals:pdf", args=[draft.pk]))
    view = AuditEvent.objects.get(object_id=str(draft.pk), action="view")
    export = AuditEvent.objects.get(object_id=str(draft.pk), action="export")
    assert view.detail == {"page": "referral", "kind": "child_at_risk"}
    assert export.detail == {"event": "referral_exported", "kind": "child_at_risk", "format": "pdf"}


def test_personal_data_never_appears_in_a_referral_address(sign_in: SignIn) -> None:
    story = county_lines_story()
    client = sign_in(story.practitioner)
    response = client.post(reverse("referrals:start", args=[story.action("ICTA_REFERRAL").pk]))
    location = response["Location"]
    assert "Jac" not in location and "Evans" not in location
    assert response["Location"].startswith("/referrals/")
    pdf = client.get(reverse("referrals:pdf", args=[ReferralDraft.objects.get().pk]))
    assert "Evans" not in pdf["Content-Disposition"]
