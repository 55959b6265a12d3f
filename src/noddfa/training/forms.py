from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noddfa.accounts.models import User
from noddfa.core.forms import GovukForm

from .models import Course, Level


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class CourseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    def label_from_instance(self, obj: Course) -> str:
        return obj.display_title


class RecordTrainingForm(GovukForm):
    user = StaffChoiceField(
        label=_("Member of staff"),
        queryset=User.objects.none(),
        empty_label=_("Choose a member of staff"),
        error_messages={"required": _("Choose a member of staff")},
    )
    course = CourseChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        empty_label=_("Choose a course"),
        error_messages={"required": _("Choose a course")},
    )
    completed_on = forms.DateField(
        label=_("Date completed"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={
            "required": _("Enter the date the course was completed"),
            "invalid": _("Enter a real date"),
        },
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        help_text=_("For example, the certificate number or who delivered the course."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, staff: QuerySet[User], courses: QuerySet[Course], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["user"]).queryset = staff
        cast("forms.ModelChoiceField[Any]", self.fields["course"]).queryset = courses

    def clean_completed_on(self) -> Any:
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError(
                _("The date the course was completed must be today or in the past")
            )
        return completed_on


class CourseForm(GovukForm):
    title = forms.CharField(
        label=_("Course title"),
        max_length=200,
        error_messages={"required": _("Enter the course title")},
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=Level.choices, widget=forms.RadioSelect, initial=Level.OTHER
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    duration = forms.CharField(
        label=_("Length of course"),
        help_text=_("For example, 3 hours or 1 day."),
        required=False,
        max_length=64,
    )
    validity_months = forms.IntegerField(
        label=_("Valid for (months)"),
        help_text=_("Leave empty if the course does not need refreshing."),
        required=False,
        min_value=1,
        max_value=240,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "min_value": _("Enter a number of months of 1 or more"),
            "max_value": _("Enter a number of months of 240 or fewer"),
            "invalid": _("Enter a whole number of months"),
        },
    )
