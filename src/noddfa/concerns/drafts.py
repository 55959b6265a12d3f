"""Keeping a half-written concern: form data in, form initial values out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from .body_map import BodyMapField, read_body_map

_NOT_KEPT = {"csrfmiddlewaretoken", "save_draft", "submit"}


def data_from(post: QueryDict) -> dict[str, list[str]]:
    return {key: post.getlist(key) for key in post if key not in _NOT_KEPT}


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
