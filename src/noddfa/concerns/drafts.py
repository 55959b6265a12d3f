"""Keeping a half-written concern: form data in, form initial values out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from .body_map import BodyMapField, read_body_map

_NOT_KEPT = {"csrfmiddlewaretoken", "save_draft", "submit", "form_token"}


def without_nul(post: QueryDict) -> QueryDict:
    """The posted answers with NUL characters taken out: they are never meant, a browser or a
    paste can carry them, and PostgreSQL refuses them in text and JSON."""
    cleaned = post.copy()
    for key in cleaned:
        cleaned.setlist(key, [value.replace("\x00", "") for value in cleaned.getlist(key)])
    return cleaned


def without_nul_in(data: dict[str, list[str]]) -> dict[str, list[str]]:
    return {
        key.replace("\x00", ""): [str(value).replace("\x00", "") for value in values]
        for key, values in data.items()
    }


def data_from(post: QueryDict) -> dict[str, list[str]]:
    return without_nul_in({key: post.getlist(key) for key in post if key not in _NOT_KEPT})


def initial_for(
    form_class: type[forms.Form], data: dict[str, list[str]], prefix: str = ""
) -> dict[str, Any]:
    """The initial values for a form from saved draft data."""
    initial: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, BodyMapField):
            # The body map keeps its own field names (one per region).
            initial[name] = read_body_map(data)
            continue
        key = f"{prefix}-{name}" if prefix else name
        if key not in data:
            continue
        values = data[key]
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = values
        elif isinstance(field, forms.BooleanField):
            initial[name] = bool(values) and values[0] not in ("", "off", "false")
        else:
            initial[name] = values[0] if values else ""
    return initial
