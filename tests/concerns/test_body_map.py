from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string

from noddfa.concerns.body_map import (
    BODY_REGIONS,
    NOTE_MAX_LENGTH,
    REGION_CODES,
    BodyMapField,
    body_map_context,
    body_map_display,
    entries_from_form_data,
    form_data_from_entries,
    read_body_map,
)
from noddfa.core.forms import GovukForm

SCSS = Path(__file__).parents[2] / "src" / "noddfa" / "static" / "scss" / "_body_map.scss"


def posted(**fields: str | list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each label by its for=."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "label":
            self._label_for = attributes.get("for")
            if self._label_for:
                self.labels[self._label_for] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._label_for:
            self.labels[self._label_for] += data

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(key) == value for key, value in wanted.items())
        ]


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


# --- reading what was posted ---------------------------------------------------------------


def test_only_known_regions_are_kept_in_list_order_with_tidied_notes() -> None:
    data = posted(
        body_map_region=["left_arm", "elbow_of_doom", "head", "head"],
        body_map_note_head="  bruise on the   forehead\n ",
        body_map_note_elbow_of_doom="ignored",
    )
    assert entries_from_form_data(data) == [
        {"region": "head", "note": "bruise on the forehead"},
        {"region": "left_arm", "note": ""},
    ]


def test_a_note_for_an_unticked_region_is_not_kept() -> None:
    data = posted(body_map_region="face", body_map_note_chest="cut")
    assert entries_from_form_data(data) == [{"region": "face", "note": ""}]


def test_read_body_map_never_fails_and_cuts_long_notes_to_the_limit() -> None:
    data = posted(body_map_region="chest", body_map_note_chest="x" * (NOTE_MAX_LENGTH + 50))
    [entry] = read_body_map(data)
    assert len(entry["note"]) == NOTE_MAX_LENGTH


def test_a_plain_dict_such_as_a_saved_draft_is_read_too() -> None:
    data = {"body_map_region": ["neck", "unknown"], "body_map_note_neck": " red marks "}
    assert read_body_map(data) == [{"region": "neck", "note": "red marks"}]


def test_entries_go_back_to_form_data_and_round_trip() -> None:
    entries = [
        {"region": "right_foot", "note": "swollen ankle"},
        {"region": "nonsense", "note": "dropped"},
        {"region": "back_upper", "note": ""},
    ]
    data = form_data_from_entries(entries)
    assert data["body_map_region"] == ["back_upper", "right_foot"]
    assert read_body_map(data) == [
        {"region": "back_upper", "note": ""},
        {"region": "right_foot", "note": "swollen ankle"},
    ]


def test_recorded_entries_read_back_with_their_labels() -> None:
    shown = body_map_display([{"region": "left_hand", "note": "burn"}, {"region": "x"}])
    assert [(str(row["label"]), row["note"]) for row in shown] == [("Left hand or wrist", "burn")]


def test_region_codes_are_unique_and_every_label_distinct() -> None:
    assert len(set(REGION_CODES)) == len(REGION_CODES)
    assert len({str(region.label) for region in BODY_REGIONS}) == len(BODY_REGIONS)
    assert all(re.fullmatch(r"[a-z_]+", code) for code in REGION_CODES)


# --- as a form field -----------------------------------------------------------------------


class InjuryForm(GovukForm):
    body_map = BodyMapField()


def test_the_field_cleans_to_entries_and_is_optional() -> None:
    form = InjuryForm(posted(body_map_region="abdomen", body_map_note_abdomen="bruising"))
    assert form.is_valid()
    assert form.cleaned_data["body_map"] == [{"region": "abdomen", "note": "bruising"}]
    empty = InjuryForm(posted())
    assert empty.is_valid()
    assert empty.cleaned_data["body_map"] == []


