from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from noddfa.core.forms import GovukForm
from noddfa.pathway.vocabulary import load_vocabulary

from .choices import COUNTRY_NAMES, LANGUAGE_NAMES, Audience, Nation, Need, PhoneLabel, Status
from .models import Service
from .phones import is_dialable
from .selectors import places_for_filter
from .services import PhoneDetails, ServiceDetails

PHONE_ROWS = 3
# Addresses under /directory/ that are pages, not services.
RESERVED_KEYS = frozenset({"new"})


class DirectorySearchForm(GovukForm):
    """Filters sent by GET: they describe services, never a person, so may sit in an address."""

    q = forms.CharField(label=_("Search by name, words or number"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    audience = forms.MultipleChoiceField(
        label=_("Who it is for"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    need = forms.MultipleChoiceField(
        label=_("What it is for"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", _("All countries"))] + [
            (option.value, option.label) for option in places_for_filter()
        ]


def _action_choices() -> list[tuple[str, str]]:
    welsh = (get_language() or "en").startswith("cy")
    return [
        (code, label.cy if welsh else label.en)
        for code, label in load_vocabulary().action_codes.items()
    ]


class ServiceForm(GovukForm):
    key = forms.SlugField(
        label=_("Key"),
        help_text=_("A short fixed name for addresses and the audit trail, like bawso_cardiff."),
        max_length=64,
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_cy = forms.CharField(
        label=_("Name in Welsh"),
        help_text=_("Leave empty if the service has no Welsh name."),
        max_length=200,
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=sorted(COUNTRY_NAMES.items(), key=lambda item: str(item[1]))
    )
    nation = forms.ChoiceField(
        label=_("Where in the UK it works"),
        help_text=_("Only for services in the United Kingdom."),
        choices=[("", _("Not in the UK")), *Nation.choices],
        required=False,
    )
    email = forms.EmailField(label=_("Email address"), max_length=200, required=False)
    website = forms.CharField(
        label=_("Website"),
        help_text=_("Shown as text, not as a link, for example meic.cymru."),
        max_length=300,
        required=False,
    )
    hours_en = forms.CharField(label=_("Opening hours in English"), max_length=300, required=False)
    hours_cy = forms.CharField(label=_("Opening hours in Welsh"), max_length=300, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages it answers in"),
        choices=list(LANGUAGE_NAMES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who it is for"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select who the service is for")},
    )
    needs = forms.MultipleChoiceField(
        label=_("What it is for"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what the service is for")},
    )
    description_en = forms.CharField(
        label=_("Description in English"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description_cy = forms.CharField(
        label=_("Description in Welsh"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.CharField(
        label=_("Source"),
        help_text=_("Where these details come from, so others can check them."),
        max_length=500,
    )
    source_cy = forms.CharField(
        label=_("Source in Welsh"),
        help_text=_("The same in Welsh; a document's own title may stay as it is."),
        max_length=500,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("How far it is confirmed"), choices=Status.choices, widget=forms.RadioSelect
    )
    last_checked = forms.DateField(
        label=_("Last checked"),
        help_text=_("For example, 25/11/2026"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    for_actions = forms.MultipleChoiceField(
        label=_("Show it beside these pathway actions"),
        choices=_action_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, adding: bool = True, **kwargs: Any) -> None:
        self.adding = adding
        super().__init__(*args, **kwargs)
        for row in range(1, PHONE_ROWS + 1):
            self.fields[f"phone_{row}_label"] = forms.ChoiceField(
                label=_("Phone %(row)s: kind") % {"row": row},
                choices=PhoneLabel.choices,
                required=False,
            )
            self.fields[f"phone_{row}"] = forms.CharField(
                label=_("Phone %(row)s: number as it is dialled in that country") % {"row": row},
                max_length=40,
                required=False,
            )
            self.fields[f"phone_{row}_note"] = forms.CharField(
                label=_("Phone %(row)s: note") % {"row": row}, max_length=200, required=False
            )
            self.fields[f"phone_{row}_note_cy"] = forms.CharField(
                label=_("Phone %(row)s: note in Welsh") % {"row": row},
                max_length=200,
                required=False,
            )
        if not adding:
            del self.fields["key"]
        names = list(self.fields)
        phones = [name for name in names if name.startswith("phone_")]
        rest = [name for name in names if not name.startswith("phone_")]
        after = rest.index("nation") + 1
        self.order_fields(rest[:after] + phones + rest[after:])
        # The GOV.UK classes are applied by GovukForm.__init__ to fields present then.
        for name, field in self.fields.items():
            if name.startswith("phone_"):
                default = "govuk-select" if name.endswith("_label") else "govuk-input"
                field.widget.attrs.setdefault("class", default)

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if key in RESERVED_KEYS:
            raise forms.ValidationError(_("Choose another key: this one names a page"))
        if Service.objects.filter(key=key).exists():
            raise forms.ValidationError(_("A service already has this key"))
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        country = cleaned.get("country", "")
        if country == "GB" and not cleaned.get("nation"):
            self.add_error("nation", _("Select where in the UK the service works"))
        for row in range(1, PHONE_ROWS + 1):
            number = cleaned.get(f"phone_{row}", "").strip()
            if number and country and not is_dialable(number, country):
                self.add_error(
                    f"phone_{row}",
                    _("Enter the number as it is dialled in that country, like 0800 808 3733"),
                )
        has_phone = any(cleaned.get(f"phone_{row}") for row in range(1, PHONE_ROWS + 1))
        if not (has_phone or cleaned.get("website") or cleaned.get("email")):
            self.add_error("phone_1", _("Enter a phone number, a website or an email address"))
        return cleaned

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        phones = [
            PhoneDetails(
                label=data[f"phone_{row}_label"] or PhoneLabel.MAIN,
                display=data[f"phone_{row}"].strip(),
                note=data[f"phone_{row}_note"],
                note_cy=data[f"phone_{row}_note_cy"],
            )
            for row in range(1, PHONE_ROWS + 1)
            if data.get(f"phone_{row}", "").strip()
        ]
        return ServiceDetails(
            name_en=data["name_en"],
            name_cy=data["name_cy"],
            country=data["country"],
            nation=data["nation"] if data["country"] == "GB" else "",
            email=data["email"],
            website=data["website"],
            hours_en=data["hours_en"],
            hours_cy=data["hours_cy"],
            languages=data["languages"],
            audiences=data["audiences"],
            needs=data["needs"],
            description_en=data["description_en"],
            description_cy=data["description_cy"],
            source=data["source"],
            source_cy=data["source_cy"],
            status=data["status"],
            last_checked=data["last_checked"],
            for_actions=data["for_actions"],
            phones=phones,
        )


def initial_for(service: Service) -> dict[str, Any]:
    """The edit form's starting values: the service as it stands."""
    initial: dict[str, Any] = {
        name: getattr(service, name)
        for name in ServiceForm.base_fields
        if name != "key" and hasattr(service, name)
    }
    initial["last_checked"] = service.last_checked.strftime("%d/%m/%Y")
    for row, phone in enumerate(service.phones.all()[:PHONE_ROWS], start=1):
        initial[f"phone_{row}_label"] = phone.label
        initial[f"phone_{row}"] = phone.display
        initial[f"phone_{row}_note"] = phone.note
        initial[f"phone_{row}_note_cy"] = phone.note_cy
    return initial


class RetireForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is this service being retired?"),
        help_text=_("For example, the number no longer works or the service has closed."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the service is being retired")},
    )
