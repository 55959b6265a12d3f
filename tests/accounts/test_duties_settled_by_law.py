"""Who is a first responder and an s52 public authority follows from the law, not a flag.

Sources: sources.md#ref-3-1 (the first responder organisations on the Home Office NRM form:
police forces, British Transport Police, local authorities, the NCA, the GLAA, the Fair Work
Agency, Border Force and Immigration Enforcement, and named charities) and 3.3 (MSA 2015
s52(5): chief officers of police, British Transport Police, the NCA, county and district
councils, the GLAA; schools, the NHS and charities are not specified). DESIGN.md: "The law
settles duties"; issue 14 item 5.
"""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.forms import modelform_factory

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.duties import duties_of, is_first_responder, is_s52_public_authority
from noddfa.accounts.models import Organisation, OrganisationType, Role
from noddfa.accounts.services import change_organisation, register_organisation
from noddfa.pathway import load_vocabulary
from noddfa.referrals.models import Kind, ReferralDraft
from noddfa.referrals.permissions import can_submit, may_offer
from noddfa.referrals.services import start_referral
from noddfa.training.catalogue import FIRST_RESPONDER
from noddfa.training.selectors import compliance

pytestmark = pytest.mark.django_db

# An adult recruited by deception and threats for forced labour, who refuses an NRM referral:
# an s52 public authority must notify the Home Office anonymously (sources.md#ref-3-3).
_ADULT_REFUSING_THE_NRM = {
    "action": ["recruitment", "harbouring"],
    "means": ["deception", "threat"],
    "purpose": ["labour"],
    "consents_to_nrm": False,
}


def _adult_refusing_the_nrm_reported_by(organisation: Organisation) -> tuple[object, object]:
    officer = UserFactory(organisation=organisation, role=Role.PRACTITIONER)
    adult = PersonFactory(organisation=organisation, created_by=officer, approximate_age=36)
    return officer, make_concern(officer, adult, **_ADULT_REFUSING_THE_NRM)


def test_every_organisation_type_is_one_the_pathway_vocabulary_settles_or_leaves_open() -> None:
    vocabulary = set(load_vocabulary().organisation_types)
    assert set(OrganisationType.values) == vocabulary


@pytest.mark.parametrize(
    ("kind", "first_responder", "s52"),
    [
        (OrganisationType.POLICE, True, True),
        (OrganisationType.BRITISH_TRANSPORT_POLICE, True, True),
        (OrganisationType.NATIONAL_CRIME_AGENCY, True, True),
        (OrganisationType.GLAA, True, True),
        (OrganisationType.HOME_OFFICE, True, True),
        (OrganisationType.LA_CHILDRENS_SERVICES, True, True),
        (OrganisationType.LA_ADULT_SERVICES, True, True),
        (OrganisationType.FIRST_RESPONDER_CHARITY, True, False),
        (OrganisationType.SCHOOL, False, False),
        (OrganisationType.HEALTH_BOARD, False, False),
        (OrganisationType.HOSPITAL, False, False),
        (OrganisationType.BUSINESS, False, False),
    ],
)
def test_the_law_wins_over_whatever_flags_were_stored(
    kind: str, first_responder: bool, s52: bool
) -> None:
    for stored in (True, False):
        organisation = OrganisationFactory(
            organisation_type=kind, first_responder=stored, s52_public_authority=stored
        )
        duties = duties_of(organisation)
        assert (duties.first_responder, duties.s52_public_authority) == (first_responder, s52)


def test_a_flag_fills_only_what_the_law_leaves_open() -> None:
    charity = OrganisationFactory(organisation_type=OrganisationType.THIRD_SECTOR)
    for first_responder in (True, False):
        charity.first_responder = first_responder
        charity.s52_public_authority = True  # the law says a charity never is
        assert is_first_responder(charity) is first_responder
        assert is_s52_public_authority(charity) is False
    # Fair Work Agency: a first responder since 2026; whether the GLAA's s52 duty passed to it
    # is not settled (sources.md#ref-3-1, marked U), so its own flag says.
    agency = OrganisationFactory(organisation_type=OrganisationType.FAIR_WORK_AGENCY)
    assert is_first_responder(agency) is True
    assert is_s52_public_authority(agency) is False
    agency.s52_public_authority = True
    assert is_s52_public_authority(agency) is True


