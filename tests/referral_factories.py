"""The people and concerns the referral tests start from, all recorded through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import factory
from django.utils import timezone

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.concerns.models import Concern, PathwayAction
from noddfa.people.models import LawfulBasis, Person, Sex
from noddfa.people.services import share_with_organisation
from noddfa.referrals.models import (
    Channel,
    ConsentDecision,
    ConsentRecord,
    Kind,
    ReferralDraft,
    StatusChange,
)
from noddfa.referrals.services import (
    SUBMISSION_CHANNELS,
    record_submission,
    start_referral,
    update_draft,
)

# An indicator the catalogue ties to county lines (criminal, county_lines).
COUNTY_LINES_INDICATOR = "MOV-05"

# What no record holds, so a practitioner types it before marking a referral ready: the
# questions of the real forms that Noddfa asks but cannot pre-fill (issue 14).
TYPED: dict[str, dict[str, Any]] = {
    Kind.CHILD_AT_RISK: {"parents_told": "yes", "child_told": "yes"},
    Kind.ADULT_AT_RISK: {
        "agrees_to_report": "yes",
        "capacity": "yes",
        "care_and_support_needs": "Needs help with medication and daily living.",
        "cannot_protect_themselves": "Depends on the people controlling the house.",
        "police_told": "no",
    },
    Kind.NRM_CHILD: {
        "referrer_role": "Designated safeguarding lead",
        "referrer_phone": "029 2000 0000",
        "la_contact": "Children's services duty team, 029 2000 0001",
        "exploitation_periods": "September 2026 to now",
        "places": "Cardiff and Swansea",
    },
    Kind.NRM_ADULT: {
        "referrer_role": "Police constable",
        "referrer_phone": "029 2000 0002",
        "exploitation_periods": "2025 to now",
        "places": "Newport",
        "under_18_during": "no",
        "safe_address": "Care of the police station",
    },
    Kind.DUTY_TO_NOTIFY: {
        "nrm_refused_reason": "Afraid the men at the car wash would find out.",
    },
}


def typed(draft: ReferralDraft, **more: Any) -> dict[str, Any]:
    """The draft's answers with what a practitioner types added."""
    return {**draft.data, **TYPED.get(draft.kind, {}), **more}


def complete(
    by: User, draft: ReferralDraft, receiving_body: Organisation | None = None, **more: Any
) -> ReferralDraft:
    """Type the answers no record holds, as the practitioner would, through the service."""
    return update_draft(by, draft, typed(draft, **more), receiving_body or draft.receiving_body)


def as_first_responder(organisation: Organisation) -> Organisation:
    """Make the organisation a third-sector body flagged as an NRM first responder. The law
    leaves that open for the third sector; a school can never be one (sources.md#ref-3-1)."""
    organisation.organisation_type = OrganisationType.THIRD_SECTOR
    organisation.first_responder = True
    organisation.save()
    return organisation


def submit(
    by: User, draft: ReferralDraft, at: datetime, *, reference: str = "REF-1", channel: str = ""
) -> StatusChange:
    """Record a submission; a report says how it was made (secure email unless told)."""
    if not channel and draft.kind in SUBMISSION_CHANNELS:
        channel = Channel.SECURE_EMAIL
    return record_submission(
        by, draft, external_reference=reference, submitted_at=at, channel=channel
    )


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    """An adult's recorded decision, written straight to the table: for tests of what reads
    the latest decision, without the pathway re-run that `record_consent` also does."""

    class Meta:
        model = ConsentRecord

    explained_by = "PC Officer Test"
    language = "English"
    interpreter_used = False
    decision = ConsentDecision.CONSENTS
    decided_at = factory.LazyFunction(timezone.now)
    recorded_by = factory.SubFactory(UserFactory)


@dataclass(frozen=True)
class CountyLinesStory:
    """A school's concern about a 15-year-old recruited to run drugs, shared with the local
    authority's children's services."""

    school: Organisation
    practitioner: User
    lead: User
    children_services: Organisation
    la_officer: User
    child: Person
    concern: Concern

    def action(self, code: str) -> PathwayAction:
        return self.concern.actions.get(code=code)

    def start(self, code: str, by: User | None = None) -> ReferralDraft:
        return start_referral(by or self.practitioner, self.action(code))

    def prepare(self, code: str, by: User | None = None, **more: Any) -> ReferralDraft:
        """Start the referral and type what the record cannot know."""
        by = by or self.practitioner
        return complete(by, self.start(code, by), **more)


def county_lines_story(*, shared: bool = True) -> CountyLinesStory:
    school = OrganisationFactory(organisation_type=OrganisationType.SCHOOL)
    practitioner = UserFactory(organisation=school, role=Role.PRACTITIONER)
    lead = UserFactory(organisation=school, role=Role.SAFEGUARDING_LEAD)
    children = OrganisationFactory(
        organisation_type=OrganisationType.LA_CHILDRENS_SERVICES,
        first_responder=True,
        s52_public_authority=True,
    )
    officer = UserFactory(organisation=children, role=Role.LA_SAFEGUARDING_TEAM)
    today = timezone.localdate()
    child = PersonFactory(
        organisation=school,
        created_by=practitioner,
        given_name="Jac",
        family_name="Evans",
        # Fifteen on any day of the year: the birthday is 1 January.
        date_of_birth=date(today.year - 15, 1, 1),
        sex=Sex.MALE,
        nationality="British",
        address="12 Heol y Bont, Grangetown",
        postcode="CF11 7AB",
        phone_numbers=["07700 900123"],
        school_or_workplace="Ysgol Test",
    )
    concern = make_concern(
        practitioner,
        child,
        account="Collected by a different adult each day; carries two new phones and cash.",
        observed_where="School gate",
        action=["recruitment", "transportation"],
        purpose=["criminal"],
        indicators=[COUNTY_LINES_INDICATOR],
        missing_now=False,
    )
    if shared:
        share_with_organisation(
            lead,
            child,
            children,
            reason="Report of a child at risk (synthetic)",
            lawful_basis=LawfulBasis.SAFEGUARDING,
        )
    return CountyLinesStory(school, practitioner, lead, children, officer, child, concern)


@dataclass(frozen=True)
class RefusedConsentStory:
    """A police force's concern about an adult in forced labour who will not agree to the NRM."""

    police: Organisation
    officer: User
    adult: Person
    concern: Concern


def refused_consent_story() -> RefusedConsentStory:
    police = OrganisationFactory(
        organisation_type=OrganisationType.POLICE,
        first_responder=True,
        s52_public_authority=True,
    )
    officer = UserFactory(organisation=police, role=Role.PRACTITIONER, full_name="PC Officer Test")
    adult = PersonFactory(
        organisation=police,
        created_by=officer,
        given_name="Kacper",
        family_name="Nowakowski",
        aliases=["Kacpi"],
        date_of_birth=date(1987, 4, 30),
        sex=Sex.MALE,
        nationality="Polish",
        address="Flat 3, 45 Ffordd y Dociau, Abertawe",
        postcode="SA1 8QT",
        phone_numbers=["07700 900456"],
        languages=["Polish"],
    )
    concern = make_concern(
        officer,
        adult,
        account="Kacper Nowakowski works at the car wash for no pay; boss holds his passport.",
        observed_where="Car wash, SA1 8QT",
        action=["recruitment", "harbouring"],
        means=["deception", "threat"],
        purpose=["labour"],
        consents_to_nrm=False,
    )
    return RefusedConsentStory(police, officer, adult, concern)
