from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from noddfa.core.forms import GovukForm

from .models import LawfulBasis
from .sharing import reason_problem

if TYPE_CHECKING:
    from noddfa.accounts.models import Organisation


class PersonSearchForm(GovukForm):
    q = forms.CharField(
        label=_("Search by name"),
        help_text=_(
            "Given name, family name or another name they use. The start of a name is enough."
        ),
        required=False,
        max_length=100,
    )


class ShareForm(GovukForm):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Local authority safeguarding team"),
        queryset=None,
        empty_label=_("Choose a team"),
        error_messages={"required": _("Choose who to share with")},
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        initial=LawfulBasis.SAFEGUARDING,
    )
    reason = forms.CharField(
        label=_("Why do they need to know?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why they need to know")},
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["organisation"]).queryset = teams

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"])
        problem = reason_problem(reason)
        if problem is not None:
            raise forms.ValidationError(problem)
        return reason
