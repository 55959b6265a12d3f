"""Issue 17, item 7: an organisation admin manages accounts, not cases.

The attack that worked: the school's organisation admin read the child's person page, the
concern, the chronology and the casework page, and recorded the outcome of a statutory action.
An admin who is not also a practitioner or lead now gets the answer a stranger gets (404, or
403 where the page refuses the whole role), through the pages and the API, and writes nothing;
they still reach the accounts, the audit trail and training compliance.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from factories import UserFactory
from noddfa.accounts.models import Role, User
from noddfa.api.models import Scope
from noddfa.api.services import issue_token
from noddfa.concerns.models import ActionOutcome
from noddfa.site.navigation import menu_for
from referral_factories import CountyLinesStory, county_lines_story

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
REFUSED = (403, 404)


@pytest.fixture
def story() -> CountyLinesStory:
    return county_lines_story()


@pytest.fixture
def admin(story: CountyLinesStory) -> User:
    return UserFactory(organisation=story.school, role=Role.ORGANISATION_ADMIN)


def _api(user: User) -> APIClient:
    cache.clear()
    TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "app"})
    key, _ = issue_token(user, rotate=True, scope=Scope.READ_WRITE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _pages(story: CountyLinesStory) -> dict[str, str]:
    child, concern = story.child.pk, story.concern.pk
    return {
        "person": f"/people/{child}/",
        "concern": f"/concerns/{concern}/",
        "chronology": f"/concerns/people/{child}/chronology/",
        "chronology pdf": f"/concerns/people/{child}/chronology.pdf",
        "casework": f"/casework/people/{child}/",
        "referral list": "/referrals/",
        "people list": "/people/",
        "tasks": "/casework/tasks/",
    }


@pytest.mark.parametrize(
    "page",
    [
        "person",
        "concern",
        "chronology",
        "chronology pdf",
        "casework",
        "people list",
        "tasks",
    ],
)
def test_the_admin_is_refused_every_case_page(
    sign_in: SignIn, story: CountyLinesStory, admin: User, page: str
) -> None:
    path = _pages(story)[page]
    # The same page answers the school's practitioner, so the refusal is about the role.
    assert sign_in(story.practitioner).get(path).status_code == 200
    response = sign_in(admin).get(path)
    assert response.status_code in REFUSED
    # The refusal page names nobody (the address it echoes, in the language link, is the
    # admin's own request).
    body = response.content.decode(errors="replace")
    assert "Evans" not in body
    # As a word: the page's random CSRF token can hold the letters J, a, c in a row.
    assert not re.search(r"\bJac\b", body)


def test_the_admin_referral_list_names_nobody(
    sign_in: SignIn, story: CountyLinesStory, admin: User
) -> None:
    draft = story.start("REPORT_CHILD_AT_RISK")
    assert str(draft.pk) in sign_in(story.practitioner).get("/referrals/").content.decode()
    response = sign_in(admin).get("/referrals/")
    body = response.content.decode(errors="replace")
    assert str(draft.pk) not in body
    assert "Evans" not in body


def test_the_admin_is_refused_the_referral_list(sign_in: SignIn, admin: User) -> None:
    assert sign_in(admin).get("/referrals/").status_code in REFUSED


def test_the_admin_is_refused_the_referral_itself(
    sign_in: SignIn, story: CountyLinesStory, admin: User
) -> None:
    draft = story.start("REPORT_CHILD_AT_RISK")
    assert sign_in(story.practitioner).get(f"/referrals/{draft.pk}/").status_code == 200
    response = sign_in(admin).get(f"/referrals/{draft.pk}/")
    assert response.status_code in REFUSED
    assert "Evans" not in response.content.decode(errors="replace")


@pytest.mark.parametrize("endpoint", ["people", "person", "concern", "chronology", "referrals"])
def test_the_admin_is_refused_case_content_through_the_api(
    story: CountyLinesStory, admin: User, endpoint: str
) -> None:
    child, concern = story.child.pk, story.concern.pk
    path = {
        "people": "/api/v1/people/",
        "person": f"/api/v1/people/{child}/",
        "concern": f"/api/v1/concerns/{concern}/",
        "chronology": f"/api/v1/people/{child}/chronology/",
        "referrals": "/api/v1/referrals/",
    }[endpoint]
    assert _api(story.practitioner).get(path).status_code == 200
    response = _api(admin).get(path)
    assert response.status_code in REFUSED
    body = response.content.decode()
    assert "Evans" not in body
    assert str(child) not in body


def test_the_admin_cannot_search_people_through_the_api(
    story: CountyLinesStory, admin: User
) -> None:
    response = _api(admin).post("/api/v1/people/search/", {"text": "Evans"}, format="json")
    assert response.status_code in REFUSED
    assert "Evans" not in response.content.decode()


def test_the_admin_cannot_record_an_action_outcome(
    sign_in: SignIn, story: CountyLinesStory, admin: User
) -> None:
    action = story.concern.actions.first()
    assert action is not None
    before = ActionOutcome.objects.count()
    response = sign_in(admin).post(
        f"/concerns/actions/{action.pk}/",
        {"status": "done", "happened_at": "2026-11-24T10:00", "reference": "X1"},
    )
    assert response.status_code in REFUSED
    assert ActionOutcome.objects.count() == before
    assert not ActionOutcome.objects.filter(recorded_by=admin).exists()


@pytest.mark.parametrize(
    "path", ["/accounts/users/", "/audit/", "/training/organisation/", "/training/"]
)
def test_the_admin_still_runs_the_organisation(
    sign_in: SignIn, admin: User, story: CountyLinesStory, path: str
) -> None:
    assert sign_in(admin).get(path).status_code == 200


def test_the_admin_still_enters_the_local_authority_contacts(
    sign_in: SignIn, admin: User, story: CountyLinesStory
) -> None:
    path = f"/accounts/organisations/{story.school.pk}/local-authority/"
    assert sign_in(admin).get(path).status_code == 200


def test_the_admin_menu_offers_accounts_not_cases(admin: User) -> None:
    request = RequestFactory().get("/")
    request.user = admin
    offered = {str(item.text) for item in menu_for(request)}
    assert {"Users", "Audit trail", "Training"} <= offered
    assert not offered & {"People", "Record a concern", "Referrals", "Tasks", "Review concerns"}
