"""What each referral asks, declared once.

The edit form, the check before a draft is marked ready, the PDF and the JSON download all
read these lists, so a question added here appears everywhere at once. `source` names the
pre-filled value (see prefill.py) a field starts from; a field without one is typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
    # Left out of the person's own copy: it is about other people, or is a professional's
    # judgement that could put them at risk if the copy is found.
    for_person: bool = True


@dataclass(frozen=True)
class Section:
    heading: Label
    fields: tuple[Field, ...] = field(default_factory=tuple)


YES_NO = (("yes", _("Yes")), ("no", _("No")))
YES_NO_NOT_KNOWN = (*YES_NO, ("not_known", _("Not known")))
NATIONS = (("wales", _("Wales")), ("england", _("England")))
# The form counts "not sure" as under 18 (reference.md 3.2: age unknown routes as a child).
UNDER_18 = (("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure")))
WHERE = (
    ("uk", _("In the UK")),
    ("overseas", _("Overseas")),
    ("both", _("Both in the UK and overseas")),
)
SEX = (
    ("female", _("Female")),
    ("male", _("Male")),
    ("other", _("Other")),
    ("not_known", _("Not known")),
)
# The ten options of the Home Office form's "How were they exploited?" page (reference.md 2.1).
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
# The support the Home Office form lists (reference.md 3.9).
SUPPORT = (
    ("housing", _("Safe housing")),
    ("medical", _("Help to get medical treatment")),
    ("emotional", _("Emotional support")),
    ("protection", _("Protection from the people who exploited them")),
    ("legal", _("Independent legal advice")),
    ("financial", _("Financial support")),
)

PERSON = Section(
    _("The person"),
    (
        Field("person_name", _("Name"), required=True, source="person_name", identifying=True),
        Field("other_names", _("Other names"), "textarea", source="other_names", identifying=True),
        Field(
            "date_of_birth",
            _("Date of birth"),
            "date",
            source="date_of_birth",
            identifying=True,
            help=_("For example, 2011-03-14. Leave empty if not known."),
        ),
        Field("age", _("Age"), "integer", source="age", identifying=True),
        Field(
            "age_disputed",
            _("Is their age disputed?"),
            "choice",
            source="age_disputed",
            choices=YES_NO,
        ),
        Field("sex", _("Sex"), "choice", source="sex", choices=SEX, identifying=True),
        Field("nationality", _("Nationality"), source="nationality", identifying=True),
        Field("languages", _("Languages spoken"), source="languages", identifying=True),
        Field("address", _("Address"), "textarea", source="address", identifying=True),
        Field("postcode", _("Postcode"), source="postcode", identifying=True),
        Field("phone", _("Phone numbers"), "textarea", source="phone", identifying=True),
        Field(
            "school_or_workplace",
            _("School or workplace"),
            source="school_or_workplace",
            identifying=True,
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
            ),
            Field("referrer_email", _("Email address"), required=True, source="referrer_email"),
            Field("organisation", _("Organisation"), required=True, source="organisation"),
            *extra,
        ),
    )


NRM_FIRST_RESPONDER = Section(
    _("First responder"),
    (
        Field("referrer_name", _("First responder's name"), required=True, source="referrer_name"),
        Field("referrer_email", _("Email address"), required=True, source="referrer_email"),
        Field(
            "organisation", _("First responder organisation"), required=True, source="organisation"
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
        Field(
            "where", _("Where it happened"), "choice", required=True, choices=WHERE, source="where"
        ),
        Field("places", _("Places"), source="places"),
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
            "other_victims",
            _("Other possible victims"),
            "textarea",
            source="other_victims",
            for_person=False,
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
    ),
)


def _nrm_support(adult: bool) -> Section:
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
            ),
        )
        if adult
        else ()
    )
    return Section(
        _("Consent and support"),
        (
            *consent,
            Field(
                "support_needs",
                _("Support needs"),
                "multichoice",
                choices=SUPPORT,
                help=_("Select all that apply."),
            ),
            Field(
                "communication",
                _("Interpreter and communication needs"),
                "textarea",
                source="communication",
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
            ),
            Field("referrer_email", _("Email address"), required=True, source="referrer_email"),
            Field("organisation", _("Public authority"), required=True, source="organisation"),
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
            Field("person_name", _("Name"), source="person_name", identifying=True),
            Field(
                "date_of_birth",
                _("Date of birth"),
                "date",
                source="date_of_birth",
                identifying=True,
            ),
            Field("sex", _("Sex"), "choice", source="sex", choices=SEX, identifying=True),
            Field("nationality", _("Nationality"), source="nationality", identifying=True),
        ),
    ),
)

SECTIONS: dict[str, tuple[Section, ...]] = {
    Kind.CHILD_AT_RISK: (PERSON, FAMILY, CONCERN, _referrer()),
    Kind.ADULT_AT_RISK: (PERSON, FAMILY, CONCERN, _referrer()),
    Kind.NRM_CHILD: (NRM_FIRST_RESPONDER, PERSON, NRM_EXPLOITATION_SECTION, _nrm_support(False)),
    Kind.NRM_ADULT: (NRM_FIRST_RESPONDER, PERSON, NRM_EXPLOITATION_SECTION, _nrm_support(True)),
    Kind.DUTY_TO_NOTIFY: DUTY_TO_NOTIFY,
    Kind.ICTA: (PERSON, ICTA_SECTION, CONCERN, _referrer()),
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
