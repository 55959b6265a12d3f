"""Which nation's law applies to a concern follows from where the recording organisation works,
in one place (`accounts.areas.jurisdiction_of`), however the concern arrives: the same facts
from an English organisation get the England rule set on the web and through the API, and from
a Welsh one the Wales rule set (issue 14 item 15; DESIGN.md: rule sets per jurisdiction).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from factories import OrganisationFactory, PersonFactory, UserFactory
from noddfa.accounts.areas import LOCAL_AUTHORITY_AREAS, jurisdiction_of_area
from noddfa.accounts.models import User
from noddfa.api.models import Scope
from noddfa.api.services import issue_token
from noddfa.concerns.models import Concern

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]

_ON_THE_WEB = {
    "immediate_danger": "no",
    "observed_at": "2026-11-24T08:40",
    "observed_where": "School gate",
    "account": "Collected by a different adult each day; has new phones.",
    "action": ["recruitment", "transportation"],
    "purpose": ["criminal"],
    "missing_now": "no",
    "at_risk_of_going_missing": "not_known",
    "submit": "",
}
_THROUGH_THE_API = {
    "observed_at": "2026-11-24T08:40:00Z",
    "observed_where": "School gate",
    "immediate_danger": "no",
    "account": "Collected by a different adult each day; has new phones.",
    "facts": {
        "action": ["recruitment", "transportation"],
        "purpose": ["criminal"],
        "missing_now": False,
    },
}


def _api(user: User) -> APIClient:
    # Only a user with a second factor may hold a token, read-only unless widened (issue 17).
    TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "app"})
    key, _ = issue_token(user, rotate=True, scope=Scope.READ_WRITE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _record_on_the_web(sign_in: SignIn, user: User, child: Any) -> Concern:
    client = sign_in(user)
    draft_url = client.get("/concerns/new/", {"person": str(child.pk)})["Location"]
    response = client.post(draft_url, _ON_THE_WEB)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Concern.objects.filter(subject=child).latest("recorded_at")


def _record_through_the_api(user: User, child: Any, **facts: Any) -> Any:
    body = {**_THROUGH_THE_API, "subject": str(child.pk)}
    body["facts"] = {**body["facts"], **facts}
    return _api(user).post("/api/v1/concerns/", body, format="json")


def test_every_welsh_council_area_is_wales_and_england_is_england() -> None:
    for code, _label in LOCAL_AUTHORITY_AREAS:
        assert jurisdiction_of_area(code) == ("england" if code == "england" else "wales")
    with pytest.raises(ValueError):
        jurisdiction_of_area("narnia")


@pytest.mark.parametrize(("area", "nation"), [("england", "england"), ("cardiff", "wales")])
def test_the_same_facts_get_the_rule_set_of_the_organisations_nation_on_the_web_and_the_api(
    sign_in: SignIn, area: str, nation: str
) -> None:
    practitioner = UserFactory(organisation=OrganisationFactory(local_authority_area=area))
    child = PersonFactory(organisation=practitioner.organisation, date_of_birth=date(2011, 2, 3))
    on_the_web = _record_on_the_web(sign_in, practitioner, child)
    response = _record_through_the_api(practitioner, child)
    assert response.status_code == 201, response.content
    through_the_api = Concern.objects.get(pk=response.json()["id"])
    for concern in (on_the_web, through_the_api):
        assert concern.pathway_case["jurisdiction"] == nation
        assert concern.pathway_result["ruleset"].startswith(f"{nation}-")
    assert response.json()["pathway_result"]["ruleset"] == on_the_web.pathway_result["ruleset"]


def test_an_api_jurisdiction_that_disagrees_with_the_organisation_is_refused_naming_it() -> None:
    practitioner = UserFactory(organisation=OrganisationFactory(local_authority_area="england"))
    child = PersonFactory(organisation=practitioner.organisation, approximate_age=15)
    response = _record_through_the_api(practitioner, child, jurisdiction="wales")
    assert response.status_code == 400
    problem = response.json()
    assert problem["field"] == "facts.jurisdiction"
    assert "england" in problem["detail"]
    assert not Concern.objects.exists()


def test_an_api_jurisdiction_that_agrees_with_the_organisation_is_accepted() -> None:
    practitioner = UserFactory(organisation=OrganisationFactory(local_authority_area="swansea"))
    child = PersonFactory(organisation=practitioner.organisation, approximate_age=15)
    response = _record_through_the_api(practitioner, child, jurisdiction="wales")
    assert response.status_code == 201, response.content
    assert response.json()["pathway_result"]["ruleset"].startswith("wales-")
