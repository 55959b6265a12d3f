"""The people and concerns the referral tests start from, all recorded through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from factories import OrganisationFactory, PersonFactory, UserFactory, make_concern
from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.concerns.models import Concern, PathwayAction
from noddfa.people.models import LawfulBasis, Person, Sex
from noddfa.people.services import share_with_organisation
from noddfa.referrals.models import ReferralDraft
from noddfa.referrals.services import start_referral

# An indicator the catalogue ties to county lines (criminal, county_lines).
COUNTY_LINES_INDICATOR = "MOV-05"


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


def county_lines_story(*, shared: bool = True) -> CountyLinesStory:
    from django.utils import timezone

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
