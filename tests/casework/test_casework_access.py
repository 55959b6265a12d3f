"""Nobody outside the person's organisation and its multi-agency partners reads or writes
any of the casework; a record they may not see is answered exactly like a missing one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework_factories import make_episode, make_plan
from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditEvent
from noddfa.casework.models import AftercareReferral, ImmediateAction, Task
from noddfa.casework.services import refer_for_aftercare, schedule_task
from noddfa.people.models import LawfulBasis, Person
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


@pytest.fixture
def records(lead: User, child: Person) -> dict[str, str]:
    """Every kind of casework page about the child, by address."""
    version = make_plan(lead, child)
    episode = make_episode(lead, child)
    task = schedule_task(lead, child, "Strategy meeting", timezone.now() + timedelta(days=1), lead)
    referral = refer_for_aftercare(
        lead,
        child,
        service=None,
        service_name="Local youth project",
        referred_on=timezone.localdate(),
        reason="Mentoring",
    )
    person = f"/casework/people/{child.pk}"
    return {
        "person": f"{person}/",
        "plan_edit": f"{person}/safety-plan/",
        "report_missing": f"{person}/missing/",
        "new_task": f"{person}/tasks/new/",
        "aftercare": f"{person}/aftercare/",
        "transition": f"{person}/transition/",
        "close": f"{person}/close/",
        "reopen": f"{person}/reopen/",
        "plan": f"/casework/safety-plans/{version.plan_id}/",
        "carers": f"/casework/safety-plans/{version.plan_id}/for-carers/cy/",
        "episode": f"/casework/missing/{episode.pk}/",
        "return": f"/casework/missing/{episode.pk}/return/",
        "finish_task": f"/casework/tasks/{task.pk}/finish/",
        "aftercare_outcome": f"/casework/aftercare/{referral.pk}/outcome/",
    }


READ_PAGES = {"person", "plan", "carers", "episode"}
MISSING_PAGES = {"report_missing", "return"}


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, records: dict[str, str]) -> None:
    step = ImmediateAction.objects.get(step="call_101")
    for address in [*records.values(), "/casework/tasks/", "/casework/tasks/team/"]:
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/accounts/sign-in/"), address
    posted = client.post(f"/casework/missing/steps/{step.pk}/", {"done_at": "2026-01-01T10:00"})
    assert posted["Location"].startswith("/accounts/sign-in/")


def test_another_organisation_gets_not_found_everywhere_and_sees_nothing(
    sign_in: SignIn, outsider: User, records: dict[str, str]
) -> None:
    client = sign_in(outsider)
    for name, address in records.items():
        for response in (client.get(address), client.post(address, {"reason": "x"})):
            assert response.status_code == 404, name
            assert "Minh" not in response.content.decode(), name
    tasks = client.get("/casework/tasks/team/").content.decode()
    assert "Strategy meeting" not in tasks and "Minh" not in tasks
    step = ImmediateAction.objects.get(step="call_101")
    immediate = client.post(f"/casework/missing/steps/{step.pk}/", {"done_at": "2026-01-01T10:00"})
    assert immediate.status_code == 404
    step.refresh_from_db()
    assert step.done_at is None


def test_a_record_that_does_not_exist_looks_the_same_as_another_organisations(
    sign_in: SignIn, lead: User
) -> None:
    client = sign_in(lead)
    assert client.get(f"/casework/people/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/casework/missing/{uuid.uuid4()}/").status_code == 404


def test_a_practitioner_reads_and_reports_missing_but_does_not_manage(
    sign_in: SignIn, teacher: User, records: dict[str, str]
) -> None:
    client = sign_in(teacher)
    for name, address in records.items():
        status = client.get(address).status_code
        if name in READ_PAGES or name in MISSING_PAGES:
            assert status in (200, 302), name
        else:
            assert status == 403, name


def test_an_analyst_cannot_read_casework_at_all(
    sign_in: SignIn, organisation: object, records: dict[str, str]
) -> None:
    analyst = UserFactory(organisation=organisation, role=Role.PARTNERSHIP_ANALYST)
    client = sign_in(analyst)
    assert client.get(records["person"]).status_code == 404
    assert client.get("/casework/tasks/").status_code == 403


def test_a_partner_in_the_multi_agency_case_reads_and_works_in_its_own_case_file(
    sign_in: SignIn, lead: User, child: Person, records: dict[str, str]
) -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    social_worker = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    share_with_organisation(
        lead, child, council, reason="Strategy discussion", lawful_basis=LawfulBasis.SAFEGUARDING
    )
    client = sign_in(social_worker)
    for name in READ_PAGES:
        assert client.get(records[name]).status_code == 200, name
    assert "Local youth project" in client.get(records["person"]).content.decode()
    # The school's tasks stay the school's; the council's outcome form is for its own referrals.
    assert "Strategy meeting" not in client.get("/casework/tasks/team/").content.decode()
    assert client.get(records["aftercare_outcome"]).status_code == 403
    make_plan(social_worker, child, change_reason="Council's own plan")
    assert child.casefiles.count() == 2


def test_every_view_of_casework_is_audited_without_personal_details(
    sign_in: SignIn, lead: User, records: dict[str, str]
) -> None:
    client = sign_in(lead)
    before = AuditEvent.objects.filter(action="view").count()
    for name in READ_PAGES:
        client.get(records[name])
    assert AuditEvent.objects.filter(action="view").count() == before + len(READ_PAGES)
    details = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    for private in ("Minh", "Tran", "Bus station", "grey hoodie", "07700", "Mentoring"):
        assert private not in details
    assert not AuditEvent.objects.filter(object_id__icontains="Minh").exists()
    assert Task.objects.exists() and AftercareReferral.objects.exists()
