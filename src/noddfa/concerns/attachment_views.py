"""Attaching files to a concern and downloading them: both access-checked, both audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from noddfa.accounts.models import User
from noddfa.core.forms import GovukForm
from noddfa.core.http import signed_in_user

from .attachments import (
    AttachmentRejected,
    AttachmentStoreUnavailable,
    attach_file,
    attachment_for,
    attachments_for,
    concern_for_attaching,
    download_name,
    kind_label,
    max_megabytes,
    open_for_download,
    store_unavailable,
)
from .models import Concern
from .permissions import can_add_addendum

if TYPE_CHECKING:  # Django's lazy text as its stubs type it: a str or a lazy str
    from django_stubs_ext import StrOrPromise


def _file_hint() -> str:
    return gettext("PDF, JPEG, PNG, HEIC or WebP, smaller than %(size)s MB.") % {
        "size": max_megabytes()
    }


class AttachmentForm(GovukForm):
    description = forms.CharField(
        label=_("What the file is"),
        max_length=200,
        help_text=_("For example, ‘photo of the front of a payslip’."),
        error_messages={"required": _("Enter what the file is.")},
    )
    file = forms.FileField(
        label=_("Upload a file"),
        # Lazy, so the limit follows settings and the hint the reader's language.
        help_text=lazy(_file_hint, str)(),
        error_messages={
            "required": _("Choose a file to attach."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file to attach."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(settings.ATTACHMENT_TYPES))


@dataclass(frozen=True)
class AttachmentRow:
    """One line of the attachments table, with everything already in display form."""

    description: str
    kind: str | Promise
    size: int
    uploaded_by: str
    uploaded_at: datetime
    url: str


def attachments_context(user: User, concern: Concern) -> dict[str, Any]:
    """What concerns/_attachments.html needs; the concern detail view merges it in."""
    rows = [
        AttachmentRow(
            description=attachment.description,
            kind=kind_label(attachment.content_type),
            size=attachment.size,
            uploaded_by=attachment.uploaded_by.full_name,
            uploaded_at=attachment.uploaded_at,
            url=reverse("concerns:attachment", args=[attachment.pk]),
        )
        for attachment in attachments_for(user, concern)
    ]
    can_attach = can_add_addendum(user, concern)
    return {
        "attachment_rows": rows,
        "can_attach": can_attach,
        "attachment_form": AttachmentForm() if can_attach else None,
    }


class _SizeCappedUploadHandler(FileUploadHandler):
    """Stops reading a file part once it passes the limit.

    Without this Django would spool a file of any size to its temporary directory before
    the view could refuse it: a disk-filling risk, and personal data left outside the store.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.too_large = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.ATTACHMENT_MAX_BYTES:
            self.too_large = True
            # Drain the rest of the body rather than reset, so the browser gets our page.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _back_to_concern(concern: Concern) -> HttpResponse:
    return redirect(reverse("concerns:detail", args=[concern.pk]) + "#attachments")


def _first_error(form: AttachmentForm) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return str(_("The file could not be attached."))


@csrf_protect
def _upload(
    request: HttpRequest, concern_id: uuid.UUID, cap: _SizeCappedUploadHandler
) -> HttpResponse:
    user = signed_in_user(request)
    concern = concern_for_attaching(user, concern_id)
    form = AttachmentForm(request.POST, request.FILES)
    if cap.too_large:
        messages.error(
            request,
            _("The file must be smaller than %(size)s MB.") % {"size": max_megabytes()},
        )
        return _back_to_concern(concern)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back_to_concern(concern)
    try:
        attach_file(user, concern, form.cleaned_data["file"], form.cleaned_data["description"])
    except AttachmentRejected as rejected:
        messages.error(request, cast("StrOrPromise", rejected.message))  # a lazy str
        return _back_to_concern(concern)
    messages.success(request, _("The file was attached."))
    return _back_to_concern(concern)


# CSRF is checked inside, after the size cap is in place: the CSRF middleware reads the
# body, and upload handlers can only be added before anything has read it.
@csrf_exempt
@login_required
@require_POST
def upload(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    cap = _SizeCappedUploadHandler(request)
    request.upload_handlers.insert(0, cap)
    try:
        return _upload(request, concern_id, cap)
    except OSError as error:
        # Spooling the upload or writing it to the store: a full disk or an unwritable
        # folder is said plainly, not as the generic server error.
        unavailable = store_unavailable(error)
        if unavailable is None:
            raise
        return _store_unavailable_page(request, concern_id, unavailable)


def _store_unavailable_page(
    request: HttpRequest, concern_id: uuid.UUID, problem: AttachmentStoreUnavailable
) -> HttpResponse:
    return render(
        request,
        "concerns/attachment_not_stored.html",
        {"concern_id": concern_id, "disk_full": problem.disk_full},
        status=507 if problem.disk_full else 503,
    )


@login_required
@require_GET
def download(request: HttpRequest, attachment_id: uuid.UUID) -> HttpResponseBase:
    """The file, as a download only; audited as an export because it leaves the system."""
    user = signed_in_user(request)
    try:
        attachment = attachment_for(user, attachment_id)
    except Http404:
        # Nothing in the body: not even a page that says a record might exist.
        return HttpResponseNotFound(b"", content_type="text/plain")
    stored = open_for_download(user, attachment)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # Should a browser render it anyway, it runs no script and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