def test_police_force_registered_with_default_flags_can_prepare_duty_to_notify() -> None:
    police = Organisation.objects.create(
        name="Heddlu Prawf",
        organisation_type=OrganisationType.POLICE,
        local_authority_area="swansea",
    )
    assert (police.first_responder, police.s52_public_authority) == (False, False)
    officer, concern = _adult_refusing_the_nrm_reported_by(police)
    assert concern.pathway_case["referrer"]["s52_public_authority"] is True
    action = concern.actions.get(code="DUTY_TO_NOTIFY")
    assert action.for_referrer is True
    assert may_offer(Kind.DUTY_TO_NOTIFY, police)
    draft = start_referral(officer, action)
    assert draft.kind == Kind.DUTY_TO_NOTIFY
    assert ReferralDraft.objects.filter(organisation=police, kind=Kind.DUTY_TO_NOTIFY).exists()


def test_police_force_registered_with_default_flags_may_submit_an_nrm_referral() -> None:
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE)
    officer = UserFactory(organisation=police, role=Role.PRACTITIONER)
    draft = ReferralDraft(kind=Kind.NRM_ADULT, organisation=police)
    assert can_submit(officer, draft)


def test_school_wrongly_flagged_s52_is_not_told_it_must_notify() -> None:
    school = OrganisationFactory(
        organisation_type=OrganisationType.SCHOOL, first_responder=True, s52_public_authority=True
    )
    teacher, concern = _adult_refusing_the_nrm_reported_by(school)
    referrer = concern.pathway_case["referrer"]
    assert (referrer["first_responder"], referrer["s52_public_authority"]) == (False, False)
    assert not concern.actions.filter(code="DUTY_TO_NOTIFY", for_referrer=True).exists()
    assert not may_offer(Kind.DUTY_TO_NOTIFY, school)
    duty = concern.actions.filter(code="DUTY_TO_NOTIFY").first()
    if duty is not None:  # listed as someone else's step, never the school's to prepare
        with pytest.raises(PermissionDenied):
            start_referral(teacher, duty)


def test_a_police_force_gets_the_first_responder_course_whatever_its_flag() -> None:
    from datetime import date

    police = OrganisationFactory(organisation_type=OrganisationType.POLICE)
    member = UserFactory(organisation=police)
    keys = {row.course.key for row in compliance(police, date(2026, 6, 1)) if row.member == member}
    assert FIRST_RESPONDER in keys


def test_british_transport_police_are_police_for_the_organised_crime_course() -> None:
    from datetime import date

    from noddfa.training.catalogue import ORGANISED_CRIME

    force = OrganisationFactory(organisation_type=OrganisationType.BRITISH_TRANSPORT_POLICE)
    member = UserFactory(organisation=force)
    keys = {row.course.key for row in compliance(force, date(2026, 6, 1)) if row.member == member}
    assert {FIRST_RESPONDER, ORGANISED_CRIME} <= keys


