"""Exporting a person's record for a lawful transfer: who may, what it holds, and the audit."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.site.transfer import Transfer, export_for_transfer
from referral_factories import CountyLinesStory, county_lines_story

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _url(story: CountyLinesStory) -> str:
    return f"/people/{story.child.pk}/transfer/"


def _choices(receiving: Organisation, file_format: str = "json") -> dict[str, str]:
    return {
        "receiving_organisation": str(receiving.pk),
        "lawful_basis": "safeguarding",
        "reason": "moved_area",
        "file_format": file_format,
    }


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    story = county_lines_story()
    response = Client().get(_url(story))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_a_practitioner_may_see_the_record_but_not_hand_it_over(sign_in: SignIn) -> None:
    story = county_lines_story()
    assert sign_in(story.practitioner).get(_url(story)).status_code == 403


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.LA_SAFEGUARDING_TEAM])
def test_another_organisation_gets_404_exactly_like_a_missing_record(
    sign_in: SignIn, role: str
) -> None:
    story = county_lines_story()
    outsider = UserFactory(role=role)
    assert sign_in(outsider).get(_url(story)).status_code == 404
    response = sign_in(outsider).post(_url(story), _choices(OrganisationFactory()))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_missing_choice_is_named_in_the_error_summary(sign_in: SignIn) -> None:
    story = county_lines_story()
    response = sign_in(story.lead).post(_url(story), {"file_format": "json"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose the organisation receiving the record" in html
    assert "Choose the lawful basis for the transfer" in html


def test_the_json_export_holds_the_record_and_chronology_and_is_audited(sign_in: SignIn) -> None:
    story = county_lines_story()
    receiving = OrganisationFactory(name="Cyngor Sir Powys", local_authority_area="powys")
    response = sign_in(story.lead).post(_url(story), _choices(receiving))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Evans" not in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["format"] == "noddfa-person-transfer/1"
    assert document["person"]["family_name"] == "Evans"
    assert document["person"]["postcode"] == "CF11 7AB"
    assert document["transfer"]["receiving_organisation"] == "Cyngor Sir Powys"
    assert document["transfer"]["lawful_basis"] == "safeguarding"
    assert [c["id"] for c in document["concerns"]] == [str(story.concern.pk)]
    assert "concern" in {entry["kind"] for entry in document["chronology"]}

    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=story.lead)
    assert event.object_id == str(story.child.pk)
    assert event.detail == {
        "purpose": "transfer",
        "format": "json",
        "lawful_basis": "safeguarding",
        "reason": "moved_area",
        "receiving_organisation": receiving.pk,
    }


def test_the_pdf_export_is_a_pdf_and_is_audited(sign_in: SignIn) -> None:
    story = county_lines_story()
    response = sign_in(story.lead).post(_url(story), _choices(OrganisationFactory(), "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).detail["format"] == "pdf"


def test_the_local_authority_in_the_shared_case_may_hand_the_record_on(sign_in: SignIn) -> None:
    story = county_lines_story()
    next_area = OrganisationFactory(organisation_type=OrganisationType.LA_CHILDRENS_SERVICES)
    response = sign_in(story.la_officer).post(_url(story), _choices(next_area))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["exported_by"]["organisation"] == story.children_services.name


def test_an_organisation_that_does_not_hold_the_child_cannot_hand_it_to_a_school(
    sign_in: SignIn,
) -> None:
    """Handing a record over is sharing it: the council, which received the school's child,
    passes it on only to a local authority team (issue 17, item 9)."""
    story = county_lines_story()
    school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    client = sign_in(story.la_officer)
    assert school.name not in client.get(_url(story)).content.decode()
    refused = client.post(_url(story), _choices(school))
    assert refused.status_code == 200  # the choice is not offered: the form says so
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    with pytest.raises(PermissionError):
        export_for_transfer(
            story.la_officer,
            story.child,
            Transfer(school, "safeguarding", "moved_area"),
            file_format="json",
        )


def test_the_person_page_offers_the_export_only_to_roles_that_may_share(sign_in: SignIn) -> None:
    story = county_lines_story()
    link = f'href="/people/{story.child.pk}/transfer/"'
    assert link in sign_in(story.lead).get(f"/people/{story.child.pk}/").content.decode()
    assert (
        link not in sign_in(story.practitioner).get(f"/people/{story.child.pk}/").content.decode()
    )


def test_the_export_keeps_advice_that_was_later_retracted_and_every_pathway_run(
    sign_in: SignIn,
) -> None:
    # Nothing lost: a lawful transfer carries the whole record, not only the current advice.
    from noddfa.concerns.services import rerun_pathway

    story = county_lines_story()
    rerun_pathway(
        story.lead,
        story.concern,
        changes={"elements.action": [], "elements.purpose": [], "indicators": []},
        reason="The account was about another child",
    )
    receiving = OrganisationFactory(name="Cyngor Sir Powys", local_authority_area="powys")
    document = json.loads(sign_in(story.lead).post(_url(story), _choices(receiving)).content)
    (concern,) = document["concerns"]
    retracted = [a for a in concern["actions"] if a["retracted_at"]]
    assert "NRM_REFERRAL" in {a["code"] for a in retracted}
    assert all(a["retracted_reason"] for a in retracted)
    assert [run["number"] for run in concern["pathway_runs"]] == [1, 2]
