"""Template filters for GOV.UK form markup."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def error_target(field: BoundField) -> str:
    """The id an error summary link should move focus to.

    A group of radios or checkboxes has no single labelled input (Django gives '' for it),
    so the link goes to the first option, as the GOV.UK error summary expects."""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
