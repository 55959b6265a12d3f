"""A person's chronology: a filterable page that prints cleanly, and the same as a PDF.

The filters are kinds of entry and dates only, so the query string that carries them to
the PDF link never holds personal data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from noddfa.accounts.models import User
from noddfa.core.forms import GovukForm
from noddfa.core.http import signed_in_user
from noddfa.people.models import Person
from noddfa.people.selectors import person_for_viewing

from . import chronology_pdf as pdf
from .chronology import ChronologyEntry
from .chronology import chronology as gather_chronology

if TYPE_CHECKING:  # Django's lazy text as its stubs type it: a str or a lazy str
    from django_stubs_ext import StrOrPromise
_DATE_CLASSES = "govuk-input govuk-input--width-10"

# Plural names for the filter; the table names each entry in the singular.
KIND_CHOICES: Sequence[tuple[str, StrOrPromise]] = (
    ("concern", gettext_lazy("Concerns")),
    ("addendum", gettext_lazy("Addenda")),
    ("review", gettext_lazy("Lead reviews")),
    ("action", gettext_lazy("Action outcomes")),
    ("closure", gettext_lazy("Closures")),
    ("sharing", gettext_lazy("Sharing decisions")),
    ("referral", gettext_lazy("Referrals")),
    ("plan", gettext_lazy("Safety plans")),
    ("missing", gettext_lazy("Missing episodes")),
    ("case", gettext_lazy("Case status")),
)


def _date_field(label: StrOrPromise, hint: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=hint,
        widget=forms.DateInput(attrs={"type": "date", "class": _DATE_CLASSES}),
        error_messages={"invalid": gettext_lazy("Enter a real date, like 2026-11-01")},
    )


class ChronologyFilterForm(GovukForm):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave all unticked to show everything."),
    )
    date_from = _date_field(gettext_lazy("From"), gettext_lazy("For example, 2026-11-01"))
    date_to = _date_field(gettext_lazy("To"), gettext_lazy("For example, 2026-11-30"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", gettext_lazy("The end date must be the same as or after the start date")
            )
        return data


@dataclass(frozen=True)
class ChronologyFilter:
    kinds: frozenset[str] = frozenset()
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_form(cls, form: ChronologyFilterForm) -> ChronologyFilter:
        # Only the fields that validated apply: a mistyped date shows an error on the page
        # rather than hiding entries the user did not mean to hide.
        data: dict[str, Any] = {}
        if form.is_bound:
            form.is_valid()
            data = form.cleaned_data
        return cls(
            kinds=frozenset(data.get("kinds") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def keeps(self, entry: ChronologyEntry) -> bool:
        day = timezone.localtime(entry.at).date()
        if self.date_from is not None and day < self.date_from:
            return False
        return self.date_to is None or day <= self.date_to

    def query(self) -> str:
        """The filter as a query string, rebuilt from validated values only."""
        query = QueryDict(mutable=True)
        query.setlist("kinds", sorted(self.kinds))
        if self.date_from is not None:
            query["date_from"] = self.date_from.isoformat()
        if self.date_to is not None:
            query["date_to"] = self.date_to.isoformat()
        return query.urlencode()

    def describe(self) -> list[str]:
        """The filter in words, for the PDF's record of what it leaves out."""
        labels = dict(KIND_CHOICES)
        described = []
        if self.kinds:
            names = ", ".join(
                str(labels[kind]) for kind, _label in KIND_CHOICES if kind in self.kinds
            )
            described.append(_("Only: %(kinds)s") % {"kinds": names})
        if self.date_from is not None:
            described.append(_("From %(date)s") % {"date": date_format(self.date_from, "j F Y")})
        if self.date_to is not None:
            described.append(_("To %(date)s") % {"date": date_format(self.date_to, "j F Y")})
        return described


def _entries(user: User, person: Person, chosen: ChronologyFilter) -> list[ChronologyEntry]:
    found = gather_chronology(user, person, set(chosen.kinds) or None)
    return [entry for entry in found if chosen.keeps(entry)]


def _filter_from(request: HttpRequest) -> tuple[ChronologyFilterForm, ChronologyFilter]:
    form = ChronologyFilterForm(request.GET or None)
    return form, ChronologyFilter.from_form(form)


@never_cache
@login_required
def chronology(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    form, chosen = _filter_from(request)
    entries = _entries(user, person, chosen)
    context = {
        "person": person,
        "form": form,
        "entries": [(entry, pdf.kind_label(entry.kind)) for entry in entries],
        "filtered": chosen != ChronologyFilter(),
        "query": chosen.query(),
        "now": timezone.now(),
    }
    return render(request, "concerns/chronology.html", context)


def _export(user: User, person: Person, chosen: ChronologyFilter) -> pdf.ChronologyExport:
    organisation = str(user.organisation) if user.organisation else ""
    return pdf.ChronologyExport(
        person_name=str(person),
        date_of_birth=person.date_of_birth,
        age_disputed=person.age_disputed,
        exported_by=user.full_name,
        organisation=organisation,
        exported_at=timezone.now(),
        filters=chosen.describe(),
        entries=_entries(user, person, chosen),
        language=get_language() or "en",
    )


def pdf_filename() -> str:
    # The date only: a download folder or an email attachment must not name the person.
    return f"chronology-{timezone.localdate():%Y-%m-%d}.pdf"


@never_cache
@login_required
def chronology_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_viewing(user, person_id)
    _form, chosen = _filter_from(request)
    export = _export(user, person, chosen)
    content = pdf.exported_by(user, person, export)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename()}"'
    response["Cache-Control"] = "no-store"
    return response
