"""The reporter's forms. Every field but "what happened" is optional; any script is accepted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .content import SIGNS, ReportContent
from .photos import CleanPhoto, NotAPhoto, cleaned

MAX_PHOTOS = 5
MAX_TEXT = 20_000
MAX_SHORT = 2_000


class _Photos(forms.FileField):
    """Several photos from one file input."""

    widget: Any = forms.ClearableFileInput

    def __init__(self, **kwargs: Any) -> None:
        accept = {"accept": "image/jpeg,image/png,image/webp"}
        kwargs.setdefault("widget", _MultiplePhotos(attrs=accept))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanPhoto]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Choose up to %(count)s photos.") % {"count": MAX_PHOTOS})
        photos = []
        for upload in files:
            assert isinstance(upload, UploadedFile)
            try:
                photos.append(cleaned(upload.read()))
            except NotAPhoto:
                raise forms.ValidationError(
                    _(
                        "Each file must be a photo (JPEG, PNG or WebP) smaller than 8 MB. "
                        "Documents cannot be added: describe them in words instead."
                    )
                ) from None
        return photos


class _MultiplePhotos(forms.ClearableFileInput):
    allow_multiple_selected = True


def _text(label: Any, *, required: bool = False, limit: int = MAX_SHORT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Tell us what you saw or heard."),
            "max_length": _("This is too long. Shorten it, or send the rest later as a message."),
        },
    )


class ReportForm(forms.Form):
    what = _text(_("What did you see or hear?"), required=True, limit=MAX_TEXT)
    where = _text(_("Where was it? For example, a place, a street or the name of a business."))
    when = _text(_("When was it? A date, a time or “most evenings” is fine."))
    people = _text(_("Who was involved? Describe them: you do not need their names."))
    vehicles = _text(_("Were there any vehicles? Colour, make, part of the number plate."))
    signs = forms.MultipleChoiceField(
        label=_("Did you notice any of these signs?"),
        required=False,
        choices=[(code, label) for code, label in SIGNS],
        widget=forms.CheckboxSelectMultiple,
    )
    photos = _Photos(label=_("Photos (optional)"), required=False)
    contact = _text(
        _("If you want us to be able to contact you, how? Leave this empty to stay anonymous.")
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def content(self) -> ReportContent:
        data = self.cleaned_data
        return ReportContent(
            what=data["what"],
            where=data["where"],
            when=data["when"],
            people=data["people"],
            vehicles=data["vehicles"],
            signs=tuple(data["signs"]),
            contact=data["contact"],
        )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt"), max_length=80, strip=True)


class LastGroupForm(forms.Form):
    last_group = forms.CharField(
        label=_("Type the last group of your receipt"), max_length=20, strip=True
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your message.")},
    )
    photos = _Photos(label=_("Photos (optional)"), required=False)
