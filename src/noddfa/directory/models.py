from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import phones as numbering
from .choices import (
    COUNTRY_NAMES,
    NATIONS_COVERED,
    Audience,
    Nation,
    Need,
    PhoneLabel,
    Status,
    country_name,
    language_name,
)


@dataclass(frozen=True)
class LocalisedText:
    """Text in the reader's language when we have it, else English, with the language it is in
    so the page can mark English fallbacks with lang="en" for screen readers."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        # "{% if phone.note %}" asks whether there is any text, in either language.
        return bool(self.text)


@dataclass(frozen=True)
class PhoneLine:
    """One number of a service as a page lists it: its label, the text shown, the address a
    tap dials ("" when it must not be tapped) and a warning about where it works ("" if none)."""

    label: str
    shown: str
    href: str
    warning: str | Promise
    note: LocalisedText


# What a page says beside a number that is not simply available (see phones.dialling).
_UNCONFIRMED = _(
    "Not confirmed: this number may be incomplete or out of date. Check it before you rely on it."
)
_WHERE_IT_WORKS = {
    numbering.LOCAL_SHORT_CODE: _("A short number: it only works from a phone in {country}."),
    numbering.FREEPHONE_IN_COUNTRY: _(
        "Free to call from a phone in {country}; it may not work from the UK."
    ),
    numbering.IN_COUNTRY_ONLY: _("May only work from a phone in {country}."),
}


def availability_warning(availability: str, country: str) -> str | Promise:
    if availability == numbering.UNCONFIRMED:
        return _UNCONFIRMED
    if availability in _WHERE_IT_WORKS:
        return format_lazy(
            _WHERE_IT_WORKS[availability], country=COUNTRY_NAMES.get(country, country)
        )
    return ""


def _in_reader_language(english: str, welsh: str) -> LocalisedText:
    """The Welsh where there is Welsh. A Welsh text that is the English word for word (a
    proper name with no Welsh form: Childline, GLAA) is English, so the page marks it
    lang="en" and a screen reader says it as English."""
    if (get_language() or "en").startswith("cy") and welsh and welsh != english:
        return LocalisedText(welsh, "cy")
    return LocalisedText(english, "en")


class Service(models.Model):
    """A helpline or service people can be pointed to: shared by every organisation."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    nation = models.CharField(
        _("part of the UK"), max_length=24, choices=Nation.choices, blank=True
    )
    email = models.CharField(_("email address"), max_length=200, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    hours_en = models.CharField(_("opening hours in English"), max_length=300, blank=True)
    hours_cy = models.CharField(_("opening hours in Welsh"), max_length=300, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    audiences = models.JSONField(_("who it is for"), default=list)
    needs = models.JSONField(_("what it is for"), default=list)
    description_en = models.TextField(_("description in English"))
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    source = models.CharField(_("source"), max_length=500)
    source_cy = models.CharField(_("source in Welsh"), max_length=500, blank=True)
    status = models.CharField(_("how far it is confirmed"), max_length=16, choices=Status.choices)
    last_checked = models.DateField(_("last checked"))
    for_actions = models.JSONField(_("pathway actions it helps with"), default=list, blank=True)
    # Order in lists: the data file's order, so 999 comes first; admin-added entries follow.
    position = models.PositiveIntegerField(default=1000)
    # True while the data file owns the entry. An administrator's edit takes it over, so a
    # later load never undoes a correction made by a person.
    from_data_file = models.BooleanField(default=False, editable=False)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    retired_reason = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("helpline or service")

    def __str__(self) -> str:
        return self.name_en

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    @property
    def name(self) -> LocalisedText:
        return _in_reader_language(self.name_en, self.name_cy)

    @property
    def description(self) -> LocalisedText:
        return _in_reader_language(self.description_en, self.description_cy)

    @property
    def hours(self) -> LocalisedText:
        return _in_reader_language(self.hours_en, self.hours_cy)

    @property
    def cited_source(self) -> LocalisedText:
        """Where the facts come from, in the reader's language (documents keep their titles)."""
        return _in_reader_language(self.source, self.source_cy)

    @property
    def place(self) -> str:
        """Where it works, as a reader would say it: Wales, England and Wales, France."""
        if self.country == "GB" and self.nation and self.nation != Nation.UK:
            return str(Nation(self.nation).label)
        return country_name(self.country)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    @property
    def audience_names(self) -> list[str]:
        return [str(Audience(code).label) for code in self.audiences if code in Audience.values]

    @property
    def need_names(self) -> list[str]:
        return [str(Need(code).label) for code in self.needs if code in Need.values]

    @property
    def phone_lines(self) -> list[PhoneLine]:
        """The numbers as a page lists them (uses the prefetched phones).

        Where the directory gives a number "from outside the country" that is the same number
        as another of the service's (Hungary's line, written once nationally and once with
        0036), the source says it works from abroad: it is listed once, without a warning.
        """
        numbers = list(self.phones.all())
        from_abroad = {
            phone.e164 for phone in numbers if phone.label == PhoneLabel.FROM_ABROAD and phone.e164
        }
        lines: list[PhoneLine] = []
        seen: set[str] = set()
        for phone in numbers:
            if phone.e164 and phone.e164 in seen:
                continue
            if phone.e164:
                seen.add(phone.e164)
            way = phone.dialling(for_calls_from_abroad=phone.e164 in from_abroad)
            lines.append(
                PhoneLine(
                    label=str(phone.get_label_display()),
                    shown=way.shown,
                    href=way.href,
                    warning=availability_warning(way.availability, self.country),
                    note=_in_reader_language(phone.note, phone.note_cy),
                )
            )
        return lines

    def serves_nation(self, nation: str) -> bool:
        """Whether a GB service works in one UK nation (wales, england, ...)."""
        return self.country == "GB" and nation in NATIONS_COVERED.get(self.nation, frozenset())


class PhoneNumber(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("label"), max_length=16, choices=PhoneLabel.choices)
    display = models.CharField(_("number as shown"), max_length=40)
    # Empty for short codes (999, 101, 116 111) and numbers phonenumbers cannot confirm:
    # those are dialled exactly as shown.
    e164 = models.CharField(_("international form"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    note_cy = models.CharField(_("note in Welsh"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("phone number")

    def __str__(self) -> str:
        return self.display

    def dialling(self, *, for_calls_from_abroad: bool = False) -> numbering.Dialling:
        return numbering.dialling(
            self.display,
            self.e164,
            self.service.country,
            scheme="sms" if self.label == PhoneLabel.TEXT else "tel",
            for_calls_from_abroad=for_calls_from_abroad or self.label == PhoneLabel.FROM_ABROAD,
        )

    @property
    def href(self) -> str:
        """The address a tap dials, or "" where a tap must not dial (phones.dialling)."""
        return self.dialling().href
