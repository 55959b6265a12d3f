"""The error summary of a GOV.UK form links to the answer that needs fixing."""

from __future__ import annotations

import re

from django import forms

from noddfa.core.forms import GovukForm


class _Question(GovukForm):
    risk = forms.ChoiceField(
        label="Risk", choices=[("high", "High"), ("low", "Low")], widget=forms.RadioSelect
    )
    place = forms.CharField(label="Where")


def test_an_unanswered_radio_question_links_to_its_first_option() -> None:
    html = str(_Question(data={}))
    links = re.findall(r'<a href="#([^"]*)">', html)
    assert links == ["id_risk_0", "id_place"]
    assert 'id="id_risk_0"' in html  # the link has somewhere to go
