from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import User
from noddfa.core.forms import GovukForm
from noddfa.core.plausible_dates import HappenedValidator
from noddfa.directory.models import Service

from .models import AftercareOutcome, CaseOutcome, MissingRisk, NrmStatus, TaskOutcome


class Radios(forms.RadioSelect):
    """Radios whose label target is the first option, so the error summary link lands on
    the question instead of the top of the page."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)


def _when(
    label: str | Any,
    required: str | Any,
    help_text: str | Any = "",
    happened: HappenedValidator | None = None,
) -> forms.DateTimeField:
    # `happened`: the time records something that happened, so it cannot be in the future.
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        validators=[happened] if happened else [],
        widget=forms.DateTimeInput(
            format="%Y-%m-%dT%H:%M",
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
        ),
        error_messages={"required": required, "invalid": _("Enter a real date and time")},
    )


def _text(label: str | Any, required: str | Any | None = None, rows: int = 3, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required is not None,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
        **kw,
    )


class PlanForm(GovukForm):
    template = forms.CharField(widget=forms.HiddenInput)
    risks = _text(
        _("Risks"), _("Describe the risks"), help_text=_("Who or what could harm them, and how.")
    )
    contact_allowed = _text(_("Who may have contact"))
    contact_not_allowed = _text(
        _("Who must not have contact"),
        help_text=_("Describe people by role or relationship if names are not known."),
    )
    phone_and_internet = _text(
        _("Phone and internet"), _("Say what the phone and internet arrangements are")
    )
    supervision = _text(_("Supervision"), _("Say how the person is supervised"))
    safe_places = _text(_("Safe places"), help_text=_("Where they can go if they feel unsafe."))
    if_missing = _text(
        _("If they go missing"), _("Say what carers must do if the person goes missing")
    )
    who_to_call = _text(_("Who to call"), _("Say who to call"))
    review_on = forms.DateField(
        label=_("Review date"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the review date"), "invalid": _("Enter a real date")},
    )
    agreed_by = _text(
        _("Agreed by"),
        _("Name the professionals who agreed the plan"),
        help_text=_(
            "One professional on each line, with their role, for example: Sam Jones, social worker."
        ),
    )
    change_reason = _text(
        _("Why this version"),
        _("Say why you are making this version"),
        rows=2,
        help_text=_("For example: first plan, planned review, or what changed."),
    )
    # The version the page was opened at (0: no plan yet); a save from an older one is refused.
    based_on = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def clean_review_on(self) -> Any:
        review_on = self.cleaned_data["review_on"]
        if review_on <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future"))
        return review_on


class MissingForm(GovukForm):
    last_seen_at = _when(
        _("When were they last seen?"),
        _("Enter when they were last seen"),
        happened=HappenedValidator(
            in_the_future=_("When they were last seen cannot be in the future"),
            before_1990=_("When they were last seen must be in 1990 or later: check the year"),
        ),
    )
    last_seen_where = forms.CharField(
        label=_("Where were they last seen?"),
        max_length=300,
        error_messages={"required": _("Enter where they were last seen")},
    )
    description = _text(
        _("Description and clothing"),
        _("Describe the person and what they were wearing"),
        help_text=_("Height, build, hair, anything distinctive, and the clothes they had on."),
    )
    may_be_with = _text(_("Who they may be with"), rows=2)
    phone_numbers = forms.CharField(
        label=_("Phone numbers"),
        help_text=_("Numbers they may use or be called on."),
        required=False,
        max_length=300,
    )
    risk = forms.ChoiceField(
        label=_("Risk"),
        choices=MissingRisk.choices,
        widget=Radios,
        help_text=_("High risk means calling 999 now."),
        error_messages={"required": _("Choose the level of risk")},
    )


class ImmediateActionForm(GovukForm):
    done_at = _when(
        _("When was it done?"),
        _("Enter when it was done"),
        happened=HappenedValidator(
            in_the_future=_("When it was done cannot be in the future"),
            before_1990=_("When it was done must be in 1990 or later: check the year"),
        ),
    )
    reference = forms.CharField(
        label=_("Reference number"),
        help_text=_("For example, the police log number."),
        required=False,
        max_length=100,
    )


class ReturnForm(GovukForm):
    returned_at = _when(
        _("When did they return or were they found?"),
        _("Enter when they returned"),
        happened=HappenedValidator(
            in_the_future=_("When they returned cannot be in the future"),
            before_1990=_("When they returned must be in 1990 or later: check the year"),
        ),
    )
    found_where = forms.CharField(label=_("Where were they found?"), required=False, max_length=300)
    interview_offered = forms.BooleanField(
        label=_("A return interview was offered"), required=False
    )
    interview_held = forms.BooleanField(label=_("The return interview was held"), required=False)
    interviewed_by = forms.CharField(
        label=_("Who held the interview"),
        help_text=_("Name and role, for example an independent worker."),
        required=False,
        max_length=200,
    )
    learned = _text(
        _("What was learned"),
        rows=4,
        help_text=_("Where they were, with whom, and any risk found."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("interview_held"):
            if not data.get("interview_offered"):
                self.add_error(
                    "interview_offered", _("An interview that was held was also offered")
                )
            if not (data.get("interviewed_by") or "").strip():
                self.add_error("interviewed_by", _("Say who held the return interview"))
        return data


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class TaskForm(GovukForm):
    title = forms.CharField(
        label=_("Task"),
        help_text=_("For example: strategy meeting with police and social services."),
        max_length=200,
        error_messages={"required": _("Enter the task")},
    )
    due_at = _when(_("Due"), _("Enter when the task is due"))
    owner = MemberChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The team (nobody yet)"),
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["owner"]).queryset = members


class FinishTaskForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=TaskOutcome.choices,
        widget=Radios,
        error_messages={"required": _("Choose whether the task was done")},
    )
    note = _text(_("Note"), rows=2, help_text=_("Needed if the task was not done."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") == TaskOutcome.NOT_DONE and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the task was not done"))
        return data


class ServiceSelect(forms.Select):
    """Each service's option says which language its name is in, so an English proper name
    on a Welsh page (Childline, GLAA) is read as English."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        service = getattr(option["value"], "instance", None)
        if isinstance(service, Service):
            option["attrs"]["lang"] = service.name.lang
        return option


class ServiceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    widget = ServiceSelect

    def label_from_instance(self, obj: Service) -> str:
        return obj.name.text


class AftercareForm(GovukForm):
    service = ServiceChoiceField(
        label=_("Service from the directory"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Not in the directory"),
    )
    service_name = forms.CharField(
        label=_("Or the service's name"),
        help_text=_("If the service is not in the directory."),
        required=False,
        max_length=200,
    )
    referred_on = forms.DateField(
        label=_("Referred on"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={
            "required": _("Enter the date of the referral"),
            "invalid": _("Enter a real date"),
        },
    )
    reason = _text(_("What support is needed"), _("Say what support is needed"))

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["service"]).queryset = services

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("service") is None and not (data.get("service_name") or "").strip():
            self.add_error("service_name", _("Choose a service or enter its name"))
        return data


class AftercareOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in AftercareOutcome.choices if value],
        widget=Radios,
        error_messages={"required": _("Choose the outcome")},
    )
    note = _text(_("Note"), rows=2)


class TransitionForm(GovukForm):
    adult_services = _text(
        _("Adult services taking over"),
        _("Say which adult services will support the person"),
        help_text=_("Team, named worker and when they first meet the person."),
    )
    nrm_status = forms.ChoiceField(
        label=_("NRM status"),
        choices=NrmStatus.choices,
        widget=Radios,
        help_text=_("It carries over to adult services; from 18 the adult consent rules apply."),
        error_messages={"required": _("Choose the NRM status")},
    )
    nrm_reference = forms.CharField(label=_("NRM reference"), required=False, max_length=100)
    arrangements = _text(
        _("Housing, education, money and support after 18"),
        _("Describe the arrangements after the 18th birthday"),
        rows=4,
    )
    person_views = _text(_("What the person wants"), rows=3)


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=CaseOutcome.choices,
        widget=Radios,
        error_messages={"required": _("Choose an outcome")},
    )
    reason = _text(_("Reason"), _("Give the reason for closing"))


class ReopenForm(GovukForm):
    reason = _text(_("Why reopen the case?"), _("Give the reason for reopening the case"))


def _day(label: str | Any, required: str | Any, optional: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=not optional,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"required": required, "invalid": _("Enter a real date")},
    )


def _not_in_future(form: forms.Form, name: str) -> None:
    day = form.cleaned_data.get(name)
    if day is not None and day > timezone.localdate():
        form.add_error(name, _("The date cannot be in the future"))


class SchoolRegistrationForm(GovukForm):
    school = forms.CharField(
        label=_("School"),
        max_length=200,
        error_messages={"required": _("Enter the name of the school")},
    )
    registered_on = _day(_("Joined the roll on"), _("Enter the date the child joined the roll"))
    deregistered_on = _day(
        _("Taken off the roll on (if they have left)"), _("Enter a date"), optional=True
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _not_in_future(self, "registered_on")
        _not_in_future(self, "deregistered_on")
        joined, left = data.get("registered_on"), data.get("deregistered_on")
        if joined and left and left < joined:
            self.add_error("deregistered_on", _("The child cannot leave before they joined"))
        return data


class LeftSchoolForm(GovukForm):
    deregistered_on = _day(_("Taken off the roll on"), _("Enter the date they left"))

    def __init__(self, *args: Any, registered_on: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registered_on = registered_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _not_in_future(self, "deregistered_on")
        left = data.get("deregistered_on")
        if left and left < self.registered_on:
            self.add_error("deregistered_on", _("The child cannot leave before they joined"))
        return data
