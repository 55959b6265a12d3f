"""GOV.UK Design System markup for Django forms.

Every form in Noddfa renders through these templates, so labels, hints, error messages and
the error summary follow the Design System patterns without each page repeating them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

_WIDGET_CLASSES = {
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukForm(forms.Form):
    """A form whose widgets carry the Design System classes and ARIA descriptions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self:
            widget = bound.field.widget
            widget.attrs.setdefault("class", _WIDGET_CLASSES.get(bound.widget_type, "govuk-input"))
            if bound.help_text and bound.widget_type not in (
                "radioselect",
                "checkboxselectmultiple",
            ):
                widget.attrs["aria-describedby"] = f"{bound.auto_id}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            widget = bound.field.widget
            css = widget.attrs.get("class", "")
            extra = _ERROR_CLASSES.get(css.split(" ")[0])
            if extra and extra not in css:
                widget.attrs["class"] = f"{css} {extra}"
            described = [f"{bound.auto_id}-error"]
            if bound.help_text:
                described.insert(0, f"{bound.auto_id}-hint")
            if bound.widget_type not in ("radioselect", "checkboxselectmultiple"):
                widget.attrs["aria-describedby"] = " ".join(described)
