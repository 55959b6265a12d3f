from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from noddfa.audit.models import AuditAction
from noddfa.core.forms import GovukForm

from .models import User
from .selectors import TrailFilter

if TYPE_CHECKING:  # Django's lazy text as its stubs type it: a str or a lazy str
    from django_stubs_ext import StrOrPromise
_DATE_CLASSES = "govuk-input govuk-input--width-10"


def _date_field(label: StrOrPromise, hint: StrOrPromise, invalid: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=hint,
        widget=forms.DateInput(attrs={"type": "date", "class": _DATE_CLASSES}),
        error_messages={"invalid": invalid},
    )


class TrailFilterForm(GovukForm):
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("Anything")), *AuditAction.choices],
    )
    actor = forms.ModelChoiceField(
        label=_("Who"), required=False, queryset=User.objects.none(), empty_label=_("Anyone")
    )
    date_from = _date_field(
        _("From"), _("For example, 2026-11-01"), _("Enter a real date, like 2026-11-01")
    )
    date_to = _date_field(
        _("To"), _("For example, 2026-11-30"), _("Enter a real date, like 2026-11-30")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["actor"]).queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be the same as or after the start date"))
        return data

    @staticmethod
    def empty() -> TrailFilter:
        return TrailFilter()

    def trail_filter(self) -> TrailFilter:
        data = self.cleaned_data if self.is_valid() else {}
        actor = data.get("actor")
        return TrailFilter(
            action=data.get("action") or "",
            actor_id=actor.pk if actor is not None else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