@pytest.mark.parametrize(
    ("kind", "flags", "field"),
    [
        (OrganisationType.POLICE, {"first_responder": False}, "first_responder"),
        (OrganisationType.POLICE, {"s52_public_authority": False}, "s52_public_authority"),
        (OrganisationType.SCHOOL, {"s52_public_authority": True}, "s52_public_authority"),
        (OrganisationType.HEALTH_BOARD, {"first_responder": True}, "first_responder"),
        (OrganisationType.THIRD_SECTOR, {"s52_public_authority": True}, "s52_public_authority"),
        (
            OrganisationType.FIRST_RESPONDER_CHARITY,
            {"s52_public_authority": True},
            "s52_public_authority",
        ),
    ],
)
def test_registering_an_organisation_with_a_flag_that_contradicts_the_law_is_refused(
    kind: str, flags: dict[str, bool], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        register_organisation(
            name="Contradiction", organisation_type=kind, local_authority_area="cardiff", **flags
        )
    assert set(refused.value.message_dict) == {field}
    assert "must be" in refused.value.message_dict[field][0]
    assert not Organisation.objects.filter(name="Contradiction").exists()


def test_registering_without_flags_stores_the_laws_answer() -> None:
    police, created = register_organisation(
        name="Heddlu Dyfed-Powys (prawf)", organisation_type="police", local_authority_area="powys"
    )
    assert created
    assert (police.first_responder, police.s52_public_authority) == (True, True)
    charity, _ = register_organisation(
        name="Elusen Prawf",
        organisation_type=OrganisationType.THIRD_SECTOR,
        local_authority_area="swansea",
        first_responder=True,
    )
    assert (charity.first_responder, charity.s52_public_authority) == (True, False)


def test_an_organisation_form_refuses_a_contradicting_flag_naming_the_field() -> None:
    # Any form built on the model, as an admin form is, runs the model's own check.
    form_class = modelform_factory(
        Organisation,
        fields=[
            "name",
            "organisation_type",
            "local_authority_area",
            "first_responder",
            "s52_public_authority",
        ],
    )
    form = form_class(
        {
            "name": "Ysgol Prawf",
            "organisation_type": OrganisationType.SCHOOL,
            "local_authority_area": "cardiff",
            "s52_public_authority": "on",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"s52_public_authority"}
    assert "section 52" in form.errors["s52_public_authority"][0]


def test_changing_the_type_brings_the_law_for_the_new_type() -> None:
    organisation = OrganisationFactory(organisation_type=OrganisationType.OTHER)
    changed = change_organisation(organisation, organisation_type=OrganisationType.POLICE)
    assert (changed.first_responder, changed.s52_public_authority) == (True, True)


def test_editing_a_flag_to_contradict_the_law_is_refused_and_changes_nothing() -> None:
    police = OrganisationFactory(
        organisation_type=OrganisationType.POLICE, first_responder=True, s52_public_authority=True
    )
    with pytest.raises(ValidationError) as refused:
        change_organisation(police, s52_public_authority=False)
    assert set(refused.value.message_dict) == {"s52_public_authority"}
    police.refresh_from_db()
    assert police.s52_public_authority is True


def test_the_organisation_command_names_the_flag_it_refuses() -> None:
    with pytest.raises(CommandError, match=r"--s52: .*must be no"):
        call_command(
            "organisation", "register", "Ysgol Prawf", "--type", "school", "--area", "cardiff",
            "--s52", "yes", stdout=StringIO(),
        )  # fmt: skip
    out = StringIO()
    call_command(
        "organisation", "register", "Heddlu Prawf", "--type", "police", "--area", "cardiff",
        stdout=out,
    )  # fmt: skip
    assert "first responder yes, section 52 yes" in out.getvalue()


def test_existing_organisations_flags_are_set_to_the_laws_answer_by_the_migration() -> None:
    police = OrganisationFactory(organisation_type=OrganisationType.POLICE)
    school = OrganisationFactory(
        organisation_type=OrganisationType.SCHOOL, first_responder=True, s52_public_authority=True
    )
    charity = OrganisationFactory(
        organisation_type=OrganisationType.THIRD_SECTOR,
        first_responder=True,
        s52_public_authority=True,
    )
    youth = OrganisationFactory(
        organisation_type=OrganisationType.YOUTH_JUSTICE,
        first_responder=True,
        s52_public_authority=True,
    )
    migration = importlib.import_module("noddfa.accounts.migrations.0003_law_settled_duties")
    migration.follow_the_law(apps, None)
    flags = {
        o.pk: (o.first_responder, o.s52_public_authority)
        for o in Organisation.objects.filter(pk__in=[police.pk, school.pk, charity.pk, youth.pk])
    }
    assert flags[police.pk] == (True, True)
    assert flags[school.pk] == (False, False)
    assert flags[charity.pk] == (True, False)  # first responder: open; s52: never
    assert flags[youth.pk] == (True, True)  # both left open by the law


def test_the_migrations_table_is_the_vocabularys_law() -> None:
    # When the law in the vocabulary changes, existing rows need a new data migration too.
    migration = importlib.import_module("noddfa.accounts.migrations.0003_law_settled_duties")
    vocabulary = load_vocabulary().organisation_types
    assert {
        code: (kind.first_responder, kind.s52_public_authority) for code, kind in vocabulary.items()
    } == migration.LAW
