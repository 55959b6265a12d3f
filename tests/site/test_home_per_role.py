"""Issue 18, item 6: home is a dashboard per role. A practitioner sees their own concerns and
their status, what waits on them, their tasks and their drafts named by the person, each with a
way to discard it; a local authority team sees its shared cases, pattern alerts and overdue
tasks; another organisation sees nothing new. The page costs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.concerns.models import Concern, ConcernDraft
from noddfa.concerns.services import review_concern
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _child_concern(by: User, **names: str) -> Concern:
    child = PersonFactory(
        organisation=by.organisation, created_by=by, date_of_birth=date(2012, 3, 4), **names
    )
    return make_concern(by, child, action=["recruitment"], purpose=["criminal"])


def _draft(by: User, **data: list[str]) -> ConcernDraft:
    return ConcernDraft.objects.create(
        author=by, organisation=by.organisation, data={"account": ["Half written"], **data}
    )


def test_a_practitioner_sees_their_concerns_tasks_and_named_drafts(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    _child_concern(practitioner, given_name="Minh", family_name="Tran")
    chosen = PersonFactory(organisation=practitioner.organisation, given_name="Alys")
    _draft(practitioner, subject=[str(chosen.pk)])
    _draft(practitioner, **{"person-given_name": ["Dafydd"], "person-family_name": ["Jones"]})
    _draft(practitioner)

    page = sign_in(practitioner).get("/").content.decode()

    assert "Concerns you recorded" in page
    assert "Minh Tran" in page
    assert ">Open<" in page
    assert "Your tasks" in page
    assert "Report a child at risk" in page
    assert "Alys" in page
    assert "Dafydd Jones" in page
    assert "No name yet" in page
    assert "Draft saved" not in page
    assert page.count(">Discard<span") == 3


def test_a_reviewed_concern_says_so() -> None:
    from noddfa.site.dashboard import my_recent_concerns

    practitioner = UserFactory()
    lead = UserFactory(organisation=practitioner.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_concern(practitioner)
    assert my_recent_concerns(practitioner)[0].state == "open"
    waiting = my_recent_concerns(practitioner)[0].waiting
    assert waiting >= 2
    review_concern(lead, concern, risk_level="high", risk_reason="Exploitation", decision="Refer")
    assert my_recent_concerns(practitioner)[0].state == "reviewed"
    assert my_recent_concerns(lead) == []


def test_discarding_a_draft_asks_first_then_is_audited(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    draft = _draft(practitioner, **{"person-given_name": ["Dafydd"]})
    client = sign_in(practitioner)

    confirm = client.get(f"/drafts/{draft.pk}/discard/")
    assert confirm.status_code == 200
    assert "Discard this draft?" in confirm.content.decode()
    assert ConcernDraft.objects.filter(pk=draft.pk).exists()

    response = client.post(f"/drafts/{draft.pk}/discard/")
    assert response.status_code == 302
    assert not ConcernDraft.objects.filter(pk=draft.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, object_id=str(draft.pk))
    assert event.detail["event"] == "draft_discarded"
    assert event.actor_id == practitioner.pk


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_draft_is_not_found(sign_in: SignIn, method: str) -> None:
    author = UserFactory()
    draft = _draft(author)
    for other in (
        UserFactory(organisation=author.organisation),
        UserFactory(organisation=author.organisation, role=Role.SAFEGUARDING_LEAD),
        UserFactory(role=Role.SAFEGUARDING_LEAD),
    ):
        response = getattr(sign_in(other), method)(f"/drafts/{draft.pk}/discard/")
        assert response.status_code == 404
    assert ConcernDraft.objects.filter(pk=draft.pk).exists()


def test_discarding_needs_a_signed_in_user() -> None:
    draft = _draft(UserFactory())
    response = Client().post(f"/drafts/{draft.pk}/discard/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    assert ConcernDraft.objects.filter(pk=draft.pk).exists()


def test_a_draft_that_became_a_concern_cannot_be_discarded(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    concern = _child_concern(practitioner)
    draft = _draft(practitioner)
    ConcernDraft.objects.filter(pk=draft.pk).update(concern=concern)
    assert sign_in(practitioner).post(f"/drafts/{draft.pk}/discard/").status_code == 404


def test_a_local_authority_team_sees_its_counts(sign_in: SignIn) -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    school_lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    concern = _child_concern(school_lead)
    share_with_organisation(
        school_lead, concern.subject, council, reason="Strategy", lawful_basis="safeguarding"
    )
    page = sign_in(team).get("/").content.decode()
    assert "1 case shared with your team" in page
    assert "0 open pattern alerts" in page
    assert "0 overdue tasks" in page
    assert 'id="inbox"' in page


def test_another_organisation_sees_nothing_new(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    _child_concern(practitioner, given_name="Minh", family_name="Tran")
    _draft(practitioner, **{"person-given_name": ["Dafydd"]})
    for outsider in (
        UserFactory(),
        UserFactory(role=Role.SAFEGUARDING_LEAD),
        UserFactory(
            organisation=OrganisationFactory(
                organisation_type=OrganisationType.LA_CHILDRENS_SERVICES
            ),
            role=Role.LA_SAFEGUARDING_TEAM,
        ),
    ):
        page = sign_in(outsider).get("/").content.decode()
        assert "Minh" not in page
        assert "Dafydd" not in page
        assert "Concerns you recorded" not in page
        assert "Your tasks" not in page
        assert "0 cases shared with your team" in page or "shared with your team" not in page


def test_the_home_page_records_one_read_when_it_shows_names(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    _child_concern(practitioner)
    client = sign_in(practitioner)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=practitioner).count()
    client.get("/")
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=practitioner)
    assert views.count() == before + 1
    assert views.order_by("-pk").first().detail["page"] == "home"  # type: ignore[union-attr]


def _busy(user: User, n: int) -> None:
    for i in range(n):
        _child_concern(user, given_name=f"Person{i}")
        _draft(user, **{"person-given_name": [f"Draft{i}"]})


# The cost of each role's home, whatever the number of rows: on SQLite 16, 18 and 21 queries
# (session, user and second factor included); PostgreSQL asks one more.
COSTS = {"practitioner": 17, "lead": 19, "la_team": 22}


@pytest.mark.parametrize("rows", [1, 4])
def test_a_practitioners_home_costs_the_same_for_few_or_many(
    sign_in: SignIn, rows: int, django_assert_max_num_queries: Callable[..., object]
) -> None:
    practitioner = UserFactory()
    _busy(practitioner, rows)
    client = sign_in(practitioner)
    with django_assert_max_num_queries(COSTS["practitioner"]):  # type: ignore[attr-defined]
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_a_leads_home_costs_the_same_for_few_or_many(
    sign_in: SignIn, rows: int, django_assert_max_num_queries: Callable[..., object]
) -> None:
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    _busy(UserFactory(organisation=lead.organisation), rows)
    _busy(lead, rows)
    client = sign_in(lead)
    with django_assert_max_num_queries(COSTS["lead"]):  # type: ignore[attr-defined]
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_a_local_authority_teams_home_costs_the_same_for_few_or_many(
    sign_in: SignIn, rows: int, django_assert_max_num_queries: Callable[..., object]
) -> None:
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    school_lead = UserFactory(role=Role.SAFEGUARDING_LEAD)
    for i in range(rows):
        concern = _child_concern(school_lead, given_name=f"Shared{i}")
        share_with_organisation(
            school_lead, concern.subject, council, reason="Strategy", lawful_basis="safeguarding"
        )
    _busy(team, rows)
    client = sign_in(team)
    with django_assert_max_num_queries(COSTS["la_team"]):  # type: ignore[attr-defined]
        assert client.get("/").status_code == 200


def test_in_welsh(sign_in: SignIn) -> None:
    practitioner = UserFactory()
    _child_concern(practitioner, given_name="Minh")
    _draft(practitioner)
    client = sign_in(practitioner)
    client.get("/language/cy/")
    page = client.get("/").content.decode()
    assert "Pryderon a gofnodwyd gennych" in page
    assert "Dim enw eto" in page
    assert "Taflu" in page
