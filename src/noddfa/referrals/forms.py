from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import Organisation
from noddfa.core.forms import GovukForm
from noddfa.core.plausible_dates import HappenedValidator, happened_problem

from .fields import Field, fields_for
from .models import (
    DECISIONS_FOR,
    WRITTEN_CHANNELS,
    Channel,
    ConsentDecision,
    DecisionKind,
    Outcome,
    ReceiverDecision,
)

_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"}
)
_DATE = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"})


def _form_field(f: Field) -> forms.Field:
    # Every answer may be empty while the draft is being written; completeness is checked
    # when it is marked ready (validation.py), so the messages come from one place.
    common: dict[str, Any] = {"label": f.label, "help_text": f.help, "required": False}
    if f.type == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if f.type == "choice":
        return forms.ChoiceField(choices=list(f.choices), widget=forms.RadioSelect, **common)
    if f.type == "multichoice":
        return forms.MultipleChoiceField(
            choices=list(f.choices), widget=forms.CheckboxSelectMultiple, **common
        )
    if f.type == "date":
        # Kept as text so a wrong date comes back as typed, with a message that names it.
        return forms.CharField(
            widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
            **common,
        )
    if f.type == "integer":
        return forms.CharField(
            widget=forms.TextInput(
                attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
            ),
            **common,
        )
    return forms.CharField(**common)


class DraftForm(GovukForm):
    """The questions of one kind of referral; built by `draft_form` from its field list."""

    declared: list[Field] = []
    receiving_body = forms.ModelChoiceField(
        label=_("Receiving body"),
        help_text=_("The organisation the referral goes to, if it uses Noddfa."),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not in Noddfa"),
    )

    def __init__(self, *args: Any, receivers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["receiving_body"]).queryset = receivers

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            f.name: data.get(f.name) or ([] if f.type == "multichoice" else "")
            for f in self.declared
        }

    def add_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


def draft_form(kind: str, answers: dict[str, Any]) -> type[DraftForm]:
    declared = fields_for(kind, answers)
    attrs: dict[str, Any] = {f.name: _form_field(f) for f in declared}
    attrs["declared"] = declared
    return type("KindDraftForm", (DraftForm,), attrs)


