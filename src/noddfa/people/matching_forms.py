from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from noddfa.core.forms import GovukForm

from .models import PairDecision


class LinkForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are these the same person?"),
        help_text=_("For example: same date of birth and school; the family confirmed it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why these are the same person")},
    )


class UnlinkForm(GovukForm):
    reason = forms.CharField(
        label=_("Why was the link wrong?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the link was wrong")},
    )


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Are these records the same person?"),
        choices=PairDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether these records are the same person")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for your decision")},
    )
