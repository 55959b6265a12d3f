"""The optional body map: where on the body an injury was seen, by region, with a short note.

The picture is a convenience; the list of regions is the record and the accessible
equivalent. What is stored on a concern is a list of {"region": code, "note": text}, in the
order of the regions below, so two records of the same injuries always read the same way.

Form data uses fixed names (one body map per page): a checkbox ``body_map_region`` per region
ticked, and ``body_map_note_<code>`` for its note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REGION_FIELD = "body_map_region"
NOTE_FIELD_PREFIX = "body_map_note_"
NOTE_MAX_LENGTH = 500

FRONT = "front"
BACK = "back"


@dataclass(frozen=True)
class BodyRegion:
    # The code is stored on concerns: never rename or reuse one, only add.
    code: str
    label: str | Promise
    view: str


BODY_REGIONS: tuple[BodyRegion, ...] = (
    BodyRegion("head", _("Head (top, sides or back)"), BACK),
    BodyRegion("face", _("Face"), FRONT),
    BodyRegion("neck", _("Neck"), FRONT),
    BodyRegion("chest", _("Chest"), FRONT),
    BodyRegion("abdomen", _("Stomach (abdomen)"), FRONT),
    BodyRegion("back_upper", _("Upper back"), BACK),
    BodyRegion("back_lower", _("Lower back"), BACK),
    BodyRegion("buttocks", _("Buttocks"), BACK),
    BodyRegion("genitals", _("Genital area"), FRONT),
    BodyRegion("left_arm", _("Left arm"), FRONT),
    BodyRegion("right_arm", _("Right arm"), FRONT),
    BodyRegion("left_hand", _("Left hand or wrist"), FRONT),
    BodyRegion("right_hand", _("Right hand or wrist"), FRONT),
    BodyRegion("left_leg", _("Left leg"), FRONT),
    BodyRegion("right_leg", _("Right leg"), FRONT),
    BodyRegion("left_foot", _("Left foot or ankle"), FRONT),
    BodyRegion("right_foot", _("Right foot or ankle"), FRONT),
)
REGION_CODES: tuple[str, ...] = tuple(region.code for region in BODY_REGIONS)
_REGIONS_BY_CODE = {region.code: region for region in BODY_REGIONS}

BodyMapEntry = dict[str, str]


def region_label(code: str) -> str | Promise:
    region = _REGIONS_BY_CODE.get(code)
    return region.label if region is not None else code


def _as_list(data: Mapping[str, Any], name: str) -> list[str]:
    # A QueryDict holds every ticked box; a plain mapping (a saved draft) holds a list or one.
    getlist = getattr(data, "getlist", None)
    if getlist is not None:
        return [str(value) for value in getlist(name)]
    value = data.get(name, [])
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def _note(data: Mapping[str, Any], code: str) -> str:
    value = data.get(NOTE_FIELD_PREFIX + code, "")
    return " ".join(str(value or "").split())


def entries_from_form_data(data: Mapping[str, Any]) -> list[BodyMapEntry]:
    """Ticked regions with their notes; unknown codes are dropped, whitespace is tidied.

    Notes are not shortened here, so a form can say a note is too long rather than lose words.
    """
    ticked = set(_as_list(data, REGION_FIELD))
    return [{"region": code, "note": _note(data, code)} for code in REGION_CODES if code in ticked]


def read_body_map(data: Mapping[str, Any]) -> list[BodyMapEntry]:
    """Form data to stored entries, never failing: a note past the limit is cut to it.

    For autosaved drafts, where a page must never refuse to save; a submitted concern goes
    through BodyMapField, which says a note is too long instead.
    """
    return [
        {"region": entry["region"], "note": entry["note"][:NOTE_MAX_LENGTH]}
        for entry in entries_from_form_data(data)
    ]


def clean_entries(entries: Any) -> list[BodyMapEntry]:
    """Stored or submitted entries, checked: known regions only, once each, in list order."""
    by_code: dict[str, str] = {}
    for entry in entries or []:
        if not isinstance(entry, Mapping):
            continue
        code = str(entry.get("region", ""))
        if code in _REGIONS_BY_CODE and code not in by_code:
            by_code[code] = " ".join(str(entry.get("note") or "").split())
    return [{"region": code, "note": by_code[code]} for code in REGION_CODES if code in by_code]


def form_data_from_entries(entries: Any) -> dict[str, Any]:
    """Stored entries back to form data, so a draft or a failed submission shows as entered."""
    cleaned = clean_entries(entries)
    data: dict[str, Any] = {REGION_FIELD: [entry["region"] for entry in cleaned]}
    for entry in cleaned:
        data[NOTE_FIELD_PREFIX + entry["region"]] = entry["note"]
    return data


@dataclass(frozen=True)
class BodyMapRow:
    """One region as the template shows it: a checkbox, its label and its note input."""

    code: str
    label: str | Promise
    view: str
    checked: bool
    note: str

    @property
    def checkbox_id(self) -> str:
        return f"body-map-{self.code.replace('_', '-')}"

    @property
    def note_id(self) -> str:
        return f"body-map-note-{self.code.replace('_', '-')}"

    @property
    def conditional_id(self) -> str:
        return f"conditional-body-map-{self.code.replace('_', '-')}"

    @property
    def note_name(self) -> str:
        return NOTE_FIELD_PREFIX + self.code


def body_map_rows(entries: Any = None) -> list[BodyMapRow]:
    """Every region, in order, marked with what is already recorded (for the template)."""
    notes = {entry["region"]: entry["note"] for entry in clean_entries(entries)}
    return [
        BodyMapRow(
            region.code, region.label, region.view, region.code in notes, notes.get(region.code, "")
        )
        for region in BODY_REGIONS
    ]


def body_map_context(entries: Any = None, errors: list[str] | None = None) -> dict[str, Any]:
    """What concerns/_body_map.html needs when included directly rather than as a form field."""
    return {
        "body_map_rows": body_map_rows(entries),
        "body_map_errors": errors or [],
        "body_map_labels": {region.code: region.label for region in BODY_REGIONS},
        "region_field": REGION_FIELD,
    }


def body_map_display(entries: Any) -> list[dict[str, str | Promise]]:
    """Recorded entries for reading back: each region's label and the note, in list order."""
    return [
        {"region": entry["region"], "label": region_label(entry["region"]), "note": entry["note"]}
        for entry in clean_entries(entries)
    ]


