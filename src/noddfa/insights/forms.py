from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from noddfa.core.forms import GovukForm

from .regions import AREA_NAMES


class FilterForm(GovukForm):
    """Which whole year and which area: fixed bands, so no two choices partly overlap."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, years: list[int], areas: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(year, str(year)) for year in years]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("The whole region"))] + [
            (area, AREA_NAMES[area]) for area in areas
        ]
        self.fields["year"].error_messages["invalid_choice"] = _("Choose one of the years listed")
        self.fields["area"].error_messages["invalid_choice"] = _("Choose an area in your region")
