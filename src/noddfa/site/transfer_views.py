"""The page that exports a person's record for a lawful transfer."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from noddfa.accounts.models import Organisation
from noddfa.core.forms import GovukForm
from noddfa.core.http import signed_in_user
from noddfa.people.models import LawfulBasis
from noddfa.people.selectors import person_for_viewing

from .transfer import (
    TRANSFER_REASONS,
    Transfer,
    can_export_for_transfer,
    export_for_transfer,
    receiving_organisations,
)

FORMATS = [
    ("pdf", _("PDF, to read and print")),
    ("json", _("JSON, for another system to import")),
]


class TransferForm(GovukForm):
    receiving_organisation = forms.ModelChoiceField(
        label=_("Receiving organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the organisation receiving the record")},
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the lawful basis for the transfer")},
    )
    reason = forms.ChoiceField(
        label=_("Why the record is being transferred"),
        choices=TRANSFER_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the record is being transferred")},
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMATS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a format")},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Any]", self.fields["receiving_organisation"]
        ).queryset = organisations


@never_cache
@login_required
def transfer(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    if not can_export_for_transfer(user, person):
        raise PermissionDenied
    organisations = receiving_organisations(user, person)
    form = TransferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = Transfer(data["receiving_organisation"], data["lawful_basis"], data["reason"])
        kind = data["file_format"]
        content = export_for_transfer(user, person, chosen, file_format=kind)
        response = HttpResponse(
            content, content_type="application/json" if kind == "json" else "application/pdf"
        )
        # The file is named by the record's id only: a name in a file name leaks into logs.
        response["Content-Disposition"] = (
            f'attachment; filename="noddfa-transfer-{person.pk}.{kind}"'
        )
        return response
    return render(request, "site/transfer.html", {"person": person, "form": form})