class SubmissionForm(GovukForm):
    """The submission; for a kind that can go by more than one route, how it was made.
    `channels` comes from services.SUBMISSION_CHANNELS."""

    channel = forms.ChoiceField(
        label=_("How was it made?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        help_text=_("A report made by telephone is confirmed in writing within 24 hours."),
        error_messages={"required": _("Choose how the referral was made")},
    )
    external_reference = forms.CharField(
        label=_("Reference given by the receiving body"),
        help_text=_("For example, the NRM or local authority reference number."),
        max_length=100,
        error_messages={"required": _("Enter the reference given by the receiving body")},
    )
    submitted_at = forms.DateTimeField(
        label=_("When it was submitted"),
        widget=_DATETIME,
        error_messages={
            "required": _("Enter when it was submitted"),
            "invalid": _("Enter a real date and time"),
        },
        validators=[
            HappenedValidator(
                in_the_future=_("When it was submitted cannot be in the future"),
                before_1990=_("When it was submitted must be in 1990 or later: check the year"),
            )
        ],
    )

    def __init__(
        self,
        *args: Any,
        channels: tuple[str, ...] = (),
        reference_optional: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if reference_optional:
            # Sent to an organisation in Noddfa: the referral's own reference identifies it.
            self.fields["external_reference"].required = False
        if channels:
            field = cast(forms.ChoiceField, self.fields["channel"])
            field.choices = [(c, label) for c, label in Channel.choices if c in channels]
        else:
            del self.fields["channel"]


class WrittenConfirmationForm(GovukForm):
    channel = forms.ChoiceField(
        label=_("How was it confirmed in writing?"),
        choices=[(c, label) for c, label in Channel.choices if c in WRITTEN_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was confirmed in writing")},
    )
    confirmed_at = forms.DateTimeField(
        label=_("When it was confirmed"),
        widget=_DATETIME,
        error_messages={
            "required": _("Enter when it was confirmed"),
            "invalid": _("Enter a real date and time"),
        },
        validators=[
            HappenedValidator(
                in_the_future=_("When it was confirmed cannot be in the future"),
                before_1990=_("When it was confirmed must be in 1990 or later: check the year"),
            )
        ],
    )


class AcknowledgementForm(GovukForm):
    acknowledged_at = forms.DateTimeField(
        label=_("When it was acknowledged"),
        widget=_DATETIME,
        error_messages={
            "required": _("Enter when it was acknowledged"),
            "invalid": _("Enter a real date and time"),
        },
        validators=[
            HappenedValidator(
                in_the_future=_("When it was acknowledged cannot be in the future"),
                before_1990=_("When it was acknowledged must be in 1990 or later: check the year"),
            )
        ],
    )
    external_reference = forms.CharField(
        label=_("Their reference, if any"), max_length=100, required=False
    )


class ResponseForm(GovukForm):
    accepted = forms.ChoiceField(
        label=_("What did the receiving body decide?"),
        choices=[("yes", _("Accepted")), ("no", _("Declined"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accepted or declined")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed when the referral was declined."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responded_at = forms.DateTimeField(
        label=_("When they decided"),
        widget=_DATETIME,
        error_messages={
            "required": _("Enter when they decided"),
            "invalid": _("Enter a real date and time"),
        },
        validators=[
            HappenedValidator(
                in_the_future=_("When they decided cannot be in the future"),
                before_1990=_("When they decided must be in 1990 or later: check the year"),
            )
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("accepted") == "no" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason it was declined"))
        return data


def _decision_date_happened(value: date) -> None:
    """A decision's date is one it was made on: not later than today, not before 1990."""
    problem = happened_problem(
        datetime.combine(value, time.min, tzinfo=UTC),
        datetime.combine(timezone.localdate(), time.max, tzinfo=UTC),
        in_the_future=_("The date of the decision cannot be in the future"),
        before_1990=_("The date of the decision must be in 1990 or later: check the year"),
    )
    if problem is not None:
        raise forms.ValidationError(problem.message, code=problem.code)


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Leave empty for a request for reconsideration."),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=_DATE,
        error_messages={
            "required": _("Enter the date of the decision"),
            "invalid": _("Enter a real date"),
        },
        validators=[_decision_date_happened],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(GovukForm):
    explained_by = forms.CharField(
        label=_("Who explained the NRM to them?"),
        max_length=200,
        error_messages={"required": _("Enter who explained the NRM")},
    )
    language = forms.CharField(
        label=_("Which language was it explained in?"),
        max_length=100,
        error_messages={"required": _("Enter the language it was explained in")},
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter was used"), required=False)
    decision = forms.ChoiceField(
        label=_("What did they decide?"),
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what they decided")},
    )
    agrees_to_be_named = forms.BooleanField(
        label=_("They agree to be named if a Duty to Notify is made"), required=False
    )
    decided_at = forms.DateTimeField(
        label=_("When they decided"),
        widget=_DATETIME,
        error_messages={
            "required": _("Enter when they decided"),
            "invalid": _("Enter a real date and time"),
        },
        validators=[
            HappenedValidator(
                in_the_future=_("When they decided cannot be in the future"),
                before_1990=_("When they decided must be in 1990 or later: check the year"),
            )
        ],
    )


class PolicyForm(GovukForm):
    nrm_submission_requires_training = forms.BooleanField(
        label=_("Only staff with first responder training may mark an NRM referral as submitted"),
        required=False,
    )


class InboxDecisionForm(GovukForm):
    """The receiving organisation's decision on a referral in its inbox."""

    decision = forms.ChoiceField(
        label=_("What did you decide?"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed for no further action. The referrer reads it."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["decision"])
        field.choices = [(c, ReceiverDecision(c).label) for c in DECISIONS_FOR.get(kind, ())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nothing = data.get("decision") == ReceiverDecision.NO_FURTHER_ACTION
        if nothing and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for no further action"))
        return data


class HandOverForm(GovukForm):
    receiver = forms.ModelChoiceField(
        label=_("Which first responder should make it?"),
        help_text=_("The police or a local authority that uses Noddfa."),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not in Noddfa: I will print it and give it to them"),
        widget=forms.RadioSelect,
        blank=True,  # radios show the empty choice only when told it is a real answer
    )

    def __init__(self, *args: Any, receivers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["receiver"]).queryset = receivers


class ConfirmForm(GovukForm):
    """A step with nothing to type (send, acknowledge): one button, the form flow's errors."""


class CopySafetyForm(GovukForm):
    """Asked before a copy for the person is made: a copy found by the wrong person can put
    them in danger (issue 19)."""

    safe = forms.ChoiceField(
        label=_("Is it safe for them to keep a copy?"),
        choices=(
            ("yes", _("Yes: they want a copy, and only they are likely to see it")),
            ("no", _("No, or not sure: someone else may see it")),
        ),
        widget=forms.RadioSelect,
        help_text=_(
            "Ask them somewhere private who else sees their things, their bag or their phone."
        ),
        error_messages={"required": _("Choose whether it is safe for them to keep a copy")},
    )