def test_the_field_says_a_note_is_too_long_rather_than_cutting_it() -> None:
    form = InjuryForm(posted(body_map_region="face", body_map_note_face="y" * 501))
    assert not form.is_valid()
    assert form.errors["body_map"] == ["The note for Face must be 500 characters or fewer."]
    html = str(form)
    assert "govuk-form-group--error" in html
    assert "The note for Face must be 500 characters or fewer." in html
    # What was typed is shown again, not lost.
    assert 'value="' + "y" * 501 + '"' in html


def test_the_field_renders_the_fieldset_not_a_stray_label() -> None:
    html = str(InjuryForm(initial={"body_map": [{"region": "neck", "note": "marks"}]}))
    page = parse(html)
    assert len(page.all("fieldset")) == 1
    assert "checked" in page.all("input", name="body_map_region", value="neck")[0]
    assert page.all("input", name="body_map_note_neck")[0]["value"] == "marks"
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert set(page.labels) <= ids, "every label points at an element on the page"


def test_a_plain_django_form_can_use_the_field_too() -> None:
    class Plain(forms.Form):
        injuries = BodyMapField(required=True)

    form = Plain(posted())
    assert not form.is_valid()


# --- the rendered partial ------------------------------------------------------------------


def render(entries: Any = None) -> str:
    return render_to_string("concerns/_body_map.html", body_map_context(entries))


def test_one_labelled_checkbox_and_one_labelled_note_per_region() -> None:
    page = parse(render())
    boxes = page.all("input", type="checkbox", name="body_map_region")
    assert [box["value"] for box in boxes] == list(REGION_CODES)
    for region, box in zip(BODY_REGIONS, boxes, strict=True):
        assert page.labels[str(box["id"])].strip() == str(region.label)
        conditional = box["data-aria-controls"]
        assert page.all("div", id=str(conditional)), "the note is revealed by the Design System"
        [note] = page.all("input", name=f"body_map_note_{region.code}")
        assert str(region.label) in page.labels[str(note["id"])]


def test_the_picture_is_hidden_from_assistive_technology() -> None:
    [svg] = parse(render()).all("svg")
    assert svg["aria-hidden"] == "true"
    assert svg["focusable"] == "false"


def test_every_region_is_drawn_and_every_shape_is_a_known_region() -> None:
    page = parse(render())
    drawn = {attrs["data-region"] for _, attrs in page.tags if "data-region" in attrs}
    assert drawn == set(REGION_CODES)


def test_a_visible_hint_says_the_list_is_the_same_as_the_picture() -> None:
    html = render()
    assert "The picture shows the same regions as the list" in html
    fieldset = parse(html).all("fieldset")[0]
    assert "body-map-hint" in str(fieldset["aria-describedby"])


def test_recorded_regions_are_ticked_and_their_notes_shown() -> None:
    page = parse(render([{"region": "left_leg", "note": "cut below knee"}]))
    [ticked] = [box for box in page.all("input", type="checkbox") if "checked" in box]
    assert ticked["value"] == "left_leg"
    assert page.all("input", name="body_map_note_left_leg")[0]["value"] == "cut below knee"
    # Its note is open without JavaScript; the others start closed once scripts run.
    [open_note] = [
        div
        for div in page.all("div")
        if "govuk-checkboxes__conditional" in str(div.get("class"))
        and "--hidden" not in str(div.get("class"))
    ]
    assert open_note["id"] == "conditional-body-map-left-leg"


def test_notes_are_escaped() -> None:
    html = render([{"region": "face", "note": '"><script>alert(1)</script>'}])
    assert "<script>alert(1)" not in html


def test_no_inline_style_or_script_that_the_content_security_policy_would_block() -> None:
    html = render([{"region": "chest", "note": "x"}])
    assert "style=" not in html
    assert " on" + "click" not in html.lower()
    page = parse(html)
    assert all(script.get("src") for script in page.all("script"))


@pytest.mark.parametrize("code", REGION_CODES)
def test_the_stylesheet_highlights_every_region(code: str) -> None:
    listed = re.search(r"\$noddfa-body-map-regions:\s*\(([^)]*)\)", SCSS.read_text())
    assert listed is not None
    assert code in {name.strip() for name in listed.group(1).split(",")}