class BodyMapWidget(forms.Widget):
    """Reads the fixed field names; the field's own template renders the whole fieldset."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[BodyMapEntry]:
        return entries_from_form_data(data)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # An unticked list is an answer ("no injuries marked"), not a missing field.
        return False


class BodyMapBoundField(BoundField):
    def get_context(self) -> dict[str, Any]:
        errors = [str(error) for error in self.errors]
        return {"field": self, **body_map_context(self.value(), errors)}


class BodyMapField(forms.Field):
    """A form field for the body map: cleans to a list of {"region", "note"} entries.

    Rendered by ``{{ form }}`` (and ``{{ form.body_map.as_field_group }}``) through
    concerns/_body_map.html; optional unless required=True is passed.
    """

    widget = BodyMapWidget
    default_error_messages = {
        "note_too_long": _("The note for %(region)s must be %(max)s characters or fewer."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Injuries by body region"))
        kwargs.setdefault("template_name", "concerns/_body_map.html")
        super().__init__(**kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return BodyMapBoundField(form, self, field_name)

    def prepare_value(self, value: Any) -> list[BodyMapEntry]:
        return clean_entries(value)

    def to_python(self, value: Any) -> list[BodyMapEntry]:
        return clean_entries(value)

    def validate(self, value: list[BodyMapEntry]) -> None:
        super().validate(value)
        for entry in value:
            if len(entry["note"]) > NOTE_MAX_LENGTH:
                raise ValidationError(
                    self.error_messages["note_too_long"],
                    code="note_too_long",
                    params={"region": region_label(entry["region"]), "max": NOTE_MAX_LENGTH},
                )

    def has_changed(self, initial: Any, data: Any) -> bool:
        return clean_entries(initial) != clean_entries(data)
