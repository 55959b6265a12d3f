"""Issue 18, item 6: an action's "who" is told from the reader's side. The practitioner who
recorded the concern reads "You"; a lead of that organisation reads "You" on the lead's actions
and "The practitioner who recorded this (name)" on the practitioner's; the local authority team
reads "You (your team)" on its own actions and is never told to tell social services; anyone
else reads the local authority by name once the case is shared with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import OrganisationType, Role, User
from noddfa.concerns.action_who import Reader, Recorded, who_for
from noddfa.concerns.models import Concern
from noddfa.people.services import share_with_organisation

SignIn = Callable[[User], Client]

RECORDED = Recorded(
    recorded_by_id=1,
    recorder_name="Ifan Teacher",
    organisation_id=10,
    organisation_name="Ysgol Demo",
)
RECORDER = Reader(user_id=1, role=Role.PRACTITIONER, organisation_id=10, organisation_type="school")
COLLEAGUE = Reader(
    user_id=2, role=Role.PRACTITIONER, organisation_id=10, organisation_type="school"
)
LEAD = Reader(
    user_id=3, role=Role.SAFEGUARDING_LEAD, organisation_id=10, organisation_type="school"
)
COUNCIL = Reader(
    user_id=4,
    role=Role.LA_SAFEGUARDING_TEAM,
    organisation_id=20,
    organisation_type=OrganisationType.LA_CHILDRENS_SERVICES,
)
POLICE_LEAD = Reader(
    user_id=5, role=Role.SAFEGUARDING_LEAD, organisation_id=30, organisation_type="police"
)


@pytest.mark.parametrize(
    ("code", "reader", "expected"),
    [
        ("practitioner", RECORDER, "You"),
        ("practitioner", COLLEAGUE, "The practitioner who recorded this (Ifan Teacher)"),
        ("practitioner", LEAD, "The practitioner who recorded this (Ifan Teacher)"),
        ("practitioner", COUNCIL, "The practitioner who recorded this (Ifan Teacher)"),
        ("safeguarding_lead", LEAD, "You"),
        ("safeguarding_lead", RECORDER, "Your safeguarding lead"),
        ("safeguarding_lead", POLICE_LEAD, "The safeguarding lead at Ysgol Demo"),
        ("local_authority", COUNCIL, "You (your team)"),
        ("local_authority", RECORDER, "The local authority (social services)"),
        ("anyone", LEAD, "Anyone"),
    ],
)
def test_who_for_each_reader(code: str, reader: Reader, expected: str) -> None:
    assert who_for(code, reader, RECORDED) == expected


def test_the_local_authority_is_named_where_known() -> None:
    known = Recorded(
        recorded_by_id=1,
        recorder_name="Ifan Teacher",
        organisation_id=10,
        organisation_name="Ysgol Demo",
        local_authority="Cardiff Children's Services",
    )
    assert who_for("local_authority", RECORDER, known) == "Cardiff Children's Services"
    assert who_for("local_authority", COUNCIL, known) == "You (your team)"


# The whole page ----------------------------------------------------------------------------


def _child_concern(by: User) -> Concern:
    child = PersonFactory(
        organisation=by.organisation, created_by=by, date_of_birth=date(2012, 3, 4)
    )
    return make_concern(by, child, action=["recruitment"], purpose=["criminal"])


def _whos(client: Client, concern: Concern) -> dict[str, str]:
    response = client.get(f"/concerns/{concern.pk}/")
    assert response.status_code == 200
    return {row["action"].code: row["who"] for row in response.context["rows"]}


@pytest.mark.django_db
def test_the_concern_page_says_you_to_the_recorder_and_names_them_to_the_lead(
    sign_in: SignIn,
) -> None:
    recorder = UserFactory(full_name="Ifan Teacher")
    lead = UserFactory(organisation=recorder.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_concern(recorder)

    mine = _whos(sign_in(recorder), concern)
    assert mine["REPORT_CHILD_AT_RISK"] == "You"
    assert mine["INFORM_SAFEGUARDING_LEAD"] == "You"

    leads = _whos(sign_in(lead), concern)
    assert leads["REPORT_CHILD_AT_RISK"] == "The practitioner who recorded this (Ifan Teacher)"
    assert (
        "You (the practitioner)"
        not in sign_in(lead).get(f"/concerns/{concern.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_a_lead_reads_you_on_the_leads_actions(sign_in: SignIn) -> None:
    recorder = UserFactory()
    lead = UserFactory(organisation=recorder.organisation, role=Role.SAFEGUARDING_LEAD)
    concern = _child_concern(recorder)
    # The rule sets give the lead an action for an adult at risk of going missing; the page
    # reads whatever the rule set says through the same function.
    action = concern.actions.get(code="REPORT_CHILD_AT_RISK")
    type(action).objects.filter(pk=action.pk).update(who="safeguarding_lead")
    assert _whos(sign_in(lead), concern)["REPORT_CHILD_AT_RISK"] == "You"
    assert _whos(sign_in(recorder), concern)["REPORT_CHILD_AT_RISK"] == "Your safeguarding lead"


@pytest.fixture
def shared(db: None) -> dict[str, Any]:
    school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    council = OrganisationFactory(
        name="Cardiff Children's Services",
        organisation_type=OrganisationType.LA_CHILDRENS_SERVICES,
    )
    recorder = UserFactory(organisation=school, full_name="Ifan Teacher")
    lead = UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)
    team = UserFactory(organisation=council, role=Role.LA_SAFEGUARDING_TEAM)
    concern = _child_concern(recorder)
    share_with_organisation(
        lead, concern.subject, council, reason="Strategy discussion", lawful_basis="safeguarding"
    )
    return {"recorder": recorder, "lead": lead, "team": team, "concern": concern}


def test_the_local_authority_team_is_never_told_to_tell_social_services(
    shared: dict[str, Any], sign_in: SignIn
) -> None:
    client = sign_in(shared["team"])
    whos = _whos(client, shared["concern"])
    assert whos["STRATEGY_DISCUSSION"] == "You (your team)"
    assert whos["REPORT_CHILD_AT_RISK"] == "The practitioner who recorded this (Ifan Teacher)"
    page = client.get(f"/concerns/{shared['concern'].pk}/").content.decode()
    assert "The local authority (social services)" not in page
    assert "You (the practitioner)" not in page


def test_others_read_the_local_authority_by_name(shared: dict[str, Any], sign_in: SignIn) -> None:
    whos = _whos(sign_in(shared["recorder"]), shared["concern"])
    assert whos["STRATEGY_DISCUSSION"] == "Cardiff Children's Services"


def test_in_welsh() -> None:
    from django.utils import translation

    with translation.override("cy"):
        assert who_for("practitioner", RECORDER, RECORDED) == "Chi"
        assert who_for("local_authority", COUNCIL, RECORDED) == "Chi (eich tîm)"
        assert who_for("safeguarding_lead", RECORDER, RECORDED) == "Eich arweinydd diogelu"
