"""What each referral asks, declared once.

The edit form, the check before a draft is marked ready, the PDF and the JSON download all
read these lists, so a question added here appears everywhere at once. `source` names the
pre-filled value (see prefill.py) a field starts from; a field without one is typed.

Labels and hints are our own words. What each kind asks follows the real forms (issue 14):
the Home Office NRM digital referral form (sources.md#ref-2-1, #ref-3-2, #ref-3-3), the Duty
to Notify under MSA 2015 s52 (sources.md#ref-3-3), and the reports of an adult at risk (SSWBA
2014 s126, s128) and a child at risk (s130) as the Wales Safeguarding Procedures describe them
(sources.md#ref-4-1, #ref-4-2, #ref-7-2). A question dropped from a kind is listed in RETIRED,
so a draft that answered it still shows the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from noddfa.people.models import Sex

from .models import Kind

Label = str | Promise


@dataclass(frozen=True)
class Field:
    name: str
    label: Label
    type: str = "text"  # text, textarea, date, integer, choice, multichoice
    required: bool = False
    help: Label = ""
    source: str = ""
    choices: tuple[tuple[str, Label], ...] = ()
    # Identifies the person alone or with other answers: left out of an anonymous notice.
    identifying: bool = False
    # In the person's own copy. Only what is about them and theirs to know: their details,
    # their own decisions and who to contact. Anything else (an account, indicators, what
    # agencies did, other people) may name a third party, reveal an action they were not
    # told of, or endanger them if the copy is found, so a field stays out unless it says so.
    for_person: bool = False
    # Required only when another answer is one of some values: (field name, values).
    required_when: tuple[str, tuple[str, ...]] | None = None
    # The message when a required answer is empty, where "Enter ..." or "Choose an answer
    # for ..." made from the label would not read well (a question as the label, say).
    missing: Label = ""

    def is_required(self, data: dict[str, object]) -> bool:
        if self.required:
            return True
        if self.required_when is None:
            return False
        other, values = self.required_when
        return data.get(other) in values


@dataclass(frozen=True)
class Section:
    heading: Label
    fields: tuple[Field, ...] = field(default_factory=tuple)


YES_NO = (("yes", _("Yes")), ("no", _("No")))
YES_NO_NOT_KNOWN = (*YES_NO, ("not_known", _("Not known")))
NATIONS = (("wales", _("Wales")), ("england", _("England")))
# The form counts "not sure" as under 18 (sources.md#ref-3-2: age unknown routes as a child).
UNDER_18 = (("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure")))
WHERE = (
    ("uk", _("In the UK")),
    ("overseas", _("Overseas")),
    ("both", _("Both in the UK and overseas")),
)
# Whether an adult agreed to a report about them (SSWBA 2014 s128; WSP adults, reference.md
# 4.2 "consent and capacity").
AGREES_TO_REPORT = (
    ("yes", _("Yes")),
    ("no", _("No")),
    ("not_asked", _("They were not asked")),
)
CAPACITY = (
    ("yes", _("Yes, as far as we know")),
    ("no", _("No, we think they lack capacity to make this decision")),
    ("not_known", _("Not known")),
)
# The person record's own choices, so a referral offers exactly what the record holds.
SEX = tuple(Sex.choices)
# The ten options of the Home Office form's "How were they exploited?" page (sources.md#ref-2-1).
NRM_EXPLOITATION = (
    ("LABOUR_FORCED_WORK", _("Forced to work for nothing or almost nothing")),
    ("LABOUR_WAGES_TAKEN", _("Wages taken by force or coercion")),
    ("FINANCIAL_FRAUD", _("Forced to commit fraud, such as benefit fraud")),
    ("SEXUAL_PROSTITUTION", _("Forced into prostitution")),
    ("SEXUAL_CSE", _("Child sexual exploitation")),
    ("SEXUAL_HELD_ASSAULTED", _("Held somewhere against their will and sexually assaulted")),
    ("CRIMINAL", _("Forced to commit crime, such as drug running or cannabis growing")),
    ("ORGAN_REMOVAL", _("Organs removed against their will")),
    ("DOMESTIC_SERVITUDE", _("Forced to do household work for little or no pay")),
    ("OTHER", _("Other")),
)
# The support the Home Office form lists (sources.md#ref-3-9).
SUPPORT = (
    ("housing", _("Safe housing")),
    ("medical", _("Help to get medical treatment")),
    ("emotional", _("Emotional support")),
    ("protection", _("Protection from the people who exploited them")),
    ("legal", _("Independent legal advice")),
    ("financial", _("Financial support")),
)

SUPPORT_NEEDS = Field(
    "support_needs",
    _("Support needs"),
    "multichoice",
    choices=SUPPORT,
    help=_("Select all that apply."),
    for_person=True,
)

PERSON = Section(
    _("The person"),
    (
        Field(
            "person_name",
            _("Name"),
            required=True,
            source="person_name",
            identifying=True,
            for_person=True,
        ),
        Field(
            "other_names",
            _("Other names"),
            "textarea",
            source="other_names",
            identifying=True,
            for_person=True,
        ),
        Field(
            "date_of_birth",
            _("Date of birth"),
            "date",
            source="date_of_birth",
            identifying=True,
            help=_("For example, 2011-03-14. Leave empty if not known."),
            for_person=True,
        ),
        Field("age", _("Age"), "integer", source="age", identifying=True, for_person=True),
        Field(
            "age_disputed",
            _("Is their age disputed?"),
            "choice",
            source="age_disputed",
            choices=YES_NO,
        ),
        Field(
            "sex", _("Sex"), "choice", source="sex", choices=SEX, identifying=True, for_person=True
        ),
        Field(
            "nationality", _("Nationality"), source="nationality", identifying=True, for_person=True
        ),
        Field(
            "languages",
            _("Languages spoken"),
            source="languages",
            identifying=True,
            for_person=True,
        ),
        Field(
            "address", _("Address"), "textarea", source="address", identifying=True, for_person=True
        ),
        Field("postcode", _("Postcode"), source="postcode", identifying=True, for_person=True),
        Field(
            "phone",
            _("Phone numbers"),
            "textarea",
            source="phone",
            identifying=True,
            for_person=True,
        ),
        Field(
            "school_or_workplace",
            _("School or workplace"),
            source="school_or_workplace",
            identifying=True,
            for_person=True,
        ),
    ),
)

FAMILY = Section(
    _("Family and carers"),
    (
        Field(
            "family_and_carers",
            _("Family, carers and others around them"),
            "textarea",
            source="family_and_carers",
            help=_("Who has parental responsibility or cares for them, and who else is involved."),
            for_person=False,
        ),
    ),
)

CONCERN = Section(
    _("The concern"),
    (
        Field(
            "observed", _("When and where it was seen or heard"), source="observed", required=True
        ),
        Field("account", _("What was seen and heard"), "textarea", required=True, source="account"),
        Field(
            "in_their_words",
            _("What the person said, in their own words"),
            "textarea",
            source="quotes",
        ),
        Field("indicators", _("Indicators observed"), "textarea", source="indicators"),
        Field("actions_taken", _("Actions already taken"), "textarea", source="actions_taken"),
        Field("chronology", _("Chronology"), "textarea", source="chronology", for_person=False),
    ),
)


def _referrer(extra: tuple[Field, ...] = ()) -> Section:
    return Section(
        _("The referrer"),
        (
            Field(
                "referrer_name",
                _("Name of the person referring"),
                required=True,
                source="referrer_name",
                for_person=True,
            ),
            Field(
                "referrer_email",
                _("Email address"),
                required=True,
                source="referrer_email",
                for_person=True,
            ),
            Field(
                "organisation",
                _("Organisation"),
                required=True,
                source="organisation",
                for_person=True,
            ),
            *extra,
        ),
    )


NRM_FIRST_RESPONDER = Section(
    _("First responder"),
    (
        Field(
            "referrer_name",
            _("First responder's name"),
            required=True,
            source="referrer_name",
            for_person=True,
        ),
        # The Home Office form asks for the first responder's role and phone number, so the
        # competent authority can call them about the referral (issue 14).
        Field(
            "referrer_role",
            _("First responder's job title or role"),
            required=True,
            help=_("For example, police constable or children's social worker."),
            for_person=True,
        ),
        Field(
            "referrer_phone", _("First responder's phone number"), required=True, for_person=True
        ),
        Field(
            "referrer_email",
            _("Email address"),
            required=True,
            source="referrer_email",
            for_person=True,
        ),
        Field(
            "organisation",
            _("First responder organisation"),
            required=True,
            source="organisation",
            for_person=True,
        ),
        Field(
            "nation",
            _("Nation the referral is made in"),
            "choice",
            required=True,
            source="nation",
            choices=NATIONS,
        ),
        Field(
            "under_18",
            _("Is the person under 18?"),
            "choice",
            required=True,
            source="under_18",
            choices=UNDER_18,
            help=_("Choose not sure if their age is not known: they are treated as a child."),
        ),
    ),
)

NRM_EXPLOITATION_SECTION = Section(
    _("The exploitation"),
    (
        Field("background", _("Background"), "textarea", source="background"),
        Field("account", _("What happened"), "textarea", required=True, source="account"),
        Field(
            "in_their_words",
            _("What the person said, in their own words"),
            "textarea",
            source="quotes",
        ),
        Field("how_it_started", _("How it started"), "textarea"),
        Field("journey", _("The journey"), "textarea"),
        Field(
            "what_they_had_to_do",
            _("What they had to do"),
            "textarea",
            source="what_they_had_to_do",
        ),
        Field("living_conditions", _("Living conditions"), "textarea"),
        Field("treatment", _("How they were treated"), "textarea"),
        Field(
            "continuing",
            _("Is the exploitation still happening?"),
            "choice",
            choices=YES_NO_NOT_KNOWN,
            source="continuing",
        ),
        Field("last_contact", _("Last contact with the exploiters"), "date"),
        Field("indicators", _("Indicators observed"), "textarea", source="indicators"),
        # The Home Office form asks when (several periods may be given), where (in the UK,
        # overseas or both) and whether the person was under 18 at any time during the
        # exploitation (sources.md#ref-2-1).
        Field(
            "exploitation_periods",
            _("When it happened"),
            "textarea",
            required=True,
            help=_(
                "Dates or periods, one on each line, for example “March 2025 to June 2025”. "
                "Write “not known” if nobody knows."
            ),
        ),
        Field(
            "under_18_during",
            _("Were they under 18 at any time while they were exploited?"),
            "choice",
            required=True,
            choices=UNDER_18,
            source="under_18_during",
            missing=_("Say whether they were under 18 at any time while they were exploited"),
        ),
        Field(
            "where", _("Where it happened"), "choice", required=True, choices=WHERE, source="where"
        ),
        Field(
            "places",
            _("Towns, places or countries"),
            required=True,
            source="places",
            help=_("Where in the UK, and which countries overseas."),
        ),
        Field(
            "exploitation_types",
            _("How were they exploited?"),
            "multichoice",
            required=True,
            choices=NRM_EXPLOITATION,
            source="nrm_exploitation",
            help=_("Select all that apply."),
        ),
        Field(
            "county_lines",
            _("Was this county lines?"),
            "choice",
            choices=YES_NO,
            source="county_lines",
        ),
        Field(
            "exploiters",
            _("The people who exploited them"),
            "textarea",
            source="exploiters",
            for_person=False,
            help=_(
                "Names, nicknames, descriptions, phone numbers, vehicles and addresses: anything "
                "that could help find them."
            ),
        ),
        Field(
            "other_victims",
            _("Other possible victims"),
            "textarea",
            source="other_victims",
            for_person=False,
        ),
        Field(
            "other_agencies",
            _("Other agencies involved"),
            "textarea",
            source="other_agencies",
            help=_("Who else knows or is helping, with a contact for each if you have one."),
        ),
        Field(
            "cooperate_with_police",
            _("Are they willing to cooperate with the police?"),
            "choice",
            choices=YES_NO_NOT_KNOWN,
            help=_("Their answer does not change whether they can be referred."),
        ),
        Field(
            "risk_of_re_exploitation",
            _("Risk of being exploited again"),
            "textarea",
            for_person=False,
        ),
        Field(
            "police_reference", _("Police reference"), source="police_reference", for_person=False
        ),
        Field(
            "home_office_reference",
            _("Home Office reference, if known"),
            help=_("For example, from an asylum or immigration application."),
            for_person=True,
        ),
    ),
)

# The Home Office form does not go on with a child's referral until the first responder
# has contacted the local authority to safeguard the child, and asks which one and how to
# reach it (sources.md#ref-3-2, "child route prerequisite").
NRM_LOCAL_AUTHORITY = Section(
    _("The local authority safeguarding the child"),
    (
        Field(
            "la_name",
            _("Which local authority did you contact about the child?"),
            required=True,
            source="la_name",
            help=_(
                "Contact the children's services of the area where the child is before you "
                "refer. The Home Office form does not go on without it."
            ),
            missing=_("Enter which local authority you contacted about the child"),
        ),
        Field(
            "la_contact",
            _("Who you contacted there, and how to reach them"),
            "textarea",
            required=True,
            for_person=False,
            help=_("The name or team, a phone number and an email address."),
        ),
        Field("la_contacted_on", _("When you contacted them"), "date"),
    ),
)


def _nrm_support(adult: bool) -> Section:
    # A child is supported by the local authority and the ICTG service, not through the
    # adult victim care contract, so the form asks no support needs for a child
    # (sources.md#ref-3-9). An adult must agree, once the NRM is explained (sources.md#ref-3-2).
    consent = (
        (
            Field(
                "consent",
                _("Has the person agreed to this referral?"),
                "choice",
                required=True,
                choices=YES_NO,
                source="consent",
                help=_("Adults must agree after the NRM has been explained to them."),
                for_person=True,
            ),
        )
        if adult
        else ()
    )
    support = (SUPPORT_NEEDS,) if adult else ()
    return Section(
        _("Consent and support") if adult else _("Communication and a safe address"),
        (
            *consent,
            *support,
            Field(
                "communication",
                _("Interpreter and communication needs"),
                "textarea",
                source="communication",
                for_person=True,
            ),
            Field(
                "safe_address",
                _("A safe address for the decision letter"),
                "textarea",
                required=adult,
                source="safe_address",
            ),
        ),
    )


ICTA_SECTION = Section(
    _("Guardianship"),
    (
        Field(
            "parental_responsibility",
            _("Does anyone in the UK hold parental responsibility for the child?"),
            "choice",
            required=True,
            choices=YES_NO_NOT_KNOWN,
            source="parental_responsibility",
            help=_("If nobody does, an ICTG direct worker supports the child."),
        ),
        Field("social_worker", _("Local authority social worker, if known"), "text"),
        Field("nrm_status", _("NRM referral"), source="nrm_status"),
    ),
)

DUTY_TO_NOTIFY = (
    Section(
        _("The notifier"),
        (
            Field(
                "referrer_name",
                _("Name of the officer notifying"),
                required=True,
                source="referrer_name",
                for_person=True,
            ),
            Field(
                "referrer_email",
                _("Email address"),
                required=True,
                source="referrer_email",
                for_person=True,
            ),
            Field(
                "organisation",
                _("Public authority"),
                required=True,
                source="organisation",
                for_person=True,
            ),
            Field("nation", _("Nation"), "choice", required=True, source="nation", choices=NATIONS),
        ),
    ),
    Section(
        _("What is being notified"),
        (
            Field(
                "named",
                _("Has the person agreed to be named?"),
                "choice",
                required=True,
                choices=YES_NO,
                source="agrees_to_be_named",
                help=_("Unless they agree, nothing that could identify them is included."),
                for_person=True,
            ),
            # Sex and nationality go in every notice, named or not: the Home Office counts
            # notifications by them, and on their own they do not single a person out
            # (sources.md#ref-3-3, the Explanatory Notes' expected fields).
            Field(
                "sex", _("Sex"), "choice", required=True, source="sex", choices=SEX, for_person=True
            ),
            Field(
                "nationality",
                _("Nationality"),
                required=True,
                source="nationality",
                help=_("Asked even when they are not named. Write “not known” if you do not know."),
                for_person=True,
            ),
            Field(
                "nrm_refused_reason",
                _("Why there is no NRM referral"),
                "textarea",
                required=True,
                help=_(
                    "Why they did not agree to a referral, as they put it if they gave a reason "
                    "(for example, fear of the exploiters or of immigration enforcement), or why "
                    "they could not be asked. Nothing that could identify them."
                ),
            ),
            Field(
                "exploitation_types",
                _("How were they exploited?"),
                "multichoice",
                required=True,
                choices=NRM_EXPLOITATION,
                source="nrm_exploitation",
            ),
            Field(
                "where",
                _("Where it happened"),
                "choice",
                required=True,
                choices=WHERE,
                source="where",
            ),
            Field("area", _("Local authority area"), source="area"),
            Field(
                "summary",
                _("Summary"),
                "textarea",
                required=True,
                help=_(
                    "Describe what happened without names, dates of birth, addresses or "
                    "anything else that could identify the person."
                ),
            ),
        ),
    ),
    Section(
        _("The person, if they agreed to be named"),
        (
            Field(
                "person_name", _("Name"), source="person_name", identifying=True, for_person=True
            ),
            Field(
                "date_of_birth",
                _("Date of birth"),
                "date",
                source="date_of_birth",
                identifying=True,
                for_person=True,
            ),
        ),
    ),
)

# What a report of an adult at risk needs to say beyond the concern: whether they agreed to
# it and, if not, why it is made anyway; whether they can decide; and the three parts of the
# s126 test, care and support needs and why those needs stop them protecting themselves
# (SSWBA 2014 s126 and s128; WSP adults, "consent and capacity", sources.md#ref-4-1, #ref-4-2).
ADULT_AT_RISK_SECTION = Section(
    _("Consent, capacity and needs"),
    (
        Field(
            "agrees_to_report",
            _("Do they agree to this report?"),
            "choice",
            required=True,
            choices=AGREES_TO_REPORT,
            missing=_("Say whether they agree to this report"),
            for_person=True,
        ),
        Field(
            "reporting_without_agreement",
            _("Why you are reporting without their agreement"),
            "textarea",
            required_when=("agrees_to_report", ("no", "not_asked")),
            for_person=False,
            help=_(
                "For example, other people are at risk, a crime may have been committed, they "
                "may be under duress, or they may lack capacity to decide."
            ),
        ),
        Field(
            "capacity",
            _("Do they have the mental capacity to decide about this report?"),
            "choice",
            required=True,
            choices=CAPACITY,
            for_person=False,
            help=_("A person is assumed to have capacity unless it is shown they do not."),
            missing=_("Say whether they have the mental capacity to decide about this report"),
        ),
        Field(
            "care_and_support_needs",
            _("Their care and support needs"),
            "textarea",
            required=True,
            help=_("What care and support they need, whether or not anyone is meeting it now."),
        ),
        Field(
            "cannot_protect_themselves",
            _("Why they cannot protect themselves"),
            "textarea",
            required=True,
            help=_("How their needs stop them protecting themselves from the abuse or neglect."),
        ),
        Field(
            "police_told",
            _("Have the police been told?"),
            "choice",
            required=True,
            choices=YES_NO_NOT_KNOWN,
            source="police_told",
            missing=_("Say whether the police have been told"),
        ),
        Field(
            "police_reference",
            _("Police reference, if any"),
            source="police_reference",
            for_person=False,
        ),
    ),
)

# The Wales procedures ask the reporter to seek the parents' and the child's agreement
# before a report is discussed with others, unless asking could put the child or others at
# risk, and to say why when they did not (WSP children C3, sources.md#ref-7-2).
CHILD_AT_RISK_SECTION = Section(
    _("Telling the family and the child"),
    (
        Field(
            "parents_told",
            _("Were the parents or carers told about this report and asked for their views?"),
            "choice",
            required=True,
            choices=YES_NO,
            missing=_("Say whether the parents or carers were told and asked"),
        ),
        Field(
            "parents_not_told_reason",
            _("Why the parents or carers were not told or asked"),
            "textarea",
            required_when=("parents_told", ("no",)),
            for_person=False,
            help=_(
                "For example, telling them could put the child or someone else at risk, or "
                "they may be involved in the harm."
            ),
        ),
        Field(
            "child_told",
            _("Was the child told about this report and asked for their views?"),
            "choice",
            required=True,
            choices=YES_NO,
            missing=_("Say whether the child was told and asked"),
        ),
        Field(
            "child_not_told_reason",
            _("Why the child was not told or asked"),
            "textarea",
            required_when=("child_told", ("no",)),
            for_person=False,
            help=_(
                "For example, telling them now could put them at risk or lead to them going "
                "missing."
            ),
        ),
    ),
)

SECTIONS: dict[str, tuple[Section, ...]] = {
    Kind.CHILD_AT_RISK: (PERSON, FAMILY, CONCERN, CHILD_AT_RISK_SECTION, _referrer()),
    Kind.ADULT_AT_RISK: (PERSON, FAMILY, CONCERN, ADULT_AT_RISK_SECTION, _referrer()),
    Kind.NRM_CHILD: (
        NRM_FIRST_RESPONDER,
        NRM_LOCAL_AUTHORITY,
        PERSON,
        NRM_EXPLOITATION_SECTION,
        _nrm_support(False),
    ),
    Kind.NRM_ADULT: (NRM_FIRST_RESPONDER, PERSON, NRM_EXPLOITATION_SECTION, _nrm_support(True)),
    Kind.DUTY_TO_NOTIFY: DUTY_TO_NOTIFY,
    Kind.ICTA: (PERSON, ICTA_SECTION, CONCERN, _referrer()),
    # What a referrer that is not a first responder hands to one: who the person is, what
    # was seen, and who to call back. The first responder's own referral asks the rest.
    Kind.NRM_HANDOVER: (PERSON, CONCERN, _referrer()),
    Kind.DTN_HANDOVER: (PERSON, CONCERN, _referrer()),
}

# Questions a kind no longer asks. A draft that answered one keeps the answer, and its page
# shows it under "earlier answers", but the referral documents no longer carry it.
RETIRED: dict[str, tuple[Field, ...]] = {
    # Issue 14: the NRM form asks no support needs for a child (sources.md#ref-3-9).
    Kind.NRM_CHILD: (SUPPORT_NEEDS,),
}


def sections_for(kind: str, data: dict[str, object] | None = None) -> tuple[Section, ...]:
    """The sections of a kind; a Duty to Notify about someone who has not agreed to be
    named loses every identifying field, so no page, PDF or JSON can show one."""
    sections = SECTIONS[kind]
    if kind == Kind.DUTY_TO_NOTIFY and (data or {}).get("named") != "yes":
        return tuple(
            Section(s.heading, kept)
            for s in sections
            if (kept := tuple(f for f in s.fields if not f.identifying))
        )
    return sections


def fields_for(kind: str, data: dict[str, object] | None = None) -> list[Field]:
    return [f for section in sections_for(kind, data) for f in section.fields]


def all_fields(kind: str) -> list[Field]:
    return [f for section in SECTIONS[kind] for f in section.fields]


def retired_fields(kind: str) -> tuple[Field, ...]:
    return RETIRED.get(kind, ())
