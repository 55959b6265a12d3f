"""Synthetic demonstration data: organisations, accounts for every role, and people.

Every record made here is flagged `is_synthetic` and every organisation's name says
"(demo)"; none of it describes a real person. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from noddfa.accounts.models import Organisation, OrganisationType, Role, User
from noddfa.accounts.services import (
    LocalAuthorityDetails,
    add_synthetic_local_authority_contacts,
    register_organisation,
    register_user,
)
from noddfa.casework.demo import add_demo_casework
from noddfa.casework.patterns import raise_alerts
from noddfa.concerns.pathway_case import RecordedFacts
from noddfa.concerns.services import ConcernReport, record_concern
from noddfa.people.demo_matching import add_matching_demo
from noddfa.people.duplicate_suggestions import suggest_duplicates
from noddfa.people.models import LawfulBasis, Person, Sex
from noddfa.people.services import record_person, share_with_organisation
from noddfa.referrals.demo import add_demo_referrals
from noddfa.speakup.demo import add_demo_speak_up
from noddfa.training.catalogue import AWARENESS, FIRST_RESPONDER
from noddfa.training.models import Course, Level, TrainingRecord
from noddfa.training.services import add_course, record_training

DEMO_PASSWORD = "noddfa-demo-only"  # noqa: S105  (printed on purpose: synthetic accounts)
DEMO_DOMAIN = "demo.noddfa.example"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    area: str
    first_responder: bool
    s52: bool


ORGANISATIONS = [
    DemoOrganisation(
        "police", "Heddlu Glannau Taf (demo)", OrganisationType.POLICE, "cardiff", True, True
    ),
    DemoOrganisation(
        "school",
        "Ysgol Uwchradd Llwyn Onn (demo)",
        OrganisationType.SCHOOL,
        "cardiff",
        False,
        False,
    ),
    DemoOrganisation(
        "health",
        "Bwrdd Iechyd Bae a Bro (demo)",
        OrganisationType.HEALTH_BOARD,
        "swansea",
        False,
        False,
    ),
    DemoOrganisation(
        "children",
        "Cardiff Children's Services (demo)",
        OrganisationType.LA_CHILDRENS_SERVICES,
        "cardiff",
        True,
        True,
    ),
    DemoOrganisation(
        "adults",
        "Swansea Adult Services (demo)",
        OrganisationType.LA_ADULT_SERVICES,
        "swansea",
        True,
        True,
    ),
    DemoOrganisation(
        "charity",
        "Lloches Support Trust (demo)",
        OrganisationType.THIRD_SECTOR,
        "swansea",
        True,
        False,
    ),
]

# (organisation key or None for the system, role, full name)
ACCOUNTS = [
    ("school", Role.PRACTITIONER, "Ffion Hughes"),
    ("school", Role.SAFEGUARDING_LEAD, "Gareth Morgan"),
    ("school", Role.ORGANISATION_ADMIN, "Siân Price"),
    ("police", Role.PRACTITIONER, "Dafydd Rees"),
    ("police", Role.ORGANISATION_ADMIN, "Helen Bowen"),
    ("health", Role.PRACTITIONER, "Amira Haddad"),
    ("health", Role.SAFEGUARDING_LEAD, "Rhys Jenkins"),
    ("children", Role.LA_SAFEGUARDING_TEAM, "Catrin Lloyd"),
    ("adults", Role.LA_SAFEGUARDING_TEAM, "Owain Pritchard"),
    ("charity", Role.PRACTITIONER, "Grace Adeyemi"),
    ("charity", Role.PARTNERSHIP_ANALYST, "Tomasz Zieliński"),
    (None, Role.SYSTEM_ADMIN, "Elin Davies"),
]


@dataclass(frozen=True)
class DemoPerson:
    organisation: str
    given_name: str
    family_name: str
    aliases: tuple[str, ...]
    date_of_birth: date | None
    sex: str
    nationality: str
    age_disputed: bool = False


# Names from the communities the guidance names; several are the same invented person
# as known to different agencies, for the matching work to find later.
PEOPLE = [
    DemoPerson("school", "Jac", "Evans", (), date(2011, 3, 14), Sex.MALE, "British"),
    DemoPerson(
        "school", "Van An", "Nguyen", ("Nguyễn Văn An",), date(2010, 9, 2), Sex.MALE, "Vietnamese"
    ),
    DemoPerson(
        "health", "An", "Nguyen", ("An Van Nguyen",), date(2010, 2, 9), Sex.MALE, "Vietnamese", True
    ),
    DemoPerson("police", "Arben", "Hoxha", (), date(2008, 6, 21), Sex.MALE, "Albanian", True),
    DemoPerson(
        "charity",
        "Tesfay",
        "Gebremedhin",
        ("ተስፋይ ገብረመድህን",),
        date(1999, 1, 1),
        Sex.MALE,
        "Eritrean",
    ),
    DemoPerson(
        "children", "Amna", "Abdelrahman", ("آمنة عبد الرحمن",), None, Sex.FEMALE, "Sudanese", True
    ),
    DemoPerson("adults", "Ioana", "Popescu", (), date(1994, 11, 5), Sex.FEMALE, "Romanian"),
    DemoPerson("adults", "Kacper", "Nowak", (), date(1987, 4, 30), Sex.MALE, "Polish"),
    DemoPerson("charity", "Blessing", "Okafor", (), date(2001, 7, 17), Sex.FEMALE, "Nigerian"),
    DemoPerson("police", "Anh", "Nguyen", (), date(2009, 2, 10), Sex.MALE, "Vietnamese"),
]


def demo_email(organisation_key: str | None, role: str) -> str:
    return f"{role.replace('_', '-')}.{organisation_key or 'system'}@{DEMO_DOMAIN}"


def _organisations() -> dict[str, Organisation]:
    made = {}
    for spec in ORGANISATIONS:
        made[spec.key], _ = register_organisation(
            name=spec.name,
            organisation_type=spec.kind,
            local_authority_area=spec.area,
            first_responder=spec.first_responder,
            s52_public_authority=spec.s52,
            is_synthetic=True,
        )
    return made


def _accounts(organisations: dict[str, Organisation]) -> list[User]:
    accounts = []
    for key, role, name in ACCOUNTS:
        user, _ = register_user(
            email=demo_email(key, role),
            full_name=name,
            role=role,
            organisation=organisations[key] if key else None,
            password=DEMO_PASSWORD,
            is_synthetic=True,
        )
        accounts.append(user)
    return accounts


def _recorder_for(organisation: Organisation) -> User:
    recorder = (
        User.objects.filter(organisation=organisation, is_synthetic=True)
        .exclude(role=Role.PARTNERSHIP_ANALYST)
        .order_by("id")
        .first()
    )
    assert recorder is not None, "every demo organisation is made with its staff"
    return recorder


def _people(organisations: dict[str, Organisation]) -> int:
    created = 0
    for spec in PEOPLE:
        organisation = organisations[spec.organisation]
        if Person.objects.filter(
            organisation=organisation,
            given_name=spec.given_name,
            family_name=spec.family_name,
            is_synthetic=True,
        ).exists():
            continue
        record_person(
            _recorder_for(organisation),
            given_name=spec.given_name,
            family_name=spec.family_name,
            aliases=list(spec.aliases),
            date_of_birth=spec.date_of_birth,
            age_disputed=spec.age_disputed,
            sex=spec.sex,
            nationality=spec.nationality,
            is_synthetic=True,
        )
        created += 1
    return created


def _concerns(organisations: dict[str, Organisation]) -> None:
    """One synthetic concern at the school, shared with children's services, so the demo
    shows a pathway checklist, a review queue and a multi-agency chronology."""
    school = organisations["school"]
    child = Person.objects.get(organisation=school, family_name="Nguyen", is_synthetic=True)
    if child.concerns.exists():
        return
    recorder = _recorder_for(school)
    record_concern(
        recorder,
        ConcernReport(
            subject=child,
            observed_at=timezone.now() - timedelta(days=1),
            observed_where="School gate (synthetic)",
            immediate_danger="no",
            account=(
                "SYNTHETIC DEMO RECORD. Collected after school by a different adult each day in "
                "the same car; has two new phones; said he works nights at a nail bar."
            ),
            quotes=["I have to pay back the money for the journey"],
            facts=RecordedFacts(
                action=["recruitment", "transportation"],
                purpose=["labour", "criminal"],
                missing_now=False,
            ),
        ),
    )
    lead = User.objects.get(email=demo_email("school", Role.SAFEGUARDING_LEAD))
    share_with_organisation(
        lead,
        child,
        organisations["children"],
        reason="Report of a child at risk; strategy discussion needed (synthetic)",
        lawful_basis=LawfulBasis.SAFEGUARDING,
    )


def _training(organisations: dict[str, Organisation]) -> None:
    """Synthetic training at the police force, so the compliance page shows every status."""
    police = organisations["police"]
    if TrainingRecord.objects.filter(user__organisation=police).exists():
        return
    admin = User.objects.get(email=demo_email("police", Role.ORGANISATION_ADMIN))
    officer = User.objects.get(email=demo_email("police", Role.PRACTITIONER))
    national = {c.key: c for c in Course.objects.filter(organisation__isnull=True)}
    refresher = add_course(
        admin,
        title="Annual modern slavery refresher (demo)",
        level=Level.AWARENESS,
        validity_months=12,
    )
    today = timezone.localdate()
    evidence = "Synthetic demo certificate"
    record_training(
        admin, officer, national[FIRST_RESPONDER], today - timedelta(days=200), evidence
    )
    record_training(admin, officer, refresher, today - timedelta(days=320), evidence)  # expiring
    record_training(admin, admin, national[AWARENESS], today - timedelta(days=30), evidence)
    record_training(admin, admin, refresher, today - timedelta(days=400), evidence)  # expired


def _referrals_and_casework(organisations: dict[str, Organisation]) -> None:
    """The school's referrals and keeping-safe work for the child in the demo concern, so
    the demo shows drafts, a submitted referral, a safety plan, a missing episode and tasks.
    Both are idempotent."""
    school = organisations["school"]
    child = Person.objects.get(organisation=school, family_name="Nguyen", is_synthetic=True)
    lead = User.objects.get(email=demo_email("school", Role.SAFEGUARDING_LEAD))
    concern = child.concerns.order_by("recorded_at").first()
    if concern is not None:
        add_demo_referrals(concern, lead)
    add_demo_casework(child, lead)


def _matching_and_patterns() -> None:
    """One synthetic child known to the school and the health board in two spellings, and
    three synthetic children at one address with one phone, all shared with children's
    services: the duplicates page and the pattern alerts then have something to show."""
    if Person.objects.filter(family_name="Krasniqi", is_synthetic=True).exists():
        return
    add_matching_demo(
        User.objects.get(email=demo_email("school", Role.SAFEGUARDING_LEAD)),
        User.objects.get(email=demo_email("health", Role.SAFEGUARDING_LEAD)),
        User.objects.get(email=demo_email("children", Role.LA_SAFEGUARDING_TEAM)),
    )
    raise_alerts()
    # The duplicates page reads stored pairs, which the scheduled job writes (issue 22).
    suggest_duplicates()


# Synthetic local authority contacts for each demo area. The telephone numbers are from the
# ranges Ofcom keeps for drama (029 2018 0xxx, 020 7946 0xxx), which ring nowhere, and the
# email addresses are at example.org, which takes no mail.
DEMO_LOCAL_AUTHORITIES = {
    "cardiff": LocalAuthorityDetails(
        local_authority_name="Cyngor Caerdydd / Cardiff Council (demo, synthetic contacts)",
        childrens_services_phone="029 2018 0101",
        childrens_services_email="plant.caerdydd.demo@example.org",
        adult_services_phone="029 2018 0102",
        adult_services_email="oedolion.caerdydd.demo@example.org",
        out_of_hours_phone="029 2018 0103",
    ),
    "swansea": LocalAuthorityDetails(
        local_authority_name="Cyngor Abertawe / Swansea Council (demo, synthetic contacts)",
        childrens_services_phone="029 2018 0201",
        childrens_services_email="plant.abertawe.demo@example.org",
        adult_services_phone="029 2018 0202",
        adult_services_email="oedolion.abertawe.demo@example.org",
        out_of_hours_phone="020 7946 0203",
    ),
}


def _local_authority_contacts(organisations: dict[str, Organisation]) -> None:
    """Every demo organisation knows how to reach its local authority, so each report of a
    child or an adult at risk shows whom to call, by day and out of hours."""
    for organisation in organisations.values():
        details = DEMO_LOCAL_AUTHORITIES.get(organisation.local_authority_area)
        if details is not None:
            add_synthetic_local_authority_contacts(organisation, details)


class RealRecordsPresent(Exception):
    """The database holds organisations or accounts that are not synthetic demo data."""


def _refuse_real_records() -> None:
    # Demo data beside real records would put invented people in a real partnership's lists
    # and sign-ins with a published password into a real organisation's database.
    real = (
        Organisation.objects.filter(is_synthetic=False).count()
        + User.objects.filter(is_synthetic=False).count()
    )
    if real:
        raise RealRecordsPresent(
            f"This database holds {real} organisation(s) or account(s) that are not demo data; "
            "demo data is loaded only into a database of its own."
        )


@transaction.atomic
def load_demo_data() -> list[User]:
    """Load the synthetic demo (idempotent). Refuses a database that holds real records."""
    _refuse_real_records()
    organisations = _organisations()
    accounts = _accounts(organisations)
    _local_authority_contacts(organisations)
    _people(organisations)
    _concerns(organisations)
    _referrals_and_casework(organisations)
    _matching_and_patterns()
    _training(organisations)
    # A health board's and a council's speak-up channels, one report waiting in the first.
    add_demo_speak_up(organisations)
    return accounts
