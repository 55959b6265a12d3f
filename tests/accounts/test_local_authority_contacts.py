"""Every report action shows how to reach the body that receives it (issue 14, "The referral
documents carry what the real forms ask").

A report of a child at risk goes to the local authority's children's services, a report of an
adult at risk to its adult services, and out of hours to its emergency duty team (SSWBA 2014
s130 and s128; Wales Safeguarding Procedures C2 and A2, sources.md#ref-4). The organisation admin
enters them once; every practitioner then sees them beside the action and in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import LocalAuthorityContacts, Organisation, Role, User
from noddfa.accounts.services import (
    LocalAuthorityDetails,
    StaleContacts,
    save_local_authority_contacts,
)
from noddfa.accounts.templatetags.local_authority import tel_href
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.referrals.services import start_referral

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], Client]

CARDIFF = LocalAuthorityDetails(
    local_authority_name="Cardiff Council (test)",
    childrens_services_phone="029 2018 0901",
    childrens_services_email="plant.prawf@example.org",
    adult_services_phone="029 2018 0902",
    adult_services_email="oedolion.prawf@example.org",
    out_of_hours_phone="029 2018 0903",
)


def _page(organisation: Organisation) -> str:
    return f"/accounts/organisations/{organisation.pk}/local-authority/"


def _posted(details: LocalAuthorityDetails, revision: int) -> dict[str, str]:
    return {**details.__dict__, "revision": str(revision)}


def _admin_of(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, role=Role.ORGANISATION_ADMIN)


def _configured(organisation: Organisation) -> LocalAuthorityContacts:
    return save_local_authority_contacts(_admin_of(organisation), organisation, CARDIFF, revision=0)


def test_the_organisation_admin_enters_the_local_authority_contacts(sign_in: SignIn) -> None:
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    client = sign_in(admin)
    page = client.get(_page(organisation))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Local authority contacts" in body
    assert "Out-of-hours emergency duty team telephone" in body
    assert 'name="csrfmiddlewaretoken"' in body
    response = client.post(_page(organisation), _posted(CARDIFF, 0))
    assert response.status_code == 302
    saved = LocalAuthorityContacts.objects.get(organisation=organisation)
    assert saved.childrens_services_phone == "029 2018 0901"
    assert saved.out_of_hours_phone == "029 2018 0903"
    assert saved.updated_by == admin
    assert saved.revision == 1
    event = AuditEvent.objects.get(object_id=str(saved.pk))
    assert (event.action, event.actor_id, event.organisation_id) == (
        AuditAction.CREATE,
        admin.pk,
        organisation.pk,
    )


def test_the_page_is_in_welsh_for_a_welsh_reader(sign_in: SignIn) -> None:
    organisation = OrganisationFactory()
    client = sign_in(_admin_of(organisation))
    client.get(f"/language/cy/?next={_page(organisation)}")
    body = client.get(_page(organisation)).content.decode()
    assert "Cysylltiadau’r awdurdod lleol" in body
    assert "Rhif ffôn y tîm dyletswydd brys y tu allan i oriau" in body


def test_a_save_without_the_csrf_token_is_refused(sign_in: SignIn) -> None:
    organisation = OrganisationFactory()
    client = sign_in(_admin_of(organisation))
    client.handler.enforce_csrf_checks = True  # as a browser's request is checked
    response = client.post(_page(organisation), _posted(CARDIFF, 0))
    assert response.status_code == 403
    assert not LocalAuthorityContacts.objects.exists()


def test_a_telephone_number_that_is_not_one_is_refused_naming_the_field(
    sign_in: SignIn,
) -> None:
    organisation = OrganisationFactory()
    client = sign_in(_admin_of(organisation))
    posted = {**_posted(CARDIFF, 0), "out_of_hours_phone": "ring the council"}
    response = client.post(_page(organisation), posted)
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert 'href="#id_out_of_hours_phone"' in body
    assert "Enter a telephone number, like 029 2018 0123" in body
    assert not LocalAuthorityContacts.objects.exists()


def test_a_practitioner_cannot_change_the_contacts(sign_in: SignIn) -> None:
    organisation = OrganisationFactory()
    _configured(organisation)
    practitioner = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    client = sign_in(practitioner)
    assert client.get(_page(organisation)).status_code == 403
    changed = {**_posted(CARDIFF, 1), "out_of_hours_phone": "020 7946 0999"}
    assert client.post(_page(organisation), changed).status_code == 403
    assert LocalAuthorityContacts.objects.get().out_of_hours_phone == "029 2018 0903"
    with pytest.raises(PermissionDenied):
        save_local_authority_contacts(practitioner, organisation, CARDIFF, revision=1)


def test_the_admin_of_another_organisation_can_neither_read_nor_change_them(
    sign_in: SignIn,
) -> None:
    organisation_a = OrganisationFactory()
    _configured(organisation_a)
    admin_b = _admin_of(OrganisationFactory())
    client = sign_in(admin_b)
    page = client.get(_page(organisation_a))
    assert page.status_code == 403
    assert "029 2018 0903" not in page.content.decode()
    changed = {**_posted(CARDIFF, 1), "out_of_hours_phone": "020 7946 0999"}
    assert client.post(_page(organisation_a), changed).status_code == 403
    assert LocalAuthorityContacts.objects.get().out_of_hours_phone == "029 2018 0903"
    with pytest.raises(PermissionDenied):
        save_local_authority_contacts(admin_b, organisation_a, CARDIFF, revision=1)


def test_a_stale_save_is_refused_and_shows_what_is_saved_now(sign_in: SignIn) -> None:
    organisation = OrganisationFactory()
    first, second = _admin_of(organisation), _admin_of(organisation)
    save_local_authority_contacts(first, organisation, CARDIFF, revision=0)
    # Both open the page at revision 1; the first saves a new out-of-hours number.
    newer = LocalAuthorityDetails(**{**CARDIFF.__dict__, "out_of_hours_phone": "020 7946 0111"})
    save_local_authority_contacts(first, organisation, newer, revision=1)
    older = {**_posted(CARDIFF, 1), "adult_services_phone": "029 2018 0999"}
    response = sign_in(second).post(_page(organisation), older)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed these contacts after you opened this page" in body
    assert "020 7946 0111" in body  # what is saved now
    saved = LocalAuthorityContacts.objects.get()
    assert (saved.revision, saved.out_of_hours_phone, saved.adult_services_phone) == (
        2,
        "020 7946 0111",
        "029 2018 0902",
    )
    with pytest.raises(StaleContacts):
        save_local_authority_contacts(second, organisation, CARDIFF, revision=1)
    # Saving again from the refreshed page, knowingly, replaces it.
    again = {**older, "revision": re.search(r'name="revision" value="(\d+)"', body)[1]}  # type: ignore[index]
    assert sign_in(second).post(_page(organisation), again).status_code == 302
    assert LocalAuthorityContacts.objects.get().adult_services_phone == "029 2018 0999"


def test_a_report_of_a_child_at_risk_shows_childrens_services_and_out_of_hours(
    sign_in: SignIn,
) -> None:
    organisation = OrganisationFactory()
    _configured(organisation)
    practitioner = UserFactory(organisation=organisation)
    child = PersonFactory(organisation=organisation, approximate_age=15)
    concern = make_concern(practitioner, child, action=["recruitment"], purpose=["criminal"])
    assert concern.actions.filter(code="REPORT_CHILD_AT_RISK").exists()
    body = sign_in(practitioner).get(f"/concerns/{concern.pk}/").content.decode()
    block = _contacts_block(body, "children")
    assert "Report to Cardiff Council (test) children’s services" in block
    assert '<a class="govuk-link" href="tel:+442920180901">029 2018 0901</a>' in block
    assert 'href="mailto:plant.prawf@example.org"' in block
    assert '<a class="govuk-link" href="tel:+442920180903">029 2018 0903</a>' in block
    assert "029 2018 0902" not in block  # adult services are not for this report
    assert body.count("data-report-contacts=") == 1  # beside that action only


def test_a_report_of_an_adult_at_risk_shows_adult_services_and_out_of_hours(
    sign_in: SignIn,
) -> None:
    organisation = OrganisationFactory()
    _configured(organisation)
    practitioner = UserFactory(organisation=organisation)
    adult = PersonFactory(organisation=organisation, approximate_age=40)
    concern = make_concern(
        practitioner,
        adult,
        action=["harbouring"],
        purpose=["criminal"],
        care_and_support_needs=True,
        unable_to_protect_self=True,
    )
    assert concern.actions.filter(code="REPORT_ADULT_AT_RISK").exists()
    body = sign_in(practitioner).get(f"/concerns/{concern.pk}/").content.decode()
    block = _contacts_block(body, "adults")
    assert "Report to Cardiff Council (test) adult services" in block
    assert 'href="tel:+442920180902"' in block
    assert 'href="mailto:oedolion.prawf@example.org"' in block
    assert 'href="tel:+442920180903"' in block


def test_the_report_of_a_child_at_risk_itself_shows_how_to_reach_childrens_services(
    sign_in: SignIn,
) -> None:
    organisation = OrganisationFactory()
    _configured(organisation)
    practitioner = UserFactory(organisation=organisation)
    child = PersonFactory(organisation=organisation, approximate_age=15)
    concern = make_concern(practitioner, child, action=["recruitment"], purpose=["criminal"])
    draft = start_referral(practitioner, concern.actions.get(code="REPORT_CHILD_AT_RISK"))
    body = sign_in(practitioner).get(f"/referrals/{draft.pk}/").content.decode()
    block = _contacts_block(body, "children")
    assert 'href="tel:+442920180901"' in block
    assert 'href="tel:+442920180903"' in block


def test_with_no_contacts_the_practitioner_is_told_whom_to_call_and_who_adds_them(
    sign_in: SignIn,
) -> None:
    organisation = OrganisationFactory(name="Ysgol Prawf")
    practitioner = UserFactory(organisation=organisation)
    child = PersonFactory(organisation=organisation, approximate_age=15)
    concern = make_concern(practitioner, child, action=["recruitment"], purpose=["criminal"])
    body = sign_in(practitioner).get(f"/concerns/{concern.pk}/").content.decode()
    block = _contacts_block(body, "children")
    assert "Ysgol Prawf has not added its local authority’s contacts to Noddfa yet." in block
    assert "Outside office hours, telephone its emergency duty team." in block
    assert "If anyone is in immediate danger, call 999." in block
    assert "The organisation admin can add them: Users, then Local authority contacts." in block


def test_the_admin_is_pointed_to_the_page_where_the_contacts_are_added(sign_in: SignIn) -> None:
    organisation = OrganisationFactory()
    body = sign_in(_admin_of(organisation)).get("/accounts/users/").content.decode()
    assert f'href="{_page(organisation)}"' in body


def test_a_tel_link_dials_the_number_in_international_form() -> None:
    assert tel_href("029 2018 0101") == "tel:+442920180101"
    assert tel_href("+44 (0)20 7946 0203".replace("(0)", "")) == "tel:+442079460203"
    assert tel_href("0044 29 2018 0101") == "tel:+442920180101"


def test_the_demo_organisations_have_synthetic_contacts_that_ring_nowhere() -> None:
    call_command("demo_data", stdout=StringIO())
    contacts = list(LocalAuthorityContacts.objects.select_related("organisation"))
    assert {c.organisation_id for c in contacts} == set(
        Organisation.objects.values_list("pk", flat=True)
    )
    drama = re.compile(r"^(029 2018 0\d{3}|020 7946 0\d{3})$")
    for item in contacts:
        assert item.is_synthetic and "synthetic" in item.local_authority_name
        for phone in (
            item.childrens_services_phone,
            item.adult_services_phone,
            item.out_of_hours_phone,
        ):
            assert drama.match(phone), phone
        for email in (item.childrens_services_email, item.adult_services_email):
            assert email.endswith("@example.org")


def _contacts_block(body: str, audience: str) -> str:
    start = body.index(f'data-report-contacts="{audience}"')
    return body[start : body.index("</div>", start)]
