"""Onward sharing (issue 17, item 9), written as the attack that worked.

The police, brought into the school's case, shared the school's child onward with another
organisation with the reason "x", and that organisation then read the school's concern. Now
only the holder (the organisation that recorded the person) shares with whom it may; an
organisation that received the person shares onward only with a local authority safeguarding
team, with a real reason, and the holder's safeguarding leads are told.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.core.errors import RuleBroken
from noddfa.core.models import OutboxMail
from noddfa.people.models import CaseMembership, LawfulBasis, Person
from noddfa.people.permissions import can_view_person
from noddfa.people.services import share_with_organisation

pytestmark = pytest.mark.django_db

REASON = "Strategy discussion about possible criminal exploitation"
ONWARD = "The police need children's services at a strategy discussion this week"
NAME = "Oluwaseun"


@pytest.fixture
def world() -> dict[str, Any]:
    school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE)
    council = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    charity = OrganisationFactory(organisation_type=OrganisationType.THIRD_SECTOR)
    other_school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    teacher = UserFactory(organisation=school)
    school_lead = UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)
    person = PersonFactory(organisation=school, created_by=teacher, given_name=NAME)
    concern = make_concern(teacher, person)
    share_with_organisation(
        school_lead, person, police, reason=REASON, lawful_basis=LawfulBasis.SAFEGUARDING
    )
    OutboxMail.objects.all().delete()  # the concern's own alert is not what is tested here
    return {
        "school": school,
        "police": police,
        "council": council,
        "charity": charity,
        "other_school": other_school,
        "teacher": teacher,
        "school_lead": school_lead,
        "former_lead": UserFactory(
            organisation=school, role=Role.SAFEGUARDING_LEAD, is_active=False
        ),
        "police_lead": UserFactory(organisation=police, role=Role.SAFEGUARDING_LEAD),
        "council_team": UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM),
        "charity_lead": UserFactory(organisation=charity, role=Role.SAFEGUARDING_LEAD),
        "other_lead": UserFactory(organisation=other_school, role=Role.SAFEGUARDING_LEAD),
        "person": person,
        "concern": concern,
    }


def _share_page(client: Client, person: Person, organisation_id: int, reason: str) -> Any:
    return client.post(
        f"/people/{person.pk}/share/",
        {
            "organisation": organisation_id,
            "lawful_basis": LawfulBasis.SAFEGUARDING,
            "reason": reason,
        },
    )


def _reads_the_concern(sign_in: Callable[[User], Client], user: User, w: dict[str, Any]) -> bool:
    response = sign_in(user).get(f"/concerns/{w['concern'].pk}/")
    return response.status_code == 200 and NAME in response.content.decode()


# The attack: a non-holder shares the school's child with someone other than the LA team.


@pytest.mark.parametrize("to", ["charity", "other_school"])
def test_a_non_holder_cannot_share_the_schools_child_with_another_organisation(
    world: dict[str, Any], sign_in: Callable[[User], Client], to: str
) -> None:
    w = world
    with pytest.raises(PermissionError):
        share_with_organisation(
            w["police_lead"], w["person"], w[to], reason=REASON, lawful_basis="safeguarding"
        )
    page = _share_page(sign_in(w["police_lead"]), w["person"], w[to].pk, REASON)
    assert page.status_code != 302
    reader = w["charity_lead"] if to == "charity" else w["other_lead"]
    assert not can_view_person(reader, w["person"])
    assert not _reads_the_concern(sign_in, reader, w)
    assert not CaseMembership.objects.filter(organisation=w[to]).exists()


def test_the_la_team_that_received_the_child_cannot_pass_it_on_to_a_charity(
    world: dict[str, Any],
) -> None:
    w = world
    share_with_organisation(
        w["police_lead"], w["person"], w["council"], reason=ONWARD, lawful_basis="safeguarding"
    )
    with pytest.raises(PermissionError):
        share_with_organisation(
            w["council_team"], w["person"], w["charity"], reason=REASON, lawful_basis="safeguarding"
        )
    assert not can_view_person(w["charity_lead"], w["person"])


# What a non-holder may do: the LA team, a real reason, and the holder is told.


def test_a_non_holder_may_share_with_the_la_team_and_the_holders_leads_are_told(
    world: dict[str, Any], sign_in: Callable[[User], Client]
) -> None:
    w = world
    police = sign_in(w["police_lead"])
    form = police.get(f"/people/{w['person'].pk}/share/")
    assert form.status_code == 200
    assert "does not hold this record" in form.content.decode()
    response = _share_page(police, w["person"], w["council"].pk, ONWARD)
    assert response.status_code == 302
    assert can_view_person(w["council_team"], w["person"])

    told = OutboxMail.objects.all()
    assert [mail.recipient for mail in told] == [w["school_lead"].email]
    (mail,) = told
    # Only that there is something to read and where: no name, no reason, no organisation.
    assert NAME not in mail.body + mail.subject
    assert ONWARD not in mail.body
    assert w["council"].name not in mail.body
    assert f"/people/{w['person'].pk}/" in mail.body

    # The holder sees the decision on its view of the person and in the chronology.
    school = sign_in(w["school_lead"])
    page = school.get(f"/people/{w['person'].pk}/").content.decode()
    assert w["council"].name in page
    assert ONWARD.replace("'", "&#x27;") in page
    chronology = school.get(f"/concerns/people/{w['person'].pk}/chronology/").content.decode()
    assert ONWARD.replace("'", "&#x27;") in chronology


def test_the_holder_is_not_told_again_when_nothing_new_was_shared(
    world: dict[str, Any],
) -> None:
    w = world
    for _ in range(2):
        share_with_organisation(
            w["police_lead"], w["person"], w["council"], reason=ONWARD, lawful_basis="safeguarding"
        )
    assert OutboxMail.objects.count() == 1


# A reason must be a reason.

SHAM_REASONS = [
    "x",
    "ok",
    "Concern",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "a a a a a a a a a a a a a a a a",
    "asdf asdf asdf asdf asdf asdf",
    "..........................",
    "1234567890 1234567890 1234567890",
]


@pytest.mark.parametrize("reason", SHAM_REASONS)
def test_a_sham_reason_is_refused_on_the_form(
    world: dict[str, Any], sign_in: Callable[[User], Client], reason: str
) -> None:
    w = world
    for user in (w["police_lead"], w["school_lead"]):
        response = _share_page(sign_in(user), w["person"], w["council"].pk, reason)
        assert response.status_code == 200
        assert "in a sentence of your own" in response.content.decode()
    assert not can_view_person(w["council_team"], w["person"])
    assert not OutboxMail.objects.exists()


@pytest.mark.parametrize("reason", SHAM_REASONS)
def test_a_sham_reason_for_onward_sharing_is_refused_in_the_service(
    world: dict[str, Any], reason: str
) -> None:
    w = world
    with pytest.raises(RuleBroken) as refused:
        share_with_organisation(
            w["police_lead"], w["person"], w["council"], reason=reason, lawful_basis="safeguarding"
        )
    assert set(refused.value.errors) == {"reason"}
    assert not can_view_person(w["council_team"], w["person"])
    assert not OutboxMail.objects.exists()


def test_a_real_reason_passes_in_either_language() -> None:
    from noddfa.people.sharing import reason_problem

    assert reason_problem(REASON) is None
    assert reason_problem("Mae angen i’r tîm wybod am y plentyn hwn") is None
    assert reason_problem("   ") is not None


def test_the_refusal_is_in_welsh_for_a_welsh_reader() -> None:
    from noddfa.people.sharing import reason_problem

    english = reason_problem("x")
    with translation.override("cy"):
        welsh = reason_problem("x")
    assert english and welsh and english != welsh


# The holder's own sharing still works.


def test_the_holders_sharing_still_works(
    world: dict[str, Any], sign_in: Callable[[User], Client]
) -> None:
    w = world
    response = _share_page(sign_in(w["school_lead"]), w["person"], w["council"].pk, REASON)
    assert response.status_code == 302
    assert can_view_person(w["council_team"], w["person"])
    assert _reads_the_concern(sign_in, w["council_team"], w)
    # The holder is not told of its own decision.
    assert not OutboxMail.objects.exists()
    share_with_organisation(
        w["school_lead"], w["person"], w["charity"], reason=REASON, lawful_basis="safeguarding"
    )
    assert can_view_person(w["charity_lead"], w["person"])


# Nobody else can use any of it.


@pytest.mark.parametrize("who", ["other_lead", "charity_lead", "teacher", "council_team"])
def test_another_organisation_or_role_cannot_share(
    world: dict[str, Any], sign_in: Callable[[User], Client], who: str
) -> None:
    w = world
    user = w[who]
    with pytest.raises(PermissionError):
        share_with_organisation(
            user, w["person"], w["council"], reason=REASON, lawful_basis="safeguarding"
        )
    client = sign_in(user)
    page = client.get(f"/people/{w['person'].pk}/share/")
    assert page.status_code == (403 if who == "teacher" else 404)
    posted = _share_page(client, w["person"], w["council"].pk, REASON)
    assert posted.status_code == (403 if who == "teacher" else 404)
    assert not can_view_person(w["council_team"], w["person"])
    assert not OutboxMail.objects.exists()
