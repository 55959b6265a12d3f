"""The forms a practitioner and a safeguarding lead fill in, in plain language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import User
from noddfa.core.forms import GovukForm
from noddfa.core.plausible_dates import (
    HappenedValidator,
    validate_date_of_birth,
    validate_observed_at,
)
from noddfa.pathway import Indicator, load_catalogue, load_vocabulary
from noddfa.people.models import Sex

from .body_map import BodyMapField
from .models import ActionOutcome, Closure, Danger, Involvement, RiskLevel

if TYPE_CHECKING:  # Django's lazy text as its stubs type it: a str or a lazy str
    from django_stubs_ext import StrOrPromise

YES_NO_NOT_KNOWN = [("yes", _("Yes")), ("no", _("No")), ("not_known", _("Not known"))]
_ANSWER = {"yes": True, "no": False}

# The elements of trafficking asked as a practitioner would put them.
ACTION_QUESTIONS = [
    ("recruitment", _("Recruited, offered work or a place to stay")),
    ("transportation", _("Moved or driven from place to place")),
    ("transfer", _("Handed over from one person to another")),
    ("harbouring", _("Housed or hidden by someone")),
    ("receipt", _("Met or collected on arrival")),
]
MEANS_QUESTIONS = [
    ("threat", _("Threatened")),
    ("force", _("Physically forced or hurt")),
    ("coercion", _("Pressured in other ways")),
    ("abduction", _("Taken against their will")),
    ("fraud", _("Cheated, for example over pay or documents")),
    ("deception", _("Lied to about the work or the place")),
    ("abuse_of_power", _("Someone abused their power over them")),
    ("abuse_of_vulnerability", _("Someone took advantage of their situation")),
    ("payment_to_controller", _("Money or favours were given to someone who controls them")),
]


def answer(value: str | None) -> bool | None:
    """A yes/no/not known answer as the pathway reads it: not known stays unknown."""
    return _ANSWER.get(value or "")


def reading_welsh() -> bool:
    return get_language() == "cy"


def _label(label_en: str, label_cy: str) -> str:
    return label_cy if reading_welsh() else label_en


def purpose_choices() -> list[tuple[str, str]]:
    catalogue = load_catalogue()
    return [
        (code, _label(kind.label.en, kind.label.cy))
        for code, kind in catalogue.exploitation_types.items()
        if kind.parent is None
    ]


def indicator_groups(audience: str | None) -> list[tuple[str, list[Indicator]]]:
    """Indicators by category, for a child or an adult (None: both lists)."""
    catalogue = load_catalogue()
    wanted = {"both", audience} if audience else {"both", "child", "adult"}
    groups: list[tuple[str, list[Indicator]]] = []
    for code, label in catalogue.categories.items():
        members = [i for i in catalogue.indicators if i.category == code and i.audience in wanted]
        if members:
            groups.append((_label(label.en, label.cy), members))
    return groups


def _tri_state(label: StrOrPromise, hint: StrOrPromise = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO_NOT_KNOWN,
        initial="not_known",
        widget=forms.RadioSelect,
        required=False,
    )


def _multi(label: StrOrPromise, choices: Any, hint: StrOrPromise = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DangerForm(GovukForm):
    immediate_danger = forms.ChoiceField(
        label=_("Is anyone in immediate danger?"),
        choices=Danger.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether anyone is in immediate danger")},
    )


class NewPersonForm(GovukForm):
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    other_names = forms.CharField(
        label=_("Other names or spellings"),
        help_text=_("One per line, in any script, including nicknames."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        help_text=_("Leave empty if not known."),
        required=False,
        validators=[validate_date_of_birth],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
    )
    approximate_age = forms.IntegerField(
        label=_("Approximate age, if the date of birth is not known"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    age_disputed = forms.BooleanField(label=_("Their age is disputed"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_KNOWN, widget=forms.RadioSelect
    )
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    languages = forms.CharField(
        label=_("Languages spoken"), help_text=_("Separate with commas."), required=False
    )
    interpreter_needed = forms.BooleanField(label=_("An interpreter is needed"), required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off"}
        ),
    )
    school_or_workplace = forms.CharField(
        label=_("School or workplace"), required=False, max_length=200
    )
    phone_numbers = forms.CharField(
        label=_("Phone numbers"),
        help_text=_("One per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name") or data.get("other_names")):
            self.add_error("given_name", _("Enter a name, even a nickname or a partial name"))
        return data

    def person_details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "given_name": data["given_name"].strip(),
            "family_name": data["family_name"].strip(),
            "aliases": _lines(data["other_names"]),
            "date_of_birth": data["date_of_birth"],
            "approximate_age": data["approximate_age"],
            "age_disputed": data["age_disputed"],
            "sex": data["sex"],
            "nationality": data["nationality"].strip(),
            "languages": [part.strip() for part in data["languages"].split(",") if part.strip()],
            "interpreter_needed": data["interpreter_needed"],
            "address": data["address"].strip(),
            "postcode": data["postcode"].strip().upper(),
            "school_or_workplace": data["school_or_workplace"].strip(),
            "phone_numbers": _lines(data["phone_numbers"]),
        }


class InvolvedPersonForm(GovukForm):
    """Someone else in the concern. Left empty, it records nobody."""

    role = forms.ChoiceField(
        label=_("Their part in this"),
        choices=[("", _("Choose")), *Involvement.Role.choices],
        required=False,
    )
    name = forms.CharField(label=_("Name, if known"), required=False, max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone_numbers = forms.CharField(
        label=_("Phone numbers"),
        help_text=_("One per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    address = forms.CharField(label=_("Address"), required=False)
    vehicles = forms.CharField(
        label=_("Vehicle registrations"),
        help_text=_("One per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    def is_empty(self) -> bool:
        data = self.cleaned_data
        return not any(
            data.get(name)
            for name in ("name", "description", "phone_numbers", "address", "vehicles")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_empty() and not data.get("role"):
            self.add_error("role", _("Say what part this person plays"))
        return data

    def person_details(self) -> dict[str, Any]:
        data = self.cleaned_data
        given, _sep, family = data["name"].strip().rpartition(" ")
        return {
            "given_name": given or family,
            "family_name": family if given else "",
            "description": data["description"].strip(),
            "phone_numbers": _lines(data["phone_numbers"]),
            "address": data["address"].strip(),
            "vehicle_registrations": [v.upper() for v in _lines(data["vehicles"])],
        }


class ConcernForm(GovukForm):
    observed_at = forms.DateTimeField(
        label=_("When did you see or hear this?"),
        help_text=_("When it happened, not when you are writing it down."),
        validators=[validate_observed_at],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"}
        ),
        error_messages={
            "required": _("Enter when you saw or heard this"),
            "invalid": _("Enter a real date and time"),
        },
    )
    observed_where = forms.CharField(
        label=_("Where?"),
        max_length=300,
        error_messages={"required": _("Enter where you saw or heard this")},
    )
    account = forms.CharField(
        label=_("What did you see and hear?"),
        help_text=_("Facts only, in your own words: what happened, who was there, what was said."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe what you saw and heard")},
    )
    quotes = forms.CharField(
        label=_("What did the person say, in their exact words?"),
        help_text=_("One quote per line. These are kept as direct quotes."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = _multi(
        _("Has someone done any of these to the person?"),
        ACTION_QUESTIONS,
        _("Select all that apply."),
    )
    means = _multi(
        _("Was there any force, threat, deception or debt?"),
        MEANS_QUESTIONS,
        _("Select all that apply."),
    )
    purpose = _multi(_("What were they made to do?"), [], _("Select all that apply."))
    at_risk_of_going_missing = _tri_state(_("Might they go missing before they are safe?"))
    missing_now = _tri_state(_("Are they missing now?"))
    facilitated_border_crossing = _tri_state(
        _("Did someone help them cross a border, for payment?")
    )
    relationship_ended_on_arrival = _tri_state(
        _("If so, did that arrangement end when they arrived?")
    )
    consents_to_nrm = _tri_state(
        _("Adults only: do they agree to a referral to the National Referral Mechanism?"),
        _("Children never need to agree. Choose not known if you have not asked."),
    )
    care_and_support_needs = _tri_state(_("Adults only: do they have needs for care and support?"))
    unable_to_protect_self = _tri_state(
        _("Adults only: because of those needs, are they unable to protect themselves?")
    )
    access_refused = _tri_state(_("Adults only: has someone refused you access to them?"))
    body_map = BodyMapField()
    indicators = forms.MultipleChoiceField(
        required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )

    # The page's order, which follows the conversation (are they safe now, what was seen, what
    # they say and want), so the error summary lists problems in the order they are met.
    field_order = [
        "missing_now",
        "at_risk_of_going_missing",
        "observed_at",
        "observed_where",
        "account",
        "indicators",
        "body_map",
        "action",
        "means",
        "purpose",
        "facilitated_border_crossing",
        "relationship_ended_on_arrival",
        "quotes",
        "consents_to_nrm",
        "care_and_support_needs",
        "unable_to_protect_self",
        "access_refused",
    ]

    def __init__(self, *args: Any, audience: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purpose"]).choices = purpose_choices()
        self.groups = indicator_groups(audience)
        cast(forms.ChoiceField, self.fields["indicators"]).choices = [
            (i.id, i.id) for _name, members in self.groups for i in members
        ]


# An outcome records what was done: it cannot be later than now (issue 19).
WHEN_IT_WAS_DONE = HappenedValidator(
    in_the_future=_("When it was done cannot be in the future"),
    before_1990=_("When it was done must be in 1990 or later: check the year"),
)


class OutcomeForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=ActionOutcome.Status.choices, widget=forms.RadioSelect
    )
    happened_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"}
        ),
        error_messages={
            "required": _("Enter when it was done"),
            "invalid": _("Enter a real date and time"),
        },
        validators=[WHEN_IT_WAS_DONE],
    )
    reference = forms.CharField(label=_("Reference number, if any"), required=False, max_length=100)
    reason = forms.CharField(
        label=_("If not done, why not?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == ActionOutcome.Status.NOT_DONE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why it was not done"))
        return data


class AssignForm(GovukForm):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["assignee"]).queryset = members


class AddendumForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are you adding this?"),
        help_text=_("For example: a correction, or something learned later."),
        max_length=300,
        error_messages={"required": _("Say why you are adding this")},
    )
    text = forms.CharField(
        label=_("Addendum"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the addendum")},
    )


# The re-assessment form's fields and the case facts they set (issue 18, item 4).
REASSESS_FIELDS = {
    "age": "person.age",
    "age_disputed": "person.age_disputed",
    "immediate_danger": "situation.immediate_danger",
    "missing_now": "situation.missing_now",
    "at_risk_of_going_missing": "situation.at_risk_of_going_missing",
    "action": "elements.action",
    "means": "elements.means",
    "purpose": "elements.purpose",
    "indicators": "indicators",
    "facilitated_border_crossing": "smuggling.facilitated_border_crossing",
    "relationship_ended_on_arrival": "smuggling.relationship_ended_on_arrival",
    "care_and_support_needs": "adult.care_and_support_needs",
    "unable_to_protect_self": "adult.unable_to_protect_self",
    "access_refused": "adult.access_refused",
}
_TRI_STATE_OF = {True: "yes", False: "no", None: "not_known"}


class ReassessForm(GovukForm):
    """Correct or complete the facts the pathway uses. Every fact shows its current value; "not
    known" (or nothing ticked) leaves the fact unknown, never "no"."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    age = forms.IntegerField(
        label=_("How old are they?"),
        help_text=_("In years. Leave empty if not known: an unknown age is treated as a child’s."),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    age_disputed = _tri_state(_("Is their age disputed?"))
    immediate_danger = _tri_state(_("Is anyone in immediate danger?"))
    missing_now = _tri_state(_("Are they missing now?"))
    at_risk_of_going_missing = _tri_state(_("Might they go missing before they are safe?"))
    action = _multi(
        _("Has someone done any of these to the person?"),
        ACTION_QUESTIONS,
        _("Select all that apply."),
    )
    means = _multi(
        _("Was there any force, threat, deception or debt?"),
        MEANS_QUESTIONS,
        _("Select all that apply."),
    )
    purpose = _multi(_("What were they made to do?"), [], _("Select all that apply."))
    indicators = forms.MultipleChoiceField(
        required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    facilitated_border_crossing = _tri_state(
        _("Did someone help them cross a border, for payment?")
    )
    relationship_ended_on_arrival = _tri_state(
        _("If so, did that arrangement end when they arrived?")
    )
    care_and_support_needs = _tri_state(_("Adults only: do they have needs for care and support?"))
    unable_to_protect_self = _tri_state(
        _("Adults only: because of those needs, are they unable to protect themselves?")
    )
    access_refused = _tri_state(_("Adults only: has someone refused you access to them?"))
    reason = forms.CharField(
        label=_("Why are you correcting or completing these facts?"),
        help_text=_(
            "At least a sentence: what you learned, how and from whom. It is kept with the "
            "change and shown in the chronology."
        ),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give your reason for the change")},
    )

    def __init__(self, *args: Any, recorded: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each fact says what the concern recorded, beside the value it has now.
        for name, value in (recorded or {}).items():
            field = self.fields.get(name)
            if field is None or name == "indicators":
                continue
            when_recorded = _("When the concern was recorded: %(value)s") % {"value": value}
            field.help_text = (
                f"{field.help_text} {when_recorded}" if field.help_text else when_recorded
            )
            # The bound field was made (and its hint read) when the form was set up.
            bound = self[name]
            bound.help_text = field.help_text
            if bound.widget_type not in ("radioselect", "checkboxselectmultiple"):
                field.widget.attrs["aria-describedby"] = f"{bound.auto_id}-hint"
        cast(forms.ChoiceField, self.fields["purpose"]).choices = purpose_choices()
        # Every sign, for a child and an adult: a sign not offered would be dropped unseen.
        self.groups = indicator_groups(None)
        cast(forms.ChoiceField, self.fields["indicators"]).choices = [
            (i.id, i.id) for _name, members in self.groups for i in members
        ]

    def sign_groups(self) -> list[tuple[str, list[Indicator], bool]]:
        """Each group of signs, and whether one of them is ticked (the page opens it)."""
        chosen = set(self["indicators"].value() or [])
        return [
            (name, members, any(i.id in chosen for i in members)) for name, members in self.groups
        ]

    @staticmethod
    def initial_from(case: dict[str, Any]) -> dict[str, Any]:
        """The form's answers for the facts as they stand in a case."""
        initial: dict[str, Any] = {}
        for name, path in REASSESS_FIELDS.items():
            section, _dot, key = path.partition(".")
            value = case.get(section)
            if key:
                value = value.get(key) if isinstance(value, dict) else None
            if name == "age":
                initial[name] = value
            elif name in ("action", "means", "purpose", "indicators"):
                initial[name] = list(value or [])
            else:
                initial[name] = _TRI_STATE_OF.get(value, "not_known")
        return initial

    def facts(self) -> dict[str, Any]:
        """The answers as the pathway reads them, by case path: None where not known."""
        data = self.cleaned_data
        facts: dict[str, Any] = {}
        for name, path in REASSESS_FIELDS.items():
            value = data.get(name)
            if name == "age":
                facts[path] = value
            elif name in ("action", "means", "purpose", "indicators"):
                facts[path] = list(value or []) or None
            else:
                facts[path] = answer(value)
        return facts


class ReviewForm(GovukForm):
    risk_level = forms.ChoiceField(
        label=_("Risk level"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a risk level")},
    )
    risk_reason = forms.CharField(
        label=_("Why this risk level?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you chose this risk level")},
    )
    decision = forms.CharField(
        label=_("Your decision and reasoning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter your decision and reasoning")},
    )


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Closure.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for closing")},
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def action_label(code: str) -> str:
    label = load_vocabulary().action_codes.get(code)
    return _label(label.en, label.cy) if label else code


def who_label(code: str) -> str:
    label = load_vocabulary().who.get(code)
    return _label(label.en, label.cy) if label else code
